"""push.send_push: one FCM message per token, neutral notification and string data; what each answer means."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from firebase_admin import exceptions, messaging

from stepping_stones import push
from stepping_stones.domain.notify_messages import push_payload

PAYLOAD = push_payload("micro_win", "win-0123456789abcdef0123456789abcdef")
APP = object()


@pytest.fixture
def fcm(monkeypatch):
    """messaging.send_each stubbed: records the messages and answers from `answers` (token -> error or None)."""
    sent = SimpleNamespace(messages=[], app=None, answers={}, raises=None)

    def send_each(messages, app=None):
        sent.messages, sent.app = messages, app
        if sent.raises:
            raise sent.raises
        return SimpleNamespace(responses=[
            SimpleNamespace(success=sent.answers.get(m.token) is None, message_id=f"id-{m.token}",
                            exception=sent.answers.get(m.token)) for m in messages])

    monkeypatch.setattr(messaging, "send_each", send_each)
    monkeypatch.setattr(push, "get_firebase_app", lambda config: APP)
    return sent


def test_each_token_gets_a_message_with_the_neutral_title_body_and_string_data_only(fcm):
    results = push.send_push(["t1", "t2"], PAYLOAD)

    assert [m.token for m in fcm.messages] == ["t1", "t2"] and fcm.app is APP
    for message in fcm.messages:
        assert (message.notification.title, message.notification.body) == (PAYLOAD["title"], PAYLOAD["body"])
        assert message.data == PAYLOAD["data"]
        assert message.android.notification.visibility == "private"
    assert [(r.token, r.message_id, r.ok) for r in results] == [("t1", "id-t1", True), ("t2", "id-t2", True)]
    encoded = json.loads(str(fcm.messages[0]))  # as firebase-admin sends it to FCM
    assert set(encoded) == {"token", "notification", "data", "android"}
    assert encoded["android"] == {"notification": {"visibility": "PRIVATE"}}


def test_stale_rejected_and_transient_answers_are_told_apart(fcm):
    fcm.answers = {"gone": messaging.UnregisteredError("x"), "foreign": messaging.SenderIdMismatchError("x"),
                   "malformed": exceptions.InvalidArgumentError("x"), "busy": messaging.QuotaExceededError("x"),
                   "down": exceptions.UnavailableError("x")}
    results = {r.token: r for r in push.send_push(["ok", *fcm.answers], PAYLOAD)}

    assert [t for t, r in results.items() if r.ok] == ["ok"]
    assert [t for t, r in results.items() if r.stale] == ["gone", "foreign"]
    assert [t for t, r in results.items() if r.transient] == ["busy", "down"]
    assert results["down"].error_code == "UnavailableError"


def test_when_the_whole_call_fails_every_token_carries_the_error_and_is_retried(fcm):
    fcm.raises = ConnectionError("no route to FCM")
    results = push.send_push(["t1", "t2"], PAYLOAD)

    assert [(r.ok, r.transient, r.error_code) for r in results] == [(False, True, "ConnectionError")] * 2


def test_no_tokens_no_call(fcm):
    assert push.send_push([], PAYLOAD) == []
    assert fcm.messages == []
