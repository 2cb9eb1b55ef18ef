"""Records rebuilt from the progress state: the numbers and dates only, free text left empty.

The therapist's review reads the one summary document instead of every entry, so its cost does
not grow with history; these skeletons carry all the review's counts and signals need.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone

from .progress_state import State
from .records import (
    AwayPeriod, BreathingPractice, CheckIn, Experiment, ExperimentOutcome, Goal, MoodEntry, Step,
)

LEARNED_SOMETHING = "(learned something)"  # stands for text the state does not keep


def _in(day: str, since: date, until: date) -> bool:
    return since.isoformat() <= day <= until.isoformat()


def checkins_between(state: State, since: date, until: date) -> list[CheckIn]:
    return [CheckIn(id=entry_id, local_date=date.fromisoformat(day), mood=mood)
            for day, (entry_id, mood) in state["checkins"].items() if _in(day, since, until)]


def moods_between(state: State, since: date, until: date) -> list[MoodEntry]:
    return [
        MoodEntry(id=entry_id, at=datetime.combine(date.fromisoformat(day), time(12), timezone.utc),
                  local_date=date.fromisoformat(day), rating=rating)
        for day, ratings in state["moods"].items() if _in(day, since, until)
        for entry_id, rating in ratings.items()
    ]


def breathing_between(state: State, since: date, until: date) -> list[BreathingPractice]:
    return [
        BreathingPractice(id=entry_id, started_at=datetime.fromisoformat(started.replace("Z", "+00:00")),
                          local_date=date.fromisoformat(day), duration_seconds=seconds, technique="other",
                          stress_before=before, stress_after=after)
        for day, sessions in state["breathing"].items() if _in(day, since, until)
        for entry_id, (started, seconds, before, after) in sessions.items()
    ]


def experiments(state: State) -> list[Experiment]:
    return [
        Experiment(
            id=experiment_id, strength=strength, plan="", prediction="", planned_for=date.fromisoformat(planned),
            outcome=ExperimentOutcome(done_on=date.fromisoformat(done), what_happened="", outcome_rating=0,
                                      learned=LEARNED_SOMETHING if learned else None) if done else None,
        )
        for experiment_id, (strength, planned, done, learned) in state["experiments"].items()
    ]


def goals(state: State) -> list[Goal]:
    return [
        Goal(id=goal_id, title="", why="", steps=tuple(
            Step(id=step_id, title="", done_when="", done_on=date.fromisoformat(done) if done else None)
            for step_id, done in steps.items()))
        for goal_id, steps in state["goals"].items()
    ]


def away_periods(state: State) -> list[AwayPeriod]:
    return [AwayPeriod(id=period_id, start=date.fromisoformat(start), end=date.fromisoformat(end))
            for period_id, (start, end) in state["away"].items()]
