"""The summary of a client's progress as of a local date."""
from __future__ import annotations

import json

from stepping_stones.domain.summary import summarize
from stepping_stones.domain.summary_state import empty_state, recompute
from tests.support.builders import a_breathing, a_checkin, a_goal, a_mood, a_step, an_experiment, away, day, days

WEDNESDAY = day("2026-03-11")  # the week runs Monday 2026-03-09 to Sunday 2026-03-15


def summary_of(*entries, goals=(), away_periods=(), today=WEDNESDAY):
    return summarize(recompute(entries, goals, away_periods), today)


def test_an_empty_state_gives_a_summary_of_the_same_shape_with_nothing_in_it():
    summary = summarize(empty_state(), WEDNESDAY)
    assert summary == {
        "checkin_streak": {"current": 0, "longest": 0},
        "habit_strength": {"checkins": 0.0, "breathing": 0.0},
        "counts": {"last_7_days": {"checkin": 0, "mood": 0, "breathing": 0, "experiment": 0},
                   "last_28_days": {"checkin": 0, "mood": 0, "breathing": 0, "experiment": 0}},
        "checkin_adherence": {"last_7_days": None, "last_28_days": None},
        "breathing": {"this_week": {"sessions": 0, "minutes": 0.0}, "last_week": {"sessions": 0, "minutes": 0.0},
                      "avg_stress_drop_last_5": None, "sessions_with_stress": 0},
        "mood": {"mean_7_days": None, "count_7_days": 0, "baseline_28_days": None, "count_28_days": 0},
        "experiments": {"planned": 0, "done": 0, "lapsed": 0},
        "steps_done_this_week": 0,
        "last_active": None,
        "away_today": False,
    }


def test_a_summary_is_plain_json():
    summary = summary_of(a_checkin(on="2026-03-10"), a_breathing(on="2026-03-10", before=6, after=3))
    assert json.loads(json.dumps(summary)) == summary


def test_the_summary_shows_the_current_and_longest_check_in_streak():
    entries = [a_checkin(on=d) for d in days("2026-02-20", 6) + days("2026-03-08", 4)]
    assert summary_of(*entries)["checkin_streak"] == {"current": 4, "longest": 6}


def test_the_summary_rounds_habit_strength_to_three_places():
    strength = summary_of(a_checkin(on="2026-03-11"), a_breathing(on="2026-03-10"))["habit_strength"]
    assert strength == {"checkins": 0.052, "breathing": 0.049}


def test_counts_cover_today_and_the_six_days_before_and_the_last_28_days():
    entries = [a_checkin(on="2026-03-05"), a_checkin(on="2026-03-04"), a_mood(on="2026-03-11"),
               a_mood(on="2026-02-12"), a_mood(on="2026-02-11"), a_breathing(on="2026-03-05"),
               a_breathing(on="2026-03-05"), an_experiment(planned_for="2026-03-11"),
               an_experiment(planned_for="2026-03-12")]
    counts = summary_of(*entries)["counts"]
    assert counts["last_7_days"] == {"checkin": 1, "mood": 1, "breathing": 2, "experiment": 1}
    assert counts["last_28_days"] == {"checkin": 2, "mood": 2, "breathing": 2, "experiment": 1}


def test_check_in_adherence_is_a_percent_of_the_days_not_away():
    entries = [a_checkin(on=d) for d in days("2026-03-05", 4)]
    adherence = summary_of(*entries, away_periods=[away("2026-03-09", "2026-03-10")])["checkin_adherence"]
    assert adherence == {"last_7_days": 80.0, "last_28_days": 80.0}  # both from the first day, 5 March


def test_two_weeks_of_near_perfect_logging_show_near_perfect_adherence_not_the_days_before_starting():
    entries = [a_checkin(on=d) for d in days("2026-02-26", 14) if d != day("2026-03-03")]
    adherence = summary_of(*entries)["checkin_adherence"]
    assert adherence == {"last_7_days": 100.0, "last_28_days": 92.9}  # 13 of 14 days, not 13 of 28


def test_a_client_who_logged_nothing_yet_is_shown_no_adherence_rather_than_zero():
    summary = summary_of(an_experiment(planned_for="2026-03-12"))  # their first day is tomorrow
    assert summary["checkin_adherence"] == {"last_7_days": None, "last_28_days": None}


def test_check_in_adherence_is_none_when_every_day_was_away():
    summary = summary_of(away_periods=[away("2026-02-01", "2026-03-31")])
    assert summary["checkin_adherence"] == {"last_7_days": None, "last_28_days": None}


def test_breathing_weeks_start_on_monday_in_local_dates():
    entries = [a_breathing(on="2026-03-09", minutes=3), a_breathing(on="2026-03-11", seconds=90),
               a_breathing(on="2026-03-08", minutes=10), a_breathing(on="2026-03-02", minutes=5),
               a_breathing(on="2026-03-01", minutes=5)]
    breathing = summary_of(*entries)["breathing"]
    assert breathing["this_week"] == {"sessions": 2, "minutes": 4.5}
    assert breathing["last_week"] == {"sessions": 2, "minutes": 15.0}


def test_the_stress_drop_averages_the_last_five_practices_rated_before_and_after():
    drops = zip(days("2026-03-01", 6), [9, 1, 2, 3, 4, 5], strict=True)
    rated = [a_breathing(on=d, before=10, after=10 - drop) for d, drop in drops]
    unrated = [a_breathing(on="2026-03-10", before=7), a_breathing(on="2026-03-10")]
    breathing = summary_of(*rated, *unrated)["breathing"]
    assert breathing["avg_stress_drop_last_5"] == 3.0
    assert breathing["sessions_with_stress"] == 6


def test_the_stress_drop_is_none_until_a_practice_has_both_ratings():
    assert summary_of(a_breathing(on="2026-03-10", before=7))["breathing"]["avg_stress_drop_last_5"] is None


def test_the_mood_counts_check_in_moods_and_mood_ratings_each_once():
    entries = [a_checkin(on="2026-03-10", mood=4), a_mood(on="2026-03-10", rating=2), a_mood(on="2026-03-11", rating=3),
               a_checkin(on="2026-02-20", mood=1)]
    assert summary_of(*entries)["mood"] == {"mean_7_days": 3.0, "count_7_days": 3,
                                            "baseline_28_days": 2.5, "count_28_days": 4}


def test_experiments_are_done_with_an_outcome_and_lapsed_three_days_after_their_day():
    entries = [an_experiment(planned_for="2026-03-01", done_on="2026-03-02"),
               an_experiment(planned_for="2026-03-07"), an_experiment(planned_for="2026-03-08"),
               an_experiment(planned_for="2026-03-20")]
    assert summary_of(*entries)["experiments"] == {"planned": 2, "done": 1, "lapsed": 1}


def test_steps_done_this_week_count_from_monday():
    goal = a_goal(a_step(done_on="2026-03-08"), a_step(done_on="2026-03-09"), a_step(done_on="2026-03-11"), a_step())
    assert summary_of(goals=[goal])["steps_done_this_week"] == 2


def test_last_active_is_the_latest_day_with_any_entry_or_step_up_to_today():
    goal = a_goal(a_step(done_on="2026-03-07"))
    assert summary_of(a_mood(on="2026-03-05"), goals=[goal])["last_active"] == "2026-03-07"
    assert summary_of(a_mood(on="2026-03-05"), an_experiment(planned_for="2026-03-14"))["last_active"] == "2026-03-05"


def test_the_summary_says_when_today_is_an_away_day():
    assert summary_of(away_periods=[away("2026-03-10", "2026-03-12")])["away_today"] is True


def test_facts_dated_after_today_wait_for_their_day():
    entries = [a_checkin(on="2026-03-12"), a_breathing(on="2026-03-12"), a_mood(on="2026-03-12")]
    summary = summary_of(*entries)
    assert summary["counts"]["last_7_days"] == {"checkin": 0, "mood": 0, "breathing": 0, "experiment": 0}
    assert summary_of(*entries, today=day("2026-03-12"))["checkin_streak"]["current"] == 1


def test_planning_an_experiment_for_a_day_is_not_activity_on_that_day():
    quiet_after_planning = summary_of(a_mood(on="2026-03-02"), an_experiment(planned_for="2026-03-08"))
    assert quiet_after_planning["last_active"] == "2026-03-02"
    done = summary_of(a_mood(on="2026-03-02"), an_experiment(planned_for="2026-03-08", done_on="2026-03-09"))
    assert done["last_active"] == "2026-03-09"


def test_days_with_only_a_very_low_mood_do_not_hide_the_last_rated_breathing_practice():
    records = [a_breathing(on="2026-03-01", before=7, after=4)] + [
        a_mood(on=f"2026-03-{n:02d}", rating=1) for n in range(2, 9)]

    breathing = summarize(recompute(records), day("2026-03-09"))["breathing"]

    assert breathing["sessions_with_stress"] == 1
    assert breathing["avg_stress_drop_last_5"] == 3.0
