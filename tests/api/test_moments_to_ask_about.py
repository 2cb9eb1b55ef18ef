"""The review's moments to ask about (days with a mood of 0 or 1), acknowledged like a reviewed win,
and the experiments the client plans for the week after the window."""
from __future__ import annotations

import pytest

from tests.support.bodies import a_checkin, a_mood, an_experiment


@pytest.fixture
def share_notes() -> bool:
    return False


def review(therapist, client, query=""):
    return therapist.get(f"/v1/clients/{client.uid}/review{query}").json


def test_the_review_lists_each_day_with_a_mood_of_0_or_1_in_neutral_words(linked, therapist):
    linked.put("/v1/checkins/c1", a_checkin(on="2026-03-04", mood=1))
    linked.put("/v1/moods/m1", a_mood(at="2026-03-06T09:00:00+01:00", rating=0))
    linked.put("/v1/moods/m2", a_mood(at="2026-03-06T19:00:00+01:00", rating=1))
    linked.put("/v1/moods/m3", a_mood(at="2026-03-07T09:00:00+01:00", rating=2))
    linked.put("/v1/moods/m4", a_mood(at="2026-03-08T09:00:00+01:00", rating=1))
    linked.put("/v1/moods/m4", a_mood(at="2026-03-08T09:00:00+01:00", rating=6))  # corrected: no longer low

    moments = review(therapist, linked, "?since=2026-03-01&until=2026-03-09")["moments_to_ask_about"]

    assert [(m["date"], m["acknowledged"], m["acknowledged_at"]) for m in moments] == [
        ("2026-03-04", False, None), ("2026-03-06", False, None)]
    for moment in moments:
        assert "ask" in moment["text"] and "risk" not in moment["text"].lower()
    assert review(therapist, linked, "?since=2026-03-05&until=2026-03-09")["moments_to_ask_about"][0]["date"] == "2026-03-06"


def test_acknowledging_a_moment_is_idempotent_logged_and_shown_in_the_review(linked, therapist, clock):
    linked.put("/v1/checkins/c1", a_checkin(on="2026-03-04", mood=0))
    path = f"/v1/clients/{linked.uid}/moments/2026-03-04/acknowledge"

    first = therapist.post(path, {})
    clock.set("2026-03-10T15:00:00+00:00")
    again = therapist.post(path, {})

    assert first.status_code == again.status_code == 200 and first.json == again.json
    assert first.json["date"] == "2026-03-04"
    (moment,) = review(therapist, linked, "?since=2026-03-01&until=2026-03-09")["moments_to_ask_about"]
    assert moment["acknowledged"] is True and moment["acknowledged_at"] == first.json["acknowledged_at"]
    log = [r["what"] for r in linked.get("/v1/me/access-log").json["items"]]
    assert log.count("moment acknowledged") == 2


def test_a_day_without_such_a_moment_or_an_unlinked_client_is_a_404(linked, therapist, new_user):
    linked.put("/v1/checkins/c1", a_checkin(on="2026-03-04", mood=5))
    assert therapist.post(f"/v1/clients/{linked.uid}/moments/2026-03-04/acknowledge", {}).status_code == 404
    assert therapist.post(f"/v1/clients/{linked.uid}/moments/March/acknowledge", {}).status_code == 400
    stranger = new_user("client")
    stranger.put("/v1/me", {"timezone": "Europe/Berlin"})
    stranger.put("/v1/checkins/c1", a_checkin(on="2026-03-04", mood=0))
    unlinked = therapist.post(f"/v1/clients/{stranger.uid}/moments/2026-03-04/acknowledge", {})
    assert unlinked.status_code == 404
    assert stranger.get("/v1/me/access-log").json["items"] == []


def test_the_review_lists_experiments_planned_up_to_a_week_after_the_window(linked, therapist):
    for eid, planned in (("e1", "2026-03-05"), ("e2", "2026-03-09"), ("e3", "2026-03-11")):
        assert linked.put(f"/v1/experiments/{eid}", an_experiment(planned_for=planned)).status_code == 201

    listed = review(therapist, linked, "?since=2026-03-01&until=2026-03-03")["experiments"]
    assert [e["id"] for e in listed] == ["e1", "e2"]  # up to 10 March
    assert [e["id"] for e in review(therapist, linked, "?since=2026-03-01&until=2026-03-04")["experiments"]] == [
        "e1", "e2", "e3"]
