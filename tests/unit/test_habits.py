"""Check-in streaks and the habit-strength score, with away days skipped."""
from __future__ import annotations

import pytest

from stepping_stones.domain.habits import adherence, current_streak, habit_strength, longest_streak, quiet_days_between
from tests.support.builders import days

KEEP = 0.5 ** (1 / 13)


def n(on: str) -> int:
    return days(on, 1)[0].toordinal()


def run(first: str, count: int) -> set[int]:
    return {d.toordinal() for d in days(first, count)}


def test_a_streak_counts_consecutive_days_ending_today():
    assert current_streak(run("2026-03-01", 5), set(), today=n("2026-03-05")) == 5


def test_a_streak_still_counts_while_today_is_open():
    assert current_streak(run("2026-03-01", 5), set(), today=n("2026-03-06")) == 5


def test_a_streak_ends_after_a_whole_day_without_a_check_in():
    assert current_streak(run("2026-03-01", 5), set(), today=n("2026-03-07")) == 0


def test_a_missed_day_starts_the_streak_afresh():
    done = run("2026-03-01", 3) | run("2026-03-05", 2)
    assert current_streak(done, set(), today=n("2026-03-06")) == 2
    assert longest_streak(done, set(), today=n("2026-03-06")) == 3


def test_away_days_neither_break_a_streak_nor_count_towards_it():
    done = run("2026-03-01", 3) | run("2026-03-08", 2)
    assert current_streak(done, run("2026-03-04", 4), today=n("2026-03-09")) == 5


def test_a_streak_survives_being_away_today_and_yesterday():
    assert current_streak(run("2026-03-01", 3), run("2026-03-04", 2), today=n("2026-03-05")) == 3


def test_a_check_in_on_an_away_day_still_counts():
    assert current_streak(run("2026-03-01", 4), run("2026-03-03", 1), today=n("2026-03-04")) == 4


def test_the_longest_streak_ignores_check_ins_after_today():
    done = run("2026-03-01", 2) | run("2026-03-10", 9)
    assert longest_streak(done, set(), today=n("2026-03-12")) == 3


def test_no_check_ins_means_no_streak():
    assert current_streak(set(), set(), n("2026-03-01")) == longest_streak(set(), set(), n("2026-03-01")) == 0


def test_quiet_days_between_check_ins_leave_out_away_days():
    assert quiet_days_between(n("2026-03-01"), n("2026-03-06"), run("2026-03-02", 2)) == 2
    assert quiet_days_between(n("2026-03-01"), n("2026-03-02"), set()) == 0


def test_habit_strength_is_zero_without_any_practice():
    assert habit_strength(set(), set(), n("2026-03-01")) == 0.0


def test_habit_strength_of_one_day_is_one_minus_the_daily_weight():
    assert habit_strength(run("2026-03-01", 1), set(), n("2026-03-01")) == pytest.approx(1 - KEEP)


def test_habit_strength_decays_by_the_daily_weight_on_a_day_not_practised():
    assert habit_strength(run("2026-03-01", 1), set(), n("2026-03-02")) == pytest.approx((1 - KEEP) * KEEP)


def test_habit_strength_halves_in_about_thirteen_days_without_practice():
    practised = habit_strength(run("2025-01-01", 400), set(), n("2026-02-04"))
    after = habit_strength(run("2025-01-01", 400), set(), n("2026-02-17"))
    assert after == pytest.approx(practised / 2)


def test_habit_strength_nears_one_after_months_of_daily_practice():
    assert habit_strength(run("2025-01-01", 120), set(), n("2025-04-30")) > 0.99


def test_away_days_leave_habit_strength_untouched():
    done, today = run("2026-03-01", 5), n("2026-03-12")
    assert habit_strength(done, run("2026-03-06", 7), today) == habit_strength(done, set(), n("2026-03-05"))


def test_adherence_is_the_percent_of_days_done_leaving_out_away_days():
    done = run("2026-03-01", 3)
    assert adherence(done, set(), n("2026-03-01"), n("2026-03-06")) == 50.0
    assert adherence(done, run("2026-03-04", 3), n("2026-03-01"), n("2026-03-06")) == 100.0


def test_adherence_is_none_when_every_day_was_away():
    assert adherence(set(), run("2026-03-01", 7), n("2026-03-01"), n("2026-03-07")) is None
