"""Instants land on the client's day: UTC (what toISOString sends) in the profile's zone, a real offset at itself."""
from __future__ import annotations

import pytest

from tests.support.bodies import a_breathing, a_mood, a_profile


@pytest.fixture
def honolulu(new_user, clock):
    clock.set("2026-03-10T07:00:00+00:00")  # 21:00 on 9 March in Honolulu
    user = new_user()
    assert user.put("/v1/me", a_profile(timezone="Pacific/Honolulu")).status_code == 201
    return user


def test_an_evening_sent_with_z_is_dated_on_the_clients_own_day(honolulu):
    # 20:00 on 9 March in Honolulu is 06:00 on 10 March in UTC
    mood = honolulu.put("/v1/moods/m1", a_mood(at="2026-03-10T06:00:00.000Z"))
    breathing = honolulu.put("/v1/breathing/b1", a_breathing(at="2026-03-10T06:30:00+00:00"))

    assert mood.status_code == 201 and breathing.status_code == 201
    assert mood.get_json()["local_date"] == "2026-03-09"
    assert breathing.get_json()["local_date"] == "2026-03-09"
    assert mood.get_json()["at"] == "2026-03-09T20:00:00-10:00"  # the same instant, at the client's offset
    assert honolulu.get("/v1/summary").get_json()["counts"]["last_7_days"]["mood"] == 1
    # an identical retry of the Z body changes nothing
    again = honolulu.put("/v1/moods/m1", a_mood(at="2026-03-10T06:00:00.000Z"))
    assert again.status_code == 200 and again.get_json()["updated_at"] is None


def test_an_instant_with_a_real_offset_is_dated_at_that_offset(honolulu):
    # a phone in Tokyo: 01:00 on 10 March there, 06:00 on 9 March in Honolulu
    mood = honolulu.put("/v1/moods/m1", a_mood(at="2026-03-10T01:00:00+09:00"))

    assert mood.status_code == 201
    assert mood.get_json()["local_date"] == "2026-03-10"
    assert mood.get_json()["at"] == "2026-03-10T01:00:00+09:00"


def test_an_instant_sent_in_utc_that_is_before_2000_where_the_client_lives_is_a_400_naming_it(new_user):
    new_york = new_user()
    new_york.put("/v1/me", a_profile(timezone="America/New_York"))
    response = new_york.put("/v1/moods/m-2000", {"at": "2000-01-01T03:00:00Z", "rating": 5})
    assert response.status_code == 400
    assert "Dated in your time zone" in response.json["error"]["fields"]["at"][0]
    assert new_york.get("/v1/moods/m-2000").status_code == 404
