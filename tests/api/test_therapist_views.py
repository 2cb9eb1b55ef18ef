"""What a linked therapist reads: the client list, sessions, the review, and the access trail."""
from __future__ import annotations

import pytest

from tests.support.bodies import a_breathing, a_checkin, a_mood, an_experiment, an_outcome
from tests.support.therapy import link


def test_the_client_list_shows_status_adherence_wins_and_signals(linked, therapist):
    for on in ("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-09"):
        linked.put(f"/v1/checkins/c-{on}", a_checkin(on=on))

    (row,) = therapist.get("/v1/clients").json["items"]

    assert row["client_uid"] == linked.uid and row["display_name"] == "Sam"
    assert row["last_active"] == "2026-03-09" and row["status"] == "active"
    assert row["checkin_adherence_7_days"] == pytest.approx(28.6)
    assert row["wins_not_reviewed"] >= 2
    assert row["open_signals"] >= 1  # the quiet days from the 5th to the 8th


def test_status_follows_the_days_since_last_active(linked, therapist, clock):
    linked.put("/v1/checkins/c", a_checkin(on="2026-03-05"))
    assert therapist.get("/v1/clients").json["items"][0]["status"] == "quiet"
    clock.set("2026-03-14T12:00:00+00:00")
    assert therapist.get("/v1/clients").json["items"][0]["status"] == "inactive"


def test_the_review_runs_from_the_last_session_and_names_signals_neutrally(linked, therapist):
    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-01", {"note": "talked about work"})
    for on in ("2026-03-01", "2026-03-02", "2026-03-07", "2026-03-08"):
        linked.put(f"/v1/checkins/c-{on}", a_checkin(on=on, mood=5))
    linked.put("/v1/breathing/b", a_breathing(at="2026-03-02T08:00:00+01:00", seconds=300, stress_before=7, stress_after=4))
    linked.put("/v1/moods/m", a_mood(at="2026-03-02T09:00:00+01:00", rating=6))
    linked.put("/v1/experiments/x", an_experiment(planned_for="2026-03-03"))
    linked.put("/v1/experiments/y", an_experiment(planned_for="2026-03-02", strength="bravery"))
    linked.put("/v1/experiments/y/outcome", an_outcome(done_on="2026-03-02", learned="it went fine"))

    review = therapist.get(f"/v1/clients/{linked.uid}/review").json

    assert (review["since"], review["until"]) == ("2026-03-01", "2026-03-10")
    assert review["counts"]["checkins"]["count"] == 4
    assert review["counts"]["breathing"] == {"count": 1, "minutes": 5.0, "avg_stress_drop": 3.0, "sessions_with_stress": 1}
    assert {e["id"]: e["status"] for e in review["experiments"]} == {"x": "lapsed", "y": "done"}
    assert next(e for e in review["experiments"] if e["id"] == "y")["learned"] == "it went fine"
    gap = next(s for s in review["engagement_signals"] if s["type"] == "checkin_gap")
    assert gap["dates"] == ["2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]
    assert "missed" not in gap["text"].lower()
    assert any(s["type"] == "experiment_lapsed" for s in review["engagement_signals"])
    assert review["wins"] and all(w["reviewed"] is False for w in review["wins"])


def test_what_was_learned_stays_hidden_when_notes_are_not_shared(client_with_profile, therapist):
    link(client_with_profile, therapist, share_notes=False)
    client_with_profile.put("/v1/experiments/y", an_experiment(planned_for="2026-03-02"))
    client_with_profile.put("/v1/experiments/y/outcome", an_outcome(done_on="2026-03-02", learned="it went fine"))

    (experiment,) = therapist.get(f"/v1/clients/{client_with_profile.uid}/review").json["experiments"]

    assert experiment["learned_something"] is True and experiment["learned"] is None


def test_reviewing_a_win_is_idempotent_and_shows_in_the_review(linked, therapist):
    linked.put("/v1/checkins/c", a_checkin(on="2026-03-09"))
    win_id = therapist.get(f"/v1/clients/{linked.uid}/review").json["wins"][0]["id"]

    first = therapist.post(f"/v1/clients/{linked.uid}/wins/{win_id}/review", {"note": "ask how it felt"})
    again = therapist.post(f"/v1/clients/{linked.uid}/wins/{win_id}/review", {"note": "ask how it felt"})

    assert first.status_code == again.status_code == 200 and first.json == again.json
    win = next(w for w in therapist.get(f"/v1/clients/{linked.uid}/review").json["wins"] if w["id"] == win_id)
    assert win["reviewed"] is True and win["review_note"] == "ask how it felt"
    assert therapist.get("/v1/clients").json["items"][0]["wins_not_reviewed"] == 0
    assert therapist.post(f"/v1/clients/{linked.uid}/wins/first-entry:nothing/review", {}).status_code == 404


def test_sessions_are_recorded_once_per_date_and_listed_latest_first(linked, therapist):
    assert therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-01", {}).status_code == 201
    assert therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-08", {"note": "n"}).status_code == 201
    assert therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-08", {"note": "n"}).status_code == 200
    assert therapist.put(f"/v1/clients/{linked.uid}/sessions/March", {}).status_code == 400
    dates = [s["date"] for s in therapist.get(f"/v1/clients/{linked.uid}/sessions").json["items"]]
    assert dates == ["2026-03-08", "2026-03-01"]


def test_every_therapist_read_is_in_the_clients_access_log(linked, therapist):
    therapist.get("/v1/clients")
    therapist.get(f"/v1/clients/{linked.uid}/review")
    therapist.get(f"/v1/clients/{linked.uid}/entries")

    log = linked.get("/v1/me/access-log").json["items"]

    assert [r["what"] for r in log] == ["entries page", "review", "client list row"]
    assert all(r["therapist_uid"] == therapist.uid for r in log)


def test_the_access_log_cannot_be_changed_through_the_api(linked):
    assert linked.put("/v1/me/access-log", {}).status_code == 405
    assert linked.delete("/v1/me/access-log").status_code == 405


def test_a_review_window_of_a_century_is_clamped_to_the_clients_first_day_and_today(linked, therapist):
    linked.put("/v1/checkins/c-first", a_checkin(on="2026-03-04"))
    linked.put("/v1/checkins/c-last", a_checkin(on="2026-03-09"))

    review = therapist.get(f"/v1/clients/{linked.uid}/review", since="2000-01-01", until="2100-12-31").json

    assert (review["since"], review["until"]) == ("2026-03-04", "2026-03-10")  # the clock's today is 10 March
    assert [day["date"] for day in review["days"]] == [f"2026-03-{n:02d}" for n in range(4, 11)]
    assert review["counts"]["checkins"]["count"] == 2


def test_a_review_window_wholly_before_the_first_day_keeps_only_its_last_day(linked, therapist):
    linked.put("/v1/checkins/c-first", a_checkin(on="2026-03-04"))

    review = therapist.get(f"/v1/clients/{linked.uid}/review", since="2001-01-01", until="2001-12-31").json

    assert (review["since"], review["until"]) == ("2001-12-31", "2001-12-31")
    assert len(review["days"]) == 1


def test_a_review_window_wholly_after_today_becomes_today(linked, therapist):
    linked.put("/v1/checkins/c-first", a_checkin(on="2026-03-04"))

    review = therapist.get(f"/v1/clients/{linked.uid}/review", since="2099-01-01", until="2100-12-31").json

    assert (review["since"], review["until"]) == ("2026-03-10", "2026-03-10")
    assert len(review["days"]) == 1


def test_a_review_window_longer_than_a_year_keeps_its_last_366_days(linked, therapist):
    linked.put("/v1/checkins/c-old", a_checkin(on="2024-01-02"))
    linked.put("/v1/checkins/c-recent", a_checkin(on="2026-03-09"))

    review = therapist.get(f"/v1/clients/{linked.uid}/review", since="2024-01-01", until="2026-03-10").json

    assert (review["since"], review["until"]) == ("2025-03-10", "2026-03-10")
    assert len(review["days"]) == 366
    assert review["counts"]["checkins"]["count"] == 1
