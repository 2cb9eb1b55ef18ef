"""Devices, notification preferences, the inbox and the therapist profile, over HTTP."""
from __future__ import annotations

import json
from datetime import timedelta

import jsonschema
import pytest

from stepping_stones.domain.notify_timing import win_notification_id
from stepping_stones.storage import get_store
from tests.support.bodies import a_breathing, a_checkin, a_mood, a_profile
from tools.generate_schemas import generated_files

IPHONE = {"fcm_token": "fcm-token-1", "platform": "ios", "app_version": "1.4.2"}


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


def test_a_device_is_registered_then_refreshed_and_its_token_is_never_echoed(client_with_profile, clock, store):
    created = client_with_profile.put("/v1/devices/phone-1", IPHONE)
    clock.current += timedelta(days=3)
    refreshed = client_with_profile.put("/v1/devices/phone-1", IPHONE)

    assert (created.status_code, refreshed.status_code) == (201, 200)
    assert refreshed.json["created_at"] == created.json["created_at"]
    assert refreshed.json["refreshed_at"] > created.json["refreshed_at"]
    assert "fcm_token" not in created.json and "fcm-token-1" not in created.get_data(as_text=True)
    (device,) = store.list_devices(client_with_profile.uid)
    assert (device["fcm_token"], device["platform"], device["app_version"]) == ("fcm-token-1", "ios", "1.4.2")


def test_a_device_needs_a_token_and_a_known_platform(client_with_profile):
    response = client_with_profile.put("/v1/devices/phone-1", {"platform": "blackberry"})

    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {"fcm_token", "platform"}


def test_deleting_a_device_stops_its_pushes_and_deleting_again_is_harmless(client_with_profile, store):
    client_with_profile.put("/v1/devices/phone-1", IPHONE)

    assert client_with_profile.delete("/v1/devices/phone-1").status_code == 204
    assert client_with_profile.delete("/v1/devices/phone-1").status_code == 204
    assert store.list_devices(client_with_profile.uid) == []


def test_a_token_signed_in_by_another_user_on_a_shared_phone_no_longer_gets_the_first_users_pushes(new_user, store):
    first, second = new_user(), new_user()
    first.put("/v1/me", a_profile())
    second.put("/v1/me", a_profile())
    first.put("/v1/devices/phone", IPHONE)
    second.put("/v1/devices/phone", IPHONE)

    assert store.list_devices(first.uid) == []
    assert [d["id"] for d in store.list_devices(second.uid)] == ["phone"]


def test_therapists_register_devices_too(new_user, store):
    therapist = new_user("therapist")
    therapist.put("/v1/therapist/profile", {"display_name": "Dr Lee", "timezone": "Europe/Berlin"})
    assert therapist.put("/v1/devices/laptop", {"fcm_token": "web-1", "platform": "web"}).status_code == 201
    assert [d["platform"] for d in store.list_devices(therapist.uid)] == ["web"]


def test_a_device_needs_a_profile_first_and_nothing_is_written_without_one(new_user, store):
    stranger = new_user()
    refused = stranger.put("/v1/devices/phone", {"fcm_token": "tok-1", "platform": "ios"})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "profile_required"
    assert store.list_devices(stranger.uid) == []


def test_notification_preferences_take_defaults_and_are_checked(new_user):
    user = new_user()
    assert user.put("/v1/me", a_profile()).json["notifications"] == {
        "micro_wins": True, "reminders": True, "digest": True, "max_per_day": 2}

    saved = user.put("/v1/me", a_profile(reminder_time="19:30", notifications={"micro_wins": False}))
    assert saved.json["notifications"] == {"micro_wins": False, "reminders": True, "digest": True, "max_per_day": 2}
    assert user.get("/v1/me").json["notifications"]["micro_wins"] is False
    assert "next_reminder_due" not in saved.json

    refused = user.put("/v1/me", a_profile(notifications={"max_per_day": 11, "reminders": "maybe"}))
    assert refused.status_code == 400
    assert set(refused.json["error"]["fields"]["notifications"]) == {"max_per_day", "reminders"}


def test_the_inbox_lists_full_texts_newest_first_a_page_at_a_time(client_with_profile, clock):
    user = client_with_profile
    for body, path in ((a_checkin(on="2026-03-10"), "/v1/checkins/c1"), (a_mood(at="2026-03-10T09:30:00+01:00"), "/v1/moods/m1"),
                       (a_breathing(at="2026-03-10T08:00:00+01:00"), "/v1/breathing/b1")):
        assert user.put(path, body).status_code == 201
        clock.current += timedelta(minutes=1)
    wins = {w["id"]: w for w in user.get("/v1/wins").json["items"]}

    first = user.get("/v1/notifications", limit=2)
    second = user.get("/v1/notifications", limit=2, cursor=first.json["next_cursor"])

    items = first.json["items"] + second.json["items"]
    assert second.json["next_cursor"] is None
    assert [item["win_id"] for item in items] == ["first-entry:breathing", "first-entry:mood", "first-entry:checkin"]
    for item in items:
        assert item["body"] == wins[item["win_id"]]["message"]
        assert (item["type"], item["status"], item["read_at"]) == ("micro_win", "pending", None)
        assert item["id"] == win_notification_id(item["win_id"], user.uid)


def test_marking_a_notification_read_is_idempotent_and_private(client_with_profile, new_user, clock):
    client_with_profile.put("/v1/checkins/c1", a_checkin(on="2026-03-10"))
    (item,) = client_with_profile.get("/v1/notifications").json["items"]

    first = client_with_profile.post(f"/v1/notifications/{item['id']}/read")
    clock.current += timedelta(hours=1)
    again = client_with_profile.post(f"/v1/notifications/{item['id']}/read")

    assert first.status_code == again.status_code == 200
    assert first.json["read_at"] == again.json["read_at"] is not None
    assert client_with_profile.get("/v1/notifications").json["items"][0]["read_at"] == first.json["read_at"]
    assert new_user().post(f"/v1/notifications/{item['id']}/read").status_code == 404
    assert client_with_profile.post("/v1/notifications/no-such-id/read").status_code == 404


def test_the_therapist_profile_sets_when_the_digest_comes(new_user):
    therapist = new_user("therapist")
    assert therapist.get("/v1/therapist/profile").status_code == 404

    created = therapist.put("/v1/therapist/profile", {"display_name": "Dr Lee", "timezone": "Europe/Berlin"})
    assert created.status_code == 201
    assert created.json["digest"] == {"weekday": 0, "time": "08:00"}
    assert "next_digest_due" not in created.json

    off = therapist.put("/v1/therapist/profile", {"display_name": "Dr Lee", "timezone": "Europe/Berlin", "digest": None})
    assert (off.status_code, off.json["digest"]) == (200, None)
    assert therapist.get("/v1/therapist/profile").json["digest"] is None

    refused = therapist.put("/v1/therapist/profile", {"display_name": "Dr Lee", "timezone": "Mars/Olympus",
                                                      "digest": {"weekday": 7, "time": "25:00"}})
    assert refused.status_code == 400
    assert set(refused.json["error"]["fields"]) == {"timezone", "digest"}
    blank = therapist.put("/v1/therapist/profile", {"display_name": "  ", "timezone": "Europe/Berlin"})
    assert blank.status_code == 400 and set(blank.json["error"]["fields"]) == {"display_name"}


def test_notification_responses_validate_against_the_published_json_schemas(client_with_profile, new_user):
    files = generated_files()

    def schema(name):
        return json.loads(next(text for path, text in files.items() if path.name == f"{name}.json"))

    user, therapist = client_with_profile, new_user("therapist")
    user.put("/v1/checkins/c1", a_checkin(on="2026-03-10"))
    page = user.get("/v1/notifications")
    checks = [
        (user.put("/v1/devices/d1", IPHONE), "Device"),
        (page, "NotificationPage"),
        (user.post(f"/v1/notifications/{page.json['items'][0]['id']}/read"), "Notification"),
        (user.get("/v1/me"), "Profile"),
        (therapist.put("/v1/therapist/profile", {"display_name": "Dr Lee", "timezone": "Europe/Berlin"}), "TherapistProfile"),
    ]
    for response, name in checks:
        assert response.status_code < 300, response.json
        jsonschema.validate(response.json, schema(name))


def test_the_inbox_keeps_a_restated_wins_numbers_in_step_with_the_win(client_with_profile):
    user, step = client_with_profile, {"title": "One small step", "done_when": "I did it once"}
    user.put("/v1/goals/g", {"title": "Speak up", "why": "To be heard"})
    for step_id in ("a", "b"):
        user.put(f"/v1/goals/g/steps/{step_id}", step)
    user.post("/v1/goals/g/steps/a/done", {"done_on": "2026-03-09"})
    first = _inbox_item_of(user, "step-done")
    user.put("/v1/goals/g/steps/c", step)  # a third step: the win is restated, "1 of 3"

    (win,) = [w for w in user.get("/v1/wins").json["items"] if w["rule"] == "step-done"]
    item = _inbox_item_of(user, "step-done")
    assert "1 of 2" in first["body"] and "1 of 3" in win["message"]
    assert item["body"] == win["message"]
    assert (item["id"], item["created_at"], item["read_at"]) == (first["id"], first["created_at"], first["read_at"])
    assert len(user.get("/v1/notifications").json["items"]) == len(user.get("/v1/wins").json["items"])


def _inbox_item_of(user, rule: str) -> dict:
    wins = {w["id"] for w in user.get("/v1/wins").json["items"] if w["rule"] == rule}
    (item,) = [n for n in user.get("/v1/notifications").json["items"] if n["win_id"] in wins]
    return item
