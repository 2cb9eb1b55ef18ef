"""A check-in or mood of 0 or 1 answers with where help is, once a local day, in the PUT and in a sync item."""
from __future__ import annotations

from tests.support.bodies import a_checkin, a_mood


def test_the_days_first_low_check_in_gets_the_hint_and_its_identical_retry_the_same(client_with_profile):
    first = client_with_profile.put("/v1/checkins/c1", a_checkin(mood=0))
    assert first.status_code == 201
    hint = first.json["help"]
    assert hint["help_path"] == "/v1/help" and "Nobody watches this app in real time" in hint["message"]
    retry = client_with_profile.put("/v1/checkins/c1", a_checkin(mood=0))
    assert retry.status_code == 200 and retry.json == first.json
    assert "help" not in client_with_profile.get("/v1/checkins/c1").json


def test_a_second_low_value_that_day_gets_none_and_the_next_day_gets_one_again(client_with_profile):
    assert "help" in client_with_profile.put("/v1/moods/m1", a_mood(rating=1)).json
    assert "help" not in client_with_profile.put("/v1/moods/m2", a_mood(rating=0)).json
    assert "help" not in client_with_profile.put("/v1/checkins/c1", a_checkin(mood=1)).json
    assert "help" in client_with_profile.put("/v1/moods/m3", a_mood(at="2026-03-03T09:30:00+01:00", rating=1)).json


def test_a_rating_of_two_or_more_gets_no_hint(client_with_profile):
    assert "help" not in client_with_profile.put("/v1/checkins/c1", a_checkin(mood=2)).json
    assert "help" not in client_with_profile.put("/v1/moods/m1", a_mood(rating=5)).json


def test_a_sync_item_carries_the_hint_as_its_route_would(client_with_profile):
    response = client_with_profile.post("/v1/sync", {"operations": [
        {"method": "PUT", "path": "/v1/moods/m1", "body": a_mood(rating=0)},
        {"method": "PUT", "path": "/v1/moods/m2", "body": a_mood(rating=1)},
    ]})
    first, second = response.json["results"]
    assert first["status"] == 201 and first["body"]["help"]["help_path"] == "/v1/help"
    assert second["status"] == 201 and "help" not in second["body"]
