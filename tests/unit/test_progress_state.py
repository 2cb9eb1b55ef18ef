"""The progress state: per-day aggregates, pure updates with the old record, a JSON-able shape."""
from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from stepping_stones.domain.habits import streak_lengths
from stepping_stones.domain.summary_state import (
    ARCHIVE_BLOCK_DAYS,
    ARCHIVE_KEEP_DAYS,
    DETAIL_DAYS,
    apply_away,
    apply_delete,
    apply_goal,
    apply_put,
    archive_contents,
    cell_at,
    earliest_affected,
    empty_state,
    from_version_1,
    prune,
    read_timeline,
    recompute,
    unarchived,
)
from tests.support.builders import a_breathing, a_checkin, a_goal, a_mood, a_step, an_experiment, away, day

MARCH_2 = day("2026-03-02").toordinal()


def put_all(*entries):
    state = empty_state()
    for entry in entries:
        state = apply_put(state, None, entry)
    return state


def test_an_empty_state_has_every_section_and_survives_json():
    state = empty_state()
    assert json.loads(json.dumps(state)) == state
    assert set(state) == {"version", "first", "days", "experiments", "old_experiments", "goals", "old_goals",
                          "away", "as_of", "boundary", "archive", "carry"}


def test_a_check_in_is_kept_as_its_mood_on_its_day_without_its_id():
    state = put_all(a_checkin(on="2026-03-02", mood=4, id="c1"))
    assert (state["first"], state["days"]) == (MARCH_2, [[4]])
    assert "c1" not in json.dumps(state)


def test_a_check_in_with_mood_zero_is_still_a_check_in():
    state = put_all(a_checkin(on="2026-03-02", mood=0))
    assert state["days"] == [[0]] and read_timeline(state).checkins == {MARCH_2: 0}


def test_mood_entries_are_kept_per_day_as_a_count_and_a_sum():
    state = put_all(a_mood(on="2026-03-02", rating=2, id="m1"), a_mood(on="2026-03-02", rating=5, id="m2"))
    assert state["days"] == [[None, 2, 7]]


def test_a_breathing_practice_keeps_its_seconds_and_a_key_of_when_it_started_and_its_stress_drop():
    at = datetime(2026, 3, 2, 7, 15, tzinfo=timezone.utc)
    state = put_all(a_breathing(on="2026-03-02", minutes=4, before=7, after=3, id="b1", at=at))
    assert state["days"] == [[None, 0, 0, 1, 240, [(7 * 60 + 15 + 1440) * 21 + 4 + 10], 0, [1]]]  # 1: "box"
    assert read_timeline(state).stress_drops == ((MARCH_2, 4),)


def test_an_experiment_keeps_whether_something_was_learned_but_never_the_text():
    experiment = an_experiment(planned_for="2026-03-02", strength="bravery", done_on="2026-03-03",
                               learned="My hands shook but I spoke", id="e1")
    state = put_all(experiment)
    assert state["experiments"] == {"e1": ["bravery", MARCH_2, MARCH_2 + 1, 1]}
    assert "shook" not in json.dumps(state)


def test_a_correction_applied_with_the_old_entry_leaves_the_state_of_the_new_one():
    entry = a_breathing(on="2026-03-02", before=6, after=2)
    once = put_all(entry)
    assert apply_put(once, entry, entry) == once


def test_a_correction_that_moves_an_entry_to_another_day_leaves_nothing_behind():
    old = a_mood(on="2026-03-02", rating=2, id="m1")
    new = a_mood(on="2026-03-04", rating=4, id="m1")
    state = apply_put(put_all(old), old, new)
    assert state == put_all(new)
    assert state["first"] == MARCH_2 + 2


def test_deleting_an_entry_removes_it_and_its_emptied_day():
    entry = a_breathing(on="2026-03-02", before=3, after=1)
    assert apply_delete(put_all(entry), entry) == empty_state()


def test_deleting_a_day_in_the_middle_keeps_the_days_around_it_in_place():
    middle = a_mood(on="2026-03-03")
    state = put_all(a_checkin(on="2026-03-02"), middle, a_checkin(on="2026-03-04"))
    assert apply_delete(state, middle)["days"] == [[3], 0, [3]]


def test_updates_are_pure_the_given_state_is_never_changed():
    state = put_all(a_mood(on="2026-03-02", id="m1"), a_checkin(on="2026-03-02"), a_breathing(before=4, after=1))
    before = copy.deepcopy(state)
    apply_put(state, None, a_mood(on="2026-03-02", id="m2"))
    apply_delete(state, a_mood(on="2026-03-02", id="m1"))
    apply_put(state, None, a_breathing(before=5, after=1))
    apply_goal(state, None, a_goal(a_step()))
    apply_away(state, None, away("2026-03-05", "2026-03-06"))
    prune(state, day("2027-01-01"))
    assert state == before


def test_a_goal_is_kept_with_each_step_done_day_and_replaced_whole():
    first = a_goal(a_step(id="s1"), a_step(id="s2", done_on="2026-03-03"), id="g1")
    edited = a_goal(a_step(id="s1", done_on="2026-03-04"), id="g1")
    state = apply_goal(empty_state(), None, first)
    assert state["goals"] == {"g1": [["s1", None], ["s2", MARCH_2 + 1]]}
    assert apply_goal(state, first, edited)["goals"] == {"g1": [["s1", MARCH_2 + 2]]}
    assert apply_goal(state, first, None) == empty_state()


def test_away_periods_are_kept_as_spans_and_changed_with_the_old_period():
    period = away("2026-03-05", "2026-03-08", id="a1")
    shorter = away("2026-03-05", "2026-03-06", id="a1")
    state = apply_away(empty_state(), None, period)
    assert state["away"] == [[MARCH_2 + 3, MARCH_2 + 6]]
    assert apply_away(state, period, shorter)["away"] == [[MARCH_2 + 3, MARCH_2 + 4]]
    assert apply_away(state, period, None) == empty_state()


def test_experiments_and_goals_lose_their_ids_once_no_win_can_come_from_them():
    done = an_experiment(planned_for="2026-03-02", done_on="2026-03-03", id="e1")
    open_plan = an_experiment(planned_for="2026-03-20", id="e2")
    goal = a_goal(a_step(done_on="2026-03-04"), a_step(), id="g1")
    state = apply_goal(put_all(done, open_plan), None, goal)
    soon = prune(state, day("2026-03-03") + timedelta(days=DETAIL_DAYS))
    assert set(soon["experiments"]) == {"e1"} and set(soon["goals"]) == {"g1"}
    later = prune(soon, day("2026-03-04") + timedelta(days=DETAIL_DAYS + 1))
    assert later["experiments"] == {} and later["goals"] == {}
    assert later["old_experiments"] == [["bravery", MARCH_2, MARCH_2 + 1, 0], ["bravery", MARCH_2 + 18, None, 0]]
    assert later["old_goals"] == [[2, MARCH_2 + 2]]
    assert "e1" not in json.dumps(later) and "g1" not in json.dumps(later)


def test_a_correction_of_an_experiment_without_its_id_any_more_is_exact():
    old = an_experiment(planned_for="2026-01-02", done_on="2026-01-03", id="e1")
    new = an_experiment(planned_for="2026-01-02", done_on="2026-03-30", id="e1")
    today = day("2026-03-31")
    state = apply_put(recompute([old], as_of=today), old, new)
    assert prune(state, today) == recompute([new], as_of=today)
    goal, edited = a_goal(a_step(done_on="2026-01-02"), id="g"), a_goal(a_step(done_on="2026-03-30"), id="g")
    assert prune(apply_goal(recompute([], [goal], as_of=today), goal, edited), today) == \
        recompute([], [edited], as_of=today)


def test_pruning_never_goes_back_when_today_does_a_time_zone_change_later():
    state = prune(put_all(an_experiment(planned_for="2026-01-02", done_on="2026-01-03")), day("2026-03-31"))
    assert prune(state, day("2026-03-30")) == state


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


def test_a_version_1_state_converts_to_the_state_of_the_same_records():
    at = datetime(2026, 3, 2, 22, 30, tzinfo=timezone(timedelta(hours=-5)))
    records = [a_checkin(on="2026-03-02", mood=0, id="c1"), a_mood(on="2026-03-02", rating=6, id="m1"),
               a_mood(on="2026-03-04", rating=2, id="m2"),
               a_breathing(on="2026-03-02", before=8, after=2, id="b1", at=at), a_breathing(on="2026-03-02", id="b2"),
               an_experiment(planned_for="2026-03-03", done_on="2026-03-04", learned="yes", id="e1")]
    goal, period = a_goal(a_step(id="s1", done_on="2026-03-05"), a_step(id="s2"), id="g1"), away("2026-03-06", "2026-03-07")
    version_1 = {
        "version": 1,
        "checkins": {"2026-03-02": ["c1", 0]},
        "moods": {"2026-03-02": {"m1": 6}, "2026-03-04": {"m2": 2}},
        "breathing": {"2026-03-02": {"b1": ["2026-03-03T03:30:00Z", 300, 8, 2],
                                     "b2": ["2026-03-02T08:00:00Z", 300, None, None]}},
        "experiments": {"e1": ["bravery", "2026-03-03", "2026-03-04", True]},
        "goals": {"g1": {"s1": "2026-03-05", "s2": None}},
        "away": {"a1": ["2026-03-06", "2026-03-07"]},
    }
    # Version 1 never kept a practice's technique: it converts as unknown, the rest as the records give.
    unknown = [replace(r, technique="not kept") if r.kind == "breathing" else r for r in records]
    assert from_version_1(version_1) == recompute(unknown, [goal], [period])


def test_a_read_timeline_counts_days_and_orders_stress_ratings_by_when_practised():
    late = a_breathing(on="2026-03-02", before=9, after=3, at=datetime(2026, 3, 2, 20, tzinfo=timezone.utc))
    early = a_breathing(on="2026-03-02", minutes=2, before=5, after=4,
                        at=datetime(2026, 3, 2, 6, tzinfo=timezone.utc))
    timeline = read_timeline(put_all(late, early, a_breathing(on="2026-03-03", before=4)))
    monday = day("2026-03-02").toordinal()
    assert timeline.breathing == {monday: (2, 420), monday + 1: (1, 300)}
    assert timeline.stress_drops == ((monday, 1), (monday, 6))


def test_a_timeline_of_recent_days_carries_what_came_before():
    entries = [a_checkin(on=day("2026-02-01") + timedelta(days=i)) for i in range(40)]
    entries += [a_breathing(on="2026-02-03", minutes=10, before=9, after=1), a_mood(on="2026-02-05")]
    entries += [a_breathing(on="2026-03-10", minutes=1)]
    lo = day("2026-03-01").toordinal()
    timeline = read_timeline(recompute(entries, away_periods=[away("2026-02-10", "2026-02-12")]), lo)
    assert min(timeline.checkins) == lo
    assert (timeline.last_checkin_before, timeline.streak_before) == (lo - 1, 28)
    assert timeline.seconds_before == 600
    assert timeline.stress_drops == ((day("2026-02-03").toordinal(), 8),)
    assert timeline.firsts == {"checkin": day("2026-02-01").toordinal(), "breathing": day("2026-02-01").toordinal() + 2,
                               "mood": day("2026-02-01").toordinal() + 4}


@settings(max_examples=100, deadline=None)
@given(gaps=st.lists(st.tuples(st.integers(1, 3), st.integers(0, 2)), max_size=40), lo=st.integers(0, 60))
def test_a_windowed_timeline_carries_the_streak_and_seconds_a_whole_one_gives(gaps, lo):
    entries, on = [], day("2026-01-01")
    for step, kind in gaps:
        on += timedelta(days=step)
        entries.append(a_checkin(on=on) if kind else a_breathing(on=on, minutes=step, before=step + 3, after=1))
    state = recompute(entries, away_periods=[away("2026-01-20", "2026-01-22")])
    whole, window = read_timeline(state), read_timeline(state, day("2026-01-01").toordinal() + lo)
    before = sorted(d for d in whole.checkins if d < window.lo)
    assert window.last_checkin_before == (before[-1] if before else None)
    assert window.seconds_before == sum(s for d, (_, s) in whole.breathing.items() if d < window.lo)
    assert window.streak_before == (streak_lengths(before, whole.away)[before[-1]] if before else 0)
    earlier = [d for d in whole.stress_drops if d[0] < window.lo]
    assert window.stress_drops == (*earlier[-5:], *(d for d in whole.stress_drops if d[0] >= window.lo))


def test_no_cell_holds_an_entry_id():
    state = put_all(a_checkin(id="c-secret"), a_mood(id="m-secret"), a_breathing(id="b-secret", before=2, after=1))
    assert "secret" not in json.dumps(state)
    assert cell_at(state, MARCH_2)[0] == 3


def test_the_earliest_affected_date_of_a_change_covers_every_date_it_touches():
    assert earliest_affected(a_mood(on="2026-03-05"), a_mood(on="2026-03-02")) == day("2026-03-02")
    assert earliest_affected(None, an_experiment(planned_for="2026-03-09", done_on="2026-03-04")) == day("2026-03-04")
    goal = a_goal(a_step(done_on="2026-03-07"), a_step(done_on="2026-03-03"))
    assert earliest_affected(None, goal) == day("2026-03-03")
    assert earliest_affected(away("2026-03-10", "2026-03-12"), None) == day("2026-03-10")
    assert earliest_affected(None, a_goal(a_step())) is None


def year_of_practice(first=day("2025-03-01"), days=365):  # noqa: B008 - a date is immutable
    entries = [a_checkin(on=first + timedelta(days=i), mood=i % 11) for i in range(days)]
    entries += [a_breathing(on=first + timedelta(days=i), before=8, after=i % 5) for i in range(0, days, 3)]
    entries += [an_experiment(planned_for=first + timedelta(days=i), done_on=first + timedelta(days=i + 1))
                for i in range(0, days, 7)]
    return entries


def test_days_long_past_are_archived_compressed_and_come_back_unchanged():
    entries = year_of_practice()
    today = day("2026-03-01")
    state = recompute(entries)
    archived = prune(state, today)
    assert archived["boundary"] is not None and isinstance(archived["archive"], bytes)
    assert len(archived["days"]) <= ARCHIVE_KEEP_DAYS + ARCHIVE_BLOCK_DAYS
    assert len(archived["archive"]) < len(json.dumps(state["days"])) / 3
    assert unarchived(archived)["days"] == state["days"]
    assert archive_contents(archived["archive"])["experiments"]  # planned and done long ago
    assert len(unarchived(archived)["old_experiments"]) + len(archived["experiments"]) == 53
    assert unarchived(archived)["first"] == state["first"]


def test_a_late_entry_dated_before_the_archive_boundary_is_applied_to_the_archived_days():
    entries, today = year_of_practice(), day("2026-03-01")
    late, corrected = a_mood(on="2025-04-01", rating=9), an_experiment(planned_for="2025-03-01", id="e-late")
    archived = prune(recompute([*entries, corrected]), today)
    changed = prune(apply_put(apply_put(archived, None, late), corrected, replace(corrected, strength="zest")), today)
    assert changed == recompute([*entries, late, replace(corrected, strength="zest")], as_of=today)


def test_away_time_over_archived_days_recomputes_what_they_carry():
    entries, today = year_of_practice(), day("2026-03-01")
    period = away("2025-03-10", "2025-03-12")
    archived = prune(recompute(entries), today)
    assert prune(apply_away(archived, None, period), today) == recompute(entries, away_periods=[period], as_of=today)
