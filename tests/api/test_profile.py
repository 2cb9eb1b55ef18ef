"""GET and PUT /v1/me: the client's profile."""
from __future__ import annotations

import pytest

from tests.support.bodies import a_profile


def test_the_first_put_creates_the_profile_and_later_ones_update_it(new_user, clock):
    user = new_user()
    created = user.put("/v1/me", a_profile(reminder_time="20:30", quiet_hours={"start": "22:00", "end": "07:00"}))
    assert created.status_code == 201
    assert created.json["created_at"] == created.json["updated_at"]

    clock.set("2026-03-11T09:00:00+00:00")
    updated = user.put("/v1/me", a_profile(timezone="Pacific/Auckland", display_name="Sam R."))
    assert updated.status_code == 200
    assert updated.json["created_at"] == created.json["created_at"]
    assert updated.json["updated_at"] == "2026-03-11T09:00:00+00:00"

    stored = user.get("/v1/me").json
    assert stored["timezone"] == "Pacific/Auckland"
    assert stored["display_name"] == "Sam R."
    assert stored["reminder_time"] is None  # PUT replaces: an omitted optional field is cleared
    assert stored["role"] == "client"


def test_reading_a_profile_that_does_not_exist_says_no_profile_yet_as_every_other_route_does(new_user):
    user = new_user()
    read, summary = user.get("/v1/me"), user.get("/v1/summary")
    assert read.status_code == summary.status_code == 409
    assert read.json == summary.json
    assert read.json["error"]["code"] == "profile_required" and "PUT /v1/me" in read.json["error"]["message"]


def test_the_same_profile_again_keeps_updated_at_and_writes_nothing(new_user, clock):
    user = new_user()
    first = user.put("/v1/me", a_profile(reminder_time="20:30")).json
    clock.set("2026-03-12T09:00:00+00:00")
    again = user.put("/v1/me", a_profile(reminder_time="20:30"))
    assert again.status_code == 200
    assert again.json == first
    changed = user.put("/v1/me", a_profile(reminder_time="21:00")).json
    assert changed["updated_at"] == "2026-03-12T09:00:00+00:00"


@pytest.mark.parametrize(
    "body, field",
    [
        (a_profile(timezone="Mars/Olympus"), "timezone"),
        (a_profile(timezone="europe/berlin"), "timezone"),
        (a_profile(timezone=""), "timezone"),
        (a_profile(timezone=5), "timezone"),
        (a_profile(display_name=""), "display_name"),
        (a_profile(display_name="   "), "display_name"),
        (a_profile(reminder_time="24:00"), "reminder_time"),
        (a_profile(reminder_time="8:30"), "reminder_time"),
        (a_profile(quiet_hours={"start": "22:00"}), "quiet_hours"),
        (a_profile(quiet_hours={"start": "22:00", "end": "25:00"}), "quiet_hours"),
        (a_profile(role="therapist"), "role"),
        (a_profile(created_at="2020-01-01T00:00:00Z"), "created_at"),
        ({"timezone": "Europe/Berlin"}, "display_name"),
    ],
)
def test_an_invalid_profile_is_refused_naming_the_field(new_user, body, field):
    response = new_user().put("/v1/me", body)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


def test_quiet_hours_may_wrap_past_midnight(new_user):
    response = new_user().put("/v1/me", a_profile(quiet_hours={"start": "21:30", "end": "06:45"}))
    assert response.status_code == 201
    assert response.json["quiet_hours"] == {"start": "21:30", "end": "06:45"}


def test_a_therapist_cannot_use_the_client_profile(new_user):
    assert new_user("therapist").put("/v1/me", a_profile()).status_code == 403
