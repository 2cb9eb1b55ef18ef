"""GET /v1/summary and GET /v1/wins through HTTP: specific, timely, never duplicated."""
from __future__ import annotations

from tests.support.bodies import a_breathing, a_checkin, a_mood, a_profile, an_experiment, an_outcome


def checkins(user, *dates):
    for on in dates:
        assert user.put(f"/v1/checkins/c-{on}", a_checkin(on=on)).status_code == 201


def win_rules(user, **query):
    return [w["rule"] for w in user.get("/v1/wins", **query).json["items"]]


def test_the_summary_counts_in_the_clients_own_dates(client_with_profile):
    checkins(client_with_profile, "2026-03-08", "2026-03-09", "2026-03-10")
    client_with_profile.put("/v1/breathing/b1", a_breathing(at="2026-03-09T08:00:00+01:00", seconds=600,
                                                              stress_before=7, stress_after=4))

    summary = client_with_profile.get("/v1/summary").json

    assert summary["as_of"] == "2026-03-10"
    assert summary["checkin_streak"] == {"current": 3, "longest": 3}
    assert summary["counts"]["last_7_days"]["checkin"] == 3
    assert summary["breathing"]["this_week"] == {"sessions": 1, "minutes": 10.0}
    assert summary["breathing"]["avg_stress_drop_last_5"] == 3
    assert summary["last_active"] == "2026-03-10"


def test_the_summary_needs_a_profile(new_user):
    assert new_user().get("/v1/summary").status_code == 409


def test_a_three_day_streak_is_a_win_that_names_its_evidence(client_with_profile):
    checkins(client_with_profile, "2026-03-08", "2026-03-09", "2026-03-10")

    streak = next(w for w in client_with_profile.get("/v1/wins").json["items"] if w["rule"] == "streak")

    assert streak["occurred_on"] == "2026-03-10"
    assert streak["evidence"]["days"] == 3
    assert "3 days" in streak["message"]


def test_retrying_and_correcting_entries_never_duplicates_a_win(client_with_profile):
    checkins(client_with_profile, "2026-03-08", "2026-03-09", "2026-03-10")
    first = client_with_profile.get("/v1/wins").json["items"]

    client_with_profile.put("/v1/checkins/c-2026-03-10", a_checkin(on="2026-03-10"))
    client_with_profile.put("/v1/checkins/c-2026-03-10", a_checkin(on="2026-03-10", mood=9))

    assert client_with_profile.get("/v1/wins").json["items"] == first


def test_a_late_entry_gives_the_same_wins_as_if_it_had_arrived_in_order(new_user):
    in_order, late = new_user(), new_user()
    for user in (in_order, late):
        user.put("/v1/me", a_profile())
    checkins(in_order, "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09")
    checkins(late, "2026-03-05", "2026-03-09", "2026-03-08", "2026-03-06", "2026-03-07")

    assert sorted(win_rules(late)) == sorted(win_rules(in_order))
    assert "welcome-back" not in win_rules(late)  # the late days closed the gap it once saw


def test_a_deleted_entry_does_not_take_back_a_win(client_with_profile):
    checkins(client_with_profile, "2026-03-08", "2026-03-09", "2026-03-10")
    client_with_profile.delete("/v1/checkins/c-2026-03-09")
    assert "streak" in win_rules(client_with_profile)


def test_wins_page_newest_first_and_filter_by_date(client_with_profile):
    checkins(client_with_profile, *(f"2026-02-{d:02d}" for d in range(10, 28)))
    client_with_profile.put("/v1/moods/m", a_mood(at="2026-03-01T09:00:00+01:00"))
    client_with_profile.put("/v1/experiments/x", an_experiment(planned_for="2026-03-02", strength="bravery"))
    client_with_profile.put("/v1/experiments/x/outcome", an_outcome(done_on="2026-03-02", learned="secret text"))

    seen, cursor = [], None
    while True:
        page = client_with_profile.get("/v1/wins", limit=3, **({"cursor": cursor} if cursor else {})).json
        seen += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    dates = [w["occurred_on"] for w in seen]
    assert dates == sorted(dates, reverse=True)
    assert len({w["id"] for w in seen}) == len(seen)
    done = next(w for w in seen if w["rule"] == "experiment-done")
    assert "bravery" in done["message"].lower() and "secret text" not in done["message"]
    recent = client_with_profile.get("/v1/wins", since="2026-03-01").json["items"]
    assert recent and all(w["occurred_on"] >= "2026-03-01" for w in recent)


def test_two_clients_logging_at_the_same_instant_get_their_own_local_dates(new_user, clock):
    auckland, los_angeles = new_user(), new_user()
    auckland.put("/v1/me", a_profile(timezone="Pacific/Auckland"))
    los_angeles.put("/v1/me", a_profile(timezone="America/Los_Angeles"))
    clock.set("2026-03-10T20:00:00+00:00")  # 09:00 on the 11th in Auckland, 13:00 on the 10th in LA

    auckland.put("/v1/moods/m", a_mood(at="2026-03-11T09:00:00+13:00"))
    los_angeles.put("/v1/moods/m", a_mood(at="2026-03-10T13:00:00-07:00"))

    assert auckland.get("/v1/moods/m").json["local_date"] == "2026-03-11"
    assert los_angeles.get("/v1/moods/m").json["local_date"] == "2026-03-10"
    assert auckland.get("/v1/summary").json["as_of"] == "2026-03-11"
    assert los_angeles.get("/v1/summary").json["as_of"] == "2026-03-10"


def test_a_check_in_streak_runs_straight_across_a_dst_change(new_user, clock):
    user = new_user()
    user.put("/v1/me", a_profile(timezone="Europe/Berlin"))
    clock.set("2026-03-30T10:00:00+00:00")
    checkins(user, "2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30")  # clocks went forward on the 29th

    assert user.get("/v1/summary").json["checkin_streak"] == {"current": 4, "longest": 4}
