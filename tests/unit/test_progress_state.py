"""The progress state: compact facts, pure updates, and a JSON-able shape."""
from __future__ import annotations

import copy
import json
import uuid
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from stepping_stones.domain.progress_state import (
    apply_away,
    apply_delete,
    apply_goal,
    apply_put,
    earliest_affected,
    empty_state,
    read_timeline,
    recompute,
)
from stepping_stones.domain.records import BreathingPractice, CheckIn, MoodEntry
from tests.unit.builders import (
    a_breathing,
    a_checkin,
    a_goal,
    a_mood,
    a_step,
    an_experiment,
    away,
    day,
)


def put_all(*entries):
    state = empty_state()
    for entry in entries:
        state = apply_put(state, None, entry)
    return state


def test_an_empty_state_has_every_section_and_survives_json():
    state = empty_state()
    assert json.loads(json.dumps(state)) == state
    assert set(state) == {"version", "checkins", "moods", "breathing", "experiments", "goals", "away"}


def test_a_check_in_is_kept_as_its_id_and_mood_under_its_local_date():
    state = put_all(a_checkin(on="2026-03-02", mood=4, id="c1"))
    assert state["checkins"] == {"2026-03-02": ["c1", 4]}


def test_mood_entries_are_kept_per_day_by_id():
    state = put_all(a_mood(on="2026-03-02", rating=2, id="m1"), a_mood(on="2026-03-02", rating=5, id="m2"))
    assert state["moods"] == {"2026-03-02": {"m1": 2, "m2": 5}}


def test_a_breathing_practice_keeps_its_instant_in_utc_seconds_and_stress():
    at = datetime(2026, 3, 2, 8, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    state = put_all(a_breathing(on="2026-03-02", minutes=4, before=7, after=3, id="b1", at=at))
    assert state["breathing"] == {"2026-03-02": {"b1": ["2026-03-02T07:15:00Z", 240, 7, 3]}}


def test_an_experiment_keeps_whether_something_was_learned_but_never_the_text():
    experiment = an_experiment(planned_for="2026-03-02", strength="bravery", done_on="2026-03-03",
                               learned="My hands shook but I spoke", id="e1")
    state = put_all(experiment)
    assert state["experiments"] == {"e1": ["bravery", "2026-03-02", "2026-03-03", True]}
    assert "shook" not in json.dumps(state)


def test_putting_the_same_entry_twice_changes_nothing():
    entry = a_breathing(on="2026-03-02", before=6, after=2)
    once = put_all(entry)
    assert apply_put(once, None, entry) == once
    assert apply_put(once, entry, entry) == once


def test_a_correction_that_moves_an_entry_to_another_day_leaves_nothing_behind():
    old = a_mood(on="2026-03-02", rating=2, id="m1")
    new = a_mood(on="2026-03-04", rating=4, id="m1")
    state = apply_put(put_all(old), old, new)
    assert state == put_all(new)
    assert "2026-03-02" not in state["moods"]


def test_deleting_an_entry_removes_it_and_its_emptied_day():
    entry = a_breathing(on="2026-03-02")
    assert apply_delete(put_all(entry), entry) == empty_state()


def test_deleting_an_entry_that_is_not_there_changes_nothing():
    state = put_all(a_mood(on="2026-03-02"))
    assert apply_delete(state, a_mood(on="2026-03-02")) == state


def test_deleting_an_old_check_in_keeps_the_newer_one_on_that_date():
    old, newer = a_checkin(on="2026-03-02", id="c1"), a_checkin(on="2026-03-02", id="c2", mood=5)
    state = apply_delete(put_all(old, newer), old)
    assert state["checkins"] == {"2026-03-02": ["c2", 5]}


def test_updates_are_pure_the_given_state_is_never_changed():
    state = put_all(a_mood(on="2026-03-02", id="m1"), a_checkin(on="2026-03-02"))
    before = copy.deepcopy(state)
    apply_put(state, None, a_mood(on="2026-03-02", id="m2"))
    apply_delete(state, a_mood(on="2026-03-02", id="m1"))
    apply_goal(state, None, a_goal(a_step()))
    apply_away(state, None, away("2026-03-05", "2026-03-06"))
    assert state == before


def test_a_goal_is_kept_with_each_step_done_date_and_replaced_whole():
    first = a_goal(a_step(id="s1"), a_step(id="s2", done_on="2026-03-03"), id="g1")
    edited = a_goal(a_step(id="s1", done_on="2026-03-04"), id="g1")
    state = apply_goal(empty_state(), None, first)
    assert state["goals"] == {"g1": {"s1": None, "s2": "2026-03-03"}}
    assert apply_goal(state, first, edited)["goals"] == {"g1": {"s1": "2026-03-04"}}
    assert apply_goal(state, first, None) == empty_state()


def test_a_goal_without_steps_is_still_kept():
    assert apply_goal(empty_state(), None, a_goal(id="g1"))["goals"] == {"g1": {}}


def test_away_periods_are_added_changed_and_removed_by_id():
    period = away("2026-03-05", "2026-03-08", id="a1")
    shorter = away("2026-03-05", "2026-03-06", id="a1")
    state = apply_away(empty_state(), None, period)
    assert state["away"] == {"a1": ["2026-03-05", "2026-03-08"]}
    assert apply_away(state, period, shorter)["away"] == {"a1": ["2026-03-05", "2026-03-06"]}
    assert apply_away(state, period, None) == empty_state()


def test_recompute_gives_the_state_that_puts_in_any_order_give():
    entries = [a_checkin(on="2026-03-02"), a_mood(on="2026-03-02"), a_breathing(on="2026-03-01", before=5, after=5),
               an_experiment(planned_for="2026-03-05", done_on="2026-03-05")]
    goal, period = a_goal(a_step(done_on="2026-03-03")), away("2026-03-10", "2026-03-12")
    expected = recompute(entries, [goal], [period])
    state = apply_away(apply_goal(put_all(*reversed(entries)), None, goal), None, period)
    assert state == expected


def test_a_state_with_every_kind_of_fact_round_trips_through_json():
    state = recompute([a_checkin(), a_mood(), a_breathing(before=None, after=3), an_experiment()],
                      [a_goal(a_step(), a_step(done_on="2026-03-04"))], [away("2026-03-10", "2026-03-12")])
    assert json.loads(json.dumps(state)) == state


def three_years_of_daily_practice(first=date(2023, 3, 1)):
    def uid(n):
        return str(uuid.UUID(int=n))
    entries = []
    for i in range(3 * 365 + 1):
        on = first + timedelta(days=i)
        at = datetime(on.year, on.month, on.day, 8, 15, tzinfo=timezone.utc)
        entries += [CheckIn(uid(3 * i), on, 3), MoodEntry(uid(3 * i + 1), at, on, 4),
                    BreathingPractice(uid(3 * i + 2), at, on, 300, "box", 7, 4)]
    return entries


def test_three_years_of_daily_check_ins_breathing_and_moods_stay_well_under_400_kb():
    state = recompute(three_years_of_daily_practice())
    assert len(json.dumps(state).encode()) < 300_000


def test_a_read_timeline_counts_days_and_orders_stress_ratings_by_when_practised():
    late = a_breathing(on="2026-03-02", before=9, after=3, at=datetime(2026, 3, 2, 20, tzinfo=timezone.utc))
    early = a_breathing(on="2026-03-02", minutes=2, before=5, after=4,
                        at=datetime(2026, 3, 2, 6, tzinfo=timezone.utc))
    timeline = read_timeline(put_all(late, early, a_breathing(on="2026-03-03", before=4)))
    monday = day("2026-03-02").toordinal()
    assert timeline.breathing == {monday: (2, 420), monday + 1: (1, 300)}
    assert timeline.stress_drops == ((monday, 1), (monday, 6))


def test_the_earliest_affected_date_of_a_change_covers_every_date_it_touches():
    assert earliest_affected(a_mood(on="2026-03-05"), a_mood(on="2026-03-02")) == day("2026-03-02")
    assert earliest_affected(None, an_experiment(planned_for="2026-03-09", done_on="2026-03-04")) == day("2026-03-04")
    goal = a_goal(a_step(done_on="2026-03-07"), a_step(done_on="2026-03-03"))
    assert earliest_affected(None, goal) == day("2026-03-03")
    assert earliest_affected(away("2026-03-10", "2026-03-12"), None) == day("2026-03-10")
    assert earliest_affected(None, a_goal(a_step())) is None
