"""The one function that talks to FCM: firebase-admin `messaging.send_each`, one message a device token.

Everything else (who, when, how often, what happens after an error) is decided in
services/delivery.py; tests replace `send_push` there and nothing else.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from firebase_admin import exceptions, messaging

from .config import Config
from .firebase_app import get_firebase_app

# The token is dead: remove that device.
STALE_ERRORS = (messaging.UnregisteredError, messaging.SenderIdMismatchError)
# FCM refused the message for good (a malformed token or payload): no retry, but keep the device.
REJECTED_ERRORS = (exceptions.InvalidArgumentError,)


@dataclass(frozen=True)
class PushResult:
    """What FCM answered for one device token: a message id, or the error it raised."""

    token: str
    message_id: str | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.message_id is not None

    @property
    def stale(self) -> bool:
        return isinstance(self.error, STALE_ERRORS)

    @property
    def transient(self) -> bool:
        """Worth retrying: unavailable, internal, quota, deadline, network... anything not known final."""
        return not self.ok and not isinstance(self.error, STALE_ERRORS + REJECTED_ERRORS)

    @property
    def error_code(self) -> str:
        """The error's class name: what the outbox records (never the token or the message)."""
        return type(self.error).__name__ if self.error is not None else "NoMessageId"


def build_message(token: str, payload: dict[str, Any]) -> messaging.Message:
    """A message for one device: the payload's neutral title and body, and its data (strings only).
    Android is asked to hide even that on a secure lock screen.

    Addressed by FCM registration token, which is what the app registers (`fcm_token`).
    firebase-admin 7.5 deprecated `Message.token` in favour of `fid` (the Firebase installation
    ID); tokens are still accepted, so the warning is silenced here, and only here, until the app
    registers its installation ID too."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Message.token is deprecated", DeprecationWarning)
        return messaging.Message(
            token=token,
            notification=messaging.Notification(title=payload["title"], body=payload["body"]),
            data={key: str(value) for key, value in payload["data"].items()},
            android=messaging.AndroidConfig(notification=messaging.AndroidNotification(visibility="private")),
        )


def send_push(tokens: list[str], payload: dict[str, Any]) -> list[PushResult]:
    """Send `payload` (see domain/notify_messages.push_payload) to each token; one result a token,
    in order. Never raises: when the whole call fails, every token carries that error."""
    if not tokens:
        return []
    messages = [build_message(token, payload) for token in tokens]
    try:
        batch = messaging.send_each(messages, app=get_firebase_app(Config.from_env()))
    except Exception as error:  # noqa: BLE001 - network, credentials, FCM down: retried with backoff
        return [PushResult(token, error=error) for token in tokens]
    return [
        PushResult(token, response.message_id if response.success else None, response.exception)
        for token, response in zip(tokens, batch.responses, strict=False)
    ]
