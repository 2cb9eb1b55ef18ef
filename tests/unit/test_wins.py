"""Micro-wins: each rule, their ids and messages, incremental derivation and reconciling."""
from __future__ import annotations

import re
import string
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepping_stones.domain.summary import summarize
from stepping_stones.domain.summary_state import (
    ARCHIVE_BLOCK_DAYS,
    ARCHIVE_KEEP_DAYS,
    apply_away,
    apply_put,
    earliest_affected,
    empty_state,
    prune,
    recompute,
    unarchived,
)
from stepping_stones.domain.wins import (
    RULES,
    derive_wins,
    derive_wins_since,
    horizon_start,
    reconcile,
    stamp,
    wins_since,
)
from tests.support.builders import a_breathing, a_checkin, a_goal, a_mood, a_step, an_experiment, away, day, days

TODAY = day("2026-03-31")


def wins_of(*entries, goals=(), away_periods=(), today=TODAY):
    return derive_wins(recompute(entries, goals, away_periods), today)


def stamps(wins):
    """Earned wins as the summary keeps them."""
    return {win_id: stamp(win) for win_id, win in wins.items()}


def checkins(first, n, step=1):
    return [a_checkin(on=d) for d in days(first, n, step)]


def ids_of(rule, wins):
    return sorted(win_id for win_id, win in wins.items() if win["rule"] == rule)


def test_the_first_entry_of_each_kind_is_a_win_on_its_earliest_local_date():
    wins = wins_of(a_mood(on="2026-03-05"), a_mood(on="2026-03-02"), a_checkin(on="2026-03-04"),
                   a_breathing(on="2026-03-03"), an_experiment(planned_for="2026-03-06"))
    firsts = {win_id: win["occurred_on"] for win_id, win in wins.items() if win["rule"] == "first-entry"}
    assert firsts == {"first-entry:mood": "2026-03-02", "first-entry:checkin": "2026-03-04",
                      "first-entry:breathing": "2026-03-03", "first-entry:experiment": "2026-03-06"}
    assert wins["first-entry:breathing"]["message"] == "Your first breathing practice — well done taking that pause."


def test_a_strength_tried_for_the_first_time_is_a_win_on_its_planned_day():
    wins = wins_of(an_experiment(planned_for="2026-03-09", strength="bravery"),
                   an_experiment(planned_for="2026-03-04", strength="bravery"),
                   an_experiment(planned_for="2026-03-07", strength="custom:baking_bread"))
    assert wins["new-strength:bravery"]["occurred_on"] == "2026-03-04"
    assert wins["new-strength:custom:baking_bread"]["message"] == (
        "Your first experiment with “baking_bread” — a strength worth trying out.")  # the label as the client wrote it


def test_check_in_streaks_are_won_on_the_day_they_reach_each_length():
    wins = wins_of(*checkins("2026-03-01", 8))
    assert ids_of("streak", wins) == ["streak-3:2026-03-03", "streak-7:2026-03-07"]
    assert wins["streak-7:2026-03-07"]["message"] == "7 days of check-ins in a row — that's a rhythm you're building."
    assert wins["streak-7:2026-03-07"]["evidence"] == {"days": 7}


def test_a_new_streak_reaching_a_length_again_is_a_new_win():
    wins = wins_of(*checkins("2026-03-01", 3), *checkins("2026-03-10", 3))
    assert ids_of("streak", wins) == ["streak-3:2026-03-03", "streak-3:2026-03-12"]


@pytest.mark.parametrize("length", [14, 30, 60, 100])
def test_long_streaks_are_won_too(length):
    assert f"streak-{length}:" in " ".join(wins_of(*checkins("2025-11-01", 100), today=day("2026-03-01")))


def test_away_days_carry_a_streak_across_them():
    wins = wins_of(*checkins("2026-03-01", 2), a_checkin(on="2026-03-06"),
                   away_periods=[away("2026-03-03", "2026-03-05")])
    assert ids_of("streak", wins) == ["streak-3:2026-03-06"]


def test_a_check_in_after_three_quiet_days_is_welcomed_back():
    wins = wins_of(a_checkin(on="2026-03-01"), a_checkin(on="2026-03-05"))
    assert ids_of("welcome-back", wins) == ["welcome-back:2026-03-05"]
    win = wins["welcome-back:2026-03-05"]
    assert win["message"] == "Welcome back — good to see you checking in again."
    assert win["evidence"] == {"quiet_days": 3}


def test_a_check_in_after_two_quiet_days_is_no_return():
    assert ids_of("welcome-back", wins_of(a_checkin(on="2026-03-01"), a_checkin(on="2026-03-04"))) == []


def test_away_days_are_not_quiet_days():
    wins = wins_of(a_checkin(on="2026-03-01"), a_checkin(on="2026-03-10"),
                   away_periods=[away("2026-03-02", "2026-03-08")])
    assert ids_of("welcome-back", wins) == []


def test_a_very_first_check_in_is_a_first_entry_not_a_return():
    assert ids_of("welcome-back", wins_of(a_mood(on="2026-03-01"), a_checkin(on="2026-03-20"))) == []


def test_five_check_ins_in_seven_days_is_a_win_the_first_time_in_28_days():
    first = [a_checkin(on=d) for d in ("2026-03-01", "2026-03-02", "2026-03-04", "2026-03-05", "2026-03-06")]
    again_soon, again_later = checkins("2026-03-16", 5), checkins("2026-04-20", 5)
    wins = wins_of(*first, *again_soon, *again_later, today=day("2026-04-30"))
    assert ids_of("steady-checkins", wins) == ["steady-checkins:2026-03-06", "steady-checkins:2026-04-24"]
    assert wins["steady-checkins:2026-03-06"]["message"] == "You checked in on 5 of the last 7 days — a steady week."


def test_more_breathing_practices_than_last_week_by_two_is_a_win_on_the_day_it_comes_true():
    last_week = [a_breathing(on="2026-03-02"), a_breathing(on="2026-03-04")]
    this_week = [a_breathing(on=d) for d in ("2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13")]
    wins = wins_of(*last_week, *this_week)
    win = wins["more-breathing:2026-W11"]
    assert win["occurred_on"] == "2026-03-12"
    assert win["message"] == "4 breathing practices this week — up from 2 last week."
    assert ids_of("more-breathing", wins) == ["more-breathing:2026-W11"]


def test_more_breathing_after_a_week_without_says_more_than_last_week():
    entries = [a_breathing(on="2026-02-25")] + [a_breathing(on=d) for d in days("2026-03-09", 2)]
    win = wins_of(*entries)["more-breathing:2026-W11"]
    assert win["message"] == "2 breathing practices this week — more than last week."


def test_the_first_week_of_breathing_is_not_counted_as_more_than_last_week():
    assert ids_of("more-breathing", wins_of(*[a_breathing(on=d) for d in days("2026-03-09", 3)])) == []


def test_breathing_minute_milestones_are_won_on_the_day_they_are_crossed():
    wins = wins_of(a_breathing(on="2026-03-01", minutes=8), a_breathing(on="2026-03-02", minutes=4),
                   a_breathing(on="2026-03-03", minutes=20))
    assert {w: wins[w]["occurred_on"] for w in ids_of("breathing-minutes", wins)} == {
        "breathing-minutes:10": "2026-03-02", "breathing-minutes:30": "2026-03-03"}
    assert wins["breathing-minutes:30"]["message"] == "30 minutes of breathing practice in all — every pause adds up."


def test_an_average_stress_drop_of_two_over_five_practices_is_a_win():
    entries = [a_breathing(on=d, before=7, after=5) for d in days("2026-03-09", 5)]
    win = wins_of(*entries)["stress-drop:2026-W11"]
    assert win["occurred_on"] == "2026-03-13"
    assert win["message"] == "Over your last 5 breathing practices, your stress eased by 2.0 points on average."


def test_a_stress_drop_needs_five_practices_rated_before_and_after():
    entries = [a_breathing(on=d, before=9, after=2) for d in days("2026-03-09", 4)]
    entries.append(a_breathing(on="2026-03-13", before=9))
    assert ids_of("stress-drop", wins_of(*entries)) == []


def test_a_stress_drop_is_won_at_most_once_a_week():
    entries = [a_breathing(on=d, before=8, after=3) for d in days("2026-03-09", 14)]
    assert ids_of("stress-drop", wins_of(*entries)) == ["stress-drop:2026-W11", "stress-drop:2026-W12"]


def test_a_week_of_mood_a_point_above_the_four_week_baseline_is_a_win():
    earlier = [a_checkin(on=d, mood=2) for d in days("2026-03-01", 21)]
    lately = [a_checkin(on=d, mood=4) for d in days("2026-03-22", 5)]
    win = wins_of(*earlier, *lately)["mood-lift:2026-W13"]
    assert win["evidence"] == {"mean_7_days": 3.43, "count_7_days": 7, "baseline_28_days": 2.38, "count_28_days": 26}
    assert win["occurred_on"] == "2026-03-26"
    assert win["message"] == "Your mood averaged 3.4 this past week, above your four-week average of 2.4."


def test_a_mood_lift_needs_five_values_in_the_week():
    low = [a_mood(on=d, rating=1) for d in days("2026-03-01", 20)]
    entries = low + [a_mood(on=d, rating=5) for d in days("2026-03-27", 4)]
    assert ids_of("mood-lift", wins_of(*entries)) == []


def test_a_completed_experiment_names_its_strength_and_that_something_was_learned_never_what():
    wins = wins_of(an_experiment(planned_for="2026-03-02", strength="kindness", done_on="2026-03-03",
                                 learned="My sister was glad I called", id="e1"),
                   an_experiment(planned_for="2026-03-05", strength="zest", done_on="2026-03-05", id="e2"))
    assert wins["experiment-done:e1"]["message"] == (
        "You carried out your kindness experiment and noted what you learned.")
    assert wins["experiment-done:e1"]["occurred_on"] == "2026-03-03"
    assert wins["experiment-done:e2"]["message"] == (
        "You carried out your zest experiment — following through takes courage.")
    assert "sister" not in str(wins)


def test_each_micro_step_done_and_a_goal_done_are_wins():
    goal = a_goal(a_step(done_on="2026-03-04", id="s1"), a_step(done_on="2026-03-02", id="s2"), id="g1")
    wins = wins_of(goals=[goal])
    assert wins["step-done:g1:s2"]["message"] == "A micro-step done — 1 of 2 on this goal."
    assert wins["step-done:g1:s1"]["occurred_on"] == "2026-03-04"
    assert wins["goal-done:g1"]["occurred_on"] == "2026-03-04"
    assert wins["goal-done:g1"]["message"] == "Every step of a goal done — all 2 of them. That's real progress."


def test_a_goal_with_a_step_still_open_is_not_done():
    assert ids_of("goal-done", wins_of(goals=[a_goal(a_step(done_on="2026-03-04"), a_step())])) == []


def test_a_win_id_is_its_rule_and_subject_and_never_holds_a_slash():
    wins = wins_of(an_experiment(planned_for="2026-03-02", strength="custom:yes/no"))
    assert "new-strength:custom:yes%2Fno" in wins
    assert all("/" not in win_id for win_id in wins)


def test_every_rule_has_its_own_name_and_an_id_from_subject_date_or_week_only():
    assert len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        fields = {name for _, name, _, _ in string.Formatter().parse(rule.id_format) if name}
        assert rule.id_format.startswith(rule.name) and fields <= {"subject", "date", "week"}


def test_wins_dated_after_today_wait_for_their_day():
    entries = [a_checkin(on=d) for d in days("2026-03-01", 3)]
    assert ids_of("streak", wins_of(*entries, today=day("2026-03-02"))) == []


def test_messages_are_warm_never_shaming_and_never_quote_what_the_client_wrote():
    low_moods = [a_checkin(on=d, mood=1) for d in days("2026-01-01", 40) + days("2026-02-15", 30)]
    entries = [*low_moods, *[a_breathing(on=d, before=8, after=3) for d in days("2026-01-05", 30, 2)],
               *[a_breathing(on=d) for d in days("2026-03-09", 7)],
               *[a_mood(on=d, rating=5) for d in days("2026-03-01", 7)],
               an_experiment(planned_for="2026-03-03", done_on="2026-03-03", learned="secret-learned")]
    wins = wins_of(*entries, goals=[a_goal(a_step(done_on="2026-03-04"))])
    messages = " ".join(win["message"] for win in wins.values())
    assert len({win["rule"] for win in wins.values()}) == len(RULES)
    assert not re.search(r"miss|fail|broke|lapse|only|should|behind|secret", messages, re.IGNORECASE)


def test_deriving_since_a_date_gives_the_wins_from_that_date_on():
    breathing = [a_breathing(on=d, before=8, after=4) for d in days("2026-03-01", 20)]
    state = recompute([*checkins("2026-03-01", 20), *breathing])
    everything = derive_wins(state, TODAY)
    recent = {w: win for w, win in everything.items() if win["occurred_on"] >= "2026-03-11"}
    assert derive_wins_since(state, day("2026-03-11"), TODAY) == recent


def test_a_late_check_in_that_closes_a_gap_takes_back_welcome_back():
    state = recompute([a_checkin(on="2026-03-01"), a_checkin(on="2026-03-02"), a_checkin(on="2026-03-06")])
    earned = stamps(derive_wins(state, TODAY))
    late = a_checkin(on="2026-03-04")
    since = earliest_affected(None, late)
    derived = derive_wins_since(apply_put(state, None, late), since, TODAY)
    to_add, to_retract = reconcile(earned, derived, "addition", since=since)
    assert to_retract == ["welcome-back:2026-03-06"]
    assert to_add == {}


def test_a_win_stays_earned_after_its_entry_is_corrected_or_deleted():
    entry = a_checkin(on="2026-03-03")
    earned = stamps(wins_of(*checkins("2026-03-01", 2), entry))
    since = earliest_affected(entry, None)
    derived = derive_wins_since(recompute(checkins("2026-03-01", 2)), since, TODAY)
    assert "streak-3:2026-03-03" in earned and "streak-3:2026-03-03" not in derived
    for change in ("correction", "deletion"):
        assert reconcile(earned, derived, change, since=since) == ({}, [])


def test_a_late_earlier_entry_restates_a_win_under_the_same_id():
    earned = stamps(wins_of(a_breathing(on="2026-03-10")))
    derived = wins_of(a_breathing(on="2026-03-10"), a_breathing(on="2026-03-05"))
    to_add, to_retract = reconcile(earned, derived, "addition", since=day("2026-03-05"))
    assert to_add["first-entry:breathing"]["occurred_on"] == "2026-03-05"
    assert to_retract == []


def test_reconciling_leaves_wins_before_since_alone():
    earned = stamps(wins_of(*checkins("2026-03-01", 3)))
    assert reconcile(earned, {}, "addition", since=day("2026-03-04")) == ({}, [])


def test_reconciling_needs_a_known_kind_of_change():
    with pytest.raises(ValueError):
        reconcile({}, {}, "update")


def test_derivation_picks_up_from_the_day_after_it_last_ran_when_that_is_earlier():
    assert wins_since(day("2026-03-10"), day("2026-03-04")) == day("2026-03-05")
    assert wins_since(day("2026-03-02"), day("2026-03-04")) == day("2026-03-02")
    assert wins_since(None, day("2026-03-04")) == day("2026-03-05")
    assert wins_since(day("2026-03-02"), None) is None


def test_derivation_never_starts_before_the_wins_horizon():
    horizon = horizon_start(day("2026-03-31"), day("2026-03-30"))
    assert horizon == day("2026-01-30")  # 60 days before the latest today seen
    assert horizon_start(day("2026-03-29"), day("2026-03-31")) == horizon  # a time zone change never moves it back
    assert wins_since(day("2025-06-01"), day("2026-03-30"), horizon) == horizon
    assert wins_since(day("2026-03-02"), None, horizon) == horizon


def test_a_planned_experiment_brings_its_win_when_its_day_arrives():
    planned = an_experiment(planned_for="2026-03-12", strength="hope")
    state = apply_put(empty_state(), None, planned)
    earned = stamps(derive_wins(state, day("2026-03-10")))
    assert earned == {}
    period = away("2026-03-20", "2026-03-21")
    since = wins_since(earliest_affected(None, period), derived_through=day("2026-03-10"))
    state = apply_away(state, None, period)
    to_add, _ = reconcile(earned, derive_wins_since(state, since, day("2026-03-15")), "addition", since=since)
    assert set(to_add) == {"first-entry:experiment", "new-strength:hope"}


@st.composite
def long_history(draw, days=200):
    """Check-ins, rated breathing and moods scattered over `days` days from 2025-09-01, and away time."""
    first, entries = day("2025-09-01"), []
    for offset in sorted(set(draw(st.lists(st.integers(0, days - 1), max_size=120)))):
        on = first + timedelta(days=offset)
        kind = draw(st.sampled_from(["checkin", "checkin", "breathing", "mood"]))
        if kind == "checkin":
            entries.append(a_checkin(on=on, mood=draw(st.integers(0, 10))))
        elif kind == "breathing":
            entries.append(a_breathing(on=on, minutes=draw(st.integers(1, 40)), before=draw(st.integers(3, 10)),
                                       after=draw(st.integers(0, 3))))
        else:
            entries.append(a_mood(on=on, rating=draw(st.integers(0, 10))))
    periods = [away(first + timedelta(days=s), first + timedelta(days=s + n))
               for s, n in draw(st.lists(st.tuples(st.integers(0, days - 1), st.integers(0, 5)), max_size=3))]
    return recompute(entries, away_periods=periods), first


@settings(max_examples=150, deadline=None)
@given(history=long_history(), since_offset=st.integers(0, 200))
def test_wins_derived_from_a_late_day_read_only_recent_days_yet_equal_those_of_the_whole_history(history, since_offset):
    """The rules read LOOKBACK_DAYS before `since` plus carried sums (streak, minutes, last rated
    practices, firsts): over long histories they find exactly what reading everything finds."""
    state, first = history
    today, since = first + timedelta(days=200), first + timedelta(days=since_offset)
    everything = derive_wins(state, today)
    assert derive_wins_since(state, since, today) == {
        win_id: win for win_id, win in everything.items() if win["occurred_on"] >= since.isoformat()}


@settings(max_examples=150, deadline=None)
@given(history=long_history(days=400), today_offset=st.integers(130, 420), since_back=st.integers(0, 60))
def test_an_archived_state_gives_the_summary_and_wins_of_the_whole_state(history, today_offset, since_back):
    """Days before the archive boundary are read through what they carry (streaks, habit scores,
    seconds, rated practices, firsts): the same numbers as decoding every day."""
    state, first = history
    today = first + timedelta(days=today_offset)
    archived = prune(state, today)
    boundary = (today.toordinal() - ARCHIVE_KEEP_DAYS) // ARCHIVE_BLOCK_DAYS * ARCHIVE_BLOCK_DAYS
    assert (archived["archive"] is not None) == (state["first"] is not None and state["first"] < boundary)
    assert unarchived(archived)["days"] == state["days"]
    assert summarize(archived, today) == summarize(state, today)
    since = today - timedelta(days=since_back)
    assert derive_wins_since(archived, since, today) == derive_wins_since(state, since, today)
