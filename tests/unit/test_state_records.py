"""Skeleton records rebuilt from the state give the review the same numbers as the full records."""
from __future__ import annotations

from datetime import date

from stepping_stones.domain import review, state_records
from stepping_stones.domain.progress_state import recompute
from tests.unit.builders import a_breathing, a_checkin, a_goal, a_mood, a_step, an_experiment, away

SINCE, UNTIL = date(2026, 3, 1), date(2026, 3, 20)


def history():
    checkins = [a_checkin(on=f"2026-03-{d:02d}", mood=d % 7) for d in (1, 2, 3, 8, 9, 15, 16, 17, 18)]
    moods = [a_mood(on=f"2026-03-{d:02d}", rating=d % 5) for d in (2, 4, 6, 12, 13, 14, 15, 16)]
    breathing = [a_breathing(on=f"2026-03-{d:02d}", minutes=d, before=7, after=3) for d in (3, 5, 10)]
    experiments = [an_experiment(planned_for="2026-03-05", done_on="2026-03-06", learned="x"),
                   an_experiment(planned_for="2026-03-10", strength="curiosity")]
    goals = [a_goal(a_step(done_on="2026-03-07"), a_step())]
    periods = [away("2026-03-11", "2026-03-12")]
    return checkins, moods, breathing, experiments, goals, periods


def test_signals_and_counts_from_the_state_equal_those_from_the_records():
    checkins, moods, breathing, experiments, goals, periods = history()
    state = recompute([*checkins, *moods, *breathing, *experiments], goals, periods)
    rebuilt = (
        state_records.checkins_between(state, date.min, UNTIL), state_records.moods_between(state, date.min, UNTIL),
        state_records.breathing_between(state, date.min, UNTIL), state_records.experiments(state),
        state_records.goals(state), state_records.away_periods(state),
    )

    assert review.engagement_signals(rebuilt[0], rebuilt[1], rebuilt[3], rebuilt[5], SINCE, UNTIL) == \
        review.engagement_signals(checkins, moods, experiments, periods, SINCE, UNTIL)
    assert review.window_counts(rebuilt[0], rebuilt[2], rebuilt[3], rebuilt[4], rebuilt[5], SINCE, UNTIL) == \
        review.window_counts(checkins, breathing, experiments, goals, periods, SINCE, UNTIL)
    assert review.daily_mood_series(rebuilt[0], rebuilt[1], SINCE, UNTIL) == \
        review.daily_mood_series(checkins, moods, SINCE, UNTIL)
