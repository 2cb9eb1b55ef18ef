"""When an assigned PHQ-9 or GAD-7 is due: once, weekly, fortnightly and before each session, in local dates."""
from __future__ import annotations

from datetime import date

import pytest

from stepping_stones.domain.measures.rhythm import BEFORE_SESSION_DAYS, current_occasion, next_opening, session_for


def an_assignment(rhythm: str, starts_on: str = "2026-03-02", session_date: str | None = None) -> dict:
    return {"measure": "phq9", "rhythm": rhythm, "starts_on": starts_on, "session_date": session_date}


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_a_one_off_questionnaire_is_due_from_its_first_day_until_answered_or_skipped():
    once = an_assignment("once")
    assert current_occasion(once, [], d("2026-03-01")) is None
    assert current_occasion(once, [], d("2026-03-02")).due
    assert current_occasion(once, [], d("2026-04-30")).due  # never "overdue": simply still there
    assert not current_occasion(once, [d("2026-03-05")], d("2026-03-09")).due
    assert next_opening(once, d("2026-03-03")) is None


@pytest.mark.parametrize("rhythm, period", [("weekly", 7), ("fortnightly", 14)])
def test_a_recurring_questionnaire_opens_every_period_and_one_answer_settles_only_its_own_occasion(rhythm, period):
    recurring = an_assignment(rhythm)
    answered = [d("2026-03-03")]
    assert not current_occasion(recurring, answered, d(f"2026-03-{2 + period - 1:02d}")).due
    later = current_occasion(recurring, answered, d(f"2026-03-{2 + period:02d}"))
    assert later.due and later.opens_on == d(f"2026-03-{2 + period:02d}")
    assert next_opening(recurring, d("2026-03-03")) == d(f"2026-03-{2 + period:02d}")


def test_unanswered_weeks_never_pile_up_the_latest_occasion_replaces_the_earlier_one():
    weekly = an_assignment("weekly")
    occasion = current_occasion(weekly, [], d("2026-03-25"))
    assert occasion.opens_on == d("2026-03-23") and occasion.due


def test_before_each_session_opens_two_days_before_the_session_and_closes_after_it():
    before = an_assignment("before_session", session_date="2026-03-12")
    assert BEFORE_SESSION_DAYS == 2
    assert current_occasion(before, [], d("2026-03-09")) is None
    assert current_occasion(before, [], d("2026-03-10")).due
    assert current_occasion(before, [], d("2026-03-12")).due
    assert current_occasion(before, [], d("2026-03-13")) is None
    assert not current_occasion(before, [d("2026-03-11")], d("2026-03-12")).due
    assert current_occasion(before, [d("2026-03-09")], d("2026-03-12")).due  # an answer before it opened does not count
    assert next_opening(before, d("2026-03-05")) == d("2026-03-10")
    assert current_occasion(an_assignment("before_session"), [], d("2026-03-10")) is None  # no date yet


def test_before_each_session_without_its_own_date_follows_the_next_session_the_therapist_set():
    following = an_assignment("before_session")
    assert session_for(following, "2026-03-12") == d("2026-03-12")
    assert current_occasion(following, [], d("2026-03-09"), next_session="2026-03-12") is None
    assert current_occasion(following, [], d("2026-03-10"), next_session=d("2026-03-12")).due
    assert next_opening(following, d("2026-03-05"), next_session="2026-03-12") == d("2026-03-10")
    assert current_occasion(following, [], d("2026-03-10"), next_session=None) is None  # no session set yet


def test_moving_the_next_session_moves_the_occasion_and_an_earlier_answer_does_not_settle_the_later_one():
    following = an_assignment("before_session")
    answered = [d("2026-03-11")]
    assert not current_occasion(following, answered, d("2026-03-12"), next_session="2026-03-12").due
    assert current_occasion(following, answered, d("2026-03-12"), next_session="2026-03-19") is None
    assert next_opening(following, d("2026-03-12"), next_session="2026-03-19") == d("2026-03-17")
    moved = current_occasion(following, answered, d("2026-03-17"), next_session="2026-03-19")
    assert moved.due and moved.opens_on == d("2026-03-17")


def test_a_session_date_given_with_the_assignment_wins_over_the_next_session():
    given = an_assignment("before_session", session_date="2026-03-12")
    assert session_for(given, "2026-03-26") == d("2026-03-12")
    assert current_occasion(given, [], d("2026-03-10"), next_session="2026-03-26").due
    assert session_for(an_assignment("weekly"), "2026-03-26") is None
