"""A stand-in for `push.send_push`, the one function that talks to FCM, and small notification helpers."""
from __future__ import annotations

from datetime import datetime

from stepping_stones.push import PushResult
from stepping_stones.services import devices, profile


class FakeFcm:
    """Records every call and answers per token: a message id, or the error set for that token.
    `outage` set: the whole call raises it, as send_each does when FCM cannot be reached."""

    def __init__(self):
        self.calls: list[tuple[list[str], dict]] = []
        self.errors: dict[str, Exception] = {}
        self.outage: Exception | None = None

    def __call__(self, tokens: list[str], payload: dict) -> list[PushResult]:
        self.calls.append((list(tokens), payload))
        if self.outage is not None:
            raise self.outage
        return [PushResult(token, error=self.errors[token]) if token in self.errors
                else PushResult(token, message_id=f"projects/demo/messages/{len(self.calls)}-{n}")
                for n, token in enumerate(tokens)]

    @property
    def payloads(self) -> list[dict]:
        return [payload for _, payload in self.calls]

    def sent_ids(self) -> list[str]:
        return [payload["data"]["notification_id"] for payload in self.payloads]


def a_client(store, uid: str, now: datetime, *, tokens=None, **fields) -> str:
    """A client with a profile (Berlin unless told) and a registered device per token (one of its own
    unless told: a token belongs to one user at a time)."""
    body = {"display_name": "Sam", "timezone": "Europe/Berlin", "reminder_time": None, "quiet_hours": None, **fields}
    profile.save_profile(store, uid, "client", body, now)
    for n, token in enumerate(tokens if tokens is not None else [f"{uid}-token"]):
        devices.put_device(store, uid, f"phone-{n}", {"fcm_token": token, "platform": "ios", "app_version": "1.0"}, now)
    return uid
