"""Small builders of records for tests: sensible defaults, dates as ISO strings; any other field of the record
by its name (`note=`, `emotions=`)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from itertools import count

from stepping_stones.domain import records

_serial = count(1)


def _id(prefix: str) -> str:
    return f"{prefix}-{next(_serial)}"


def day(on: str | date) -> date:
    return on if isinstance(on, date) else date.fromisoformat(on)


def days(first: str, n: int, step: int = 1) -> list[date]:
    return [day(first) + timedelta(days=i * step) for i in range(n)]


def a_checkin(on="2026-03-02", mood=3, id=None, **fields) -> records.CheckIn:
    return records.CheckIn(id=id or _id("checkin"), local_date=day(on), mood=mood, **fields)


def a_mood(on="2026-03-02", rating=3, id=None, at=None, **fields) -> records.MoodEntry:
    at = at or datetime.combine(day(on), time(12), timezone.utc)
    return records.MoodEntry(id=id or _id("mood"), at=at, local_date=day(on), rating=rating, **fields)


def a_breathing(on="2026-03-02", minutes=5, before=None, after=None, id=None, at=None,
                seconds=None, technique="box") -> records.BreathingPractice:
    at = at or datetime.combine(day(on), time(8), timezone.utc)
    return records.BreathingPractice(id=id or _id("breathing"), started_at=at, local_date=day(on),
                                     duration_seconds=seconds if seconds is not None else minutes * 60,
                                     technique=technique, stress_before=before, stress_after=after)


def an_experiment(planned_for="2026-03-02", strength="bravery", done_on=None, learned=None,
                  id=None) -> records.Experiment:
    outcome = None
    if done_on is not None:
        outcome = records.ExperimentOutcome(done_on=day(done_on), what_happened="I asked a question in class",
                                            outcome_rating=4, learned=learned)
    return records.Experiment(id=id or _id("experiment"), strength=strength, plan="Ask one question",
                              prediction="I will blush", planned_for=day(planned_for), outcome=outcome)


def a_step(done_on=None, id=None) -> records.Step:
    return records.Step(id=id or _id("step"), title="Write one line", done_when="one line is written",
                        done_on=day(done_on) if done_on else None)


def a_goal(*steps: records.Step, id=None) -> records.Goal:
    return records.Goal(id=id or _id("goal"), title="Finish the essay", why="It matters to me", steps=steps)


def away(start: str, end: str, id=None) -> records.AwayPeriod:
    return records.AwayPeriod(id=id or _id("away"), start=day(start), end=day(end))
