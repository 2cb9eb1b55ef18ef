"""The progress state: one client's compact per-day facts, a JSON-able dict kept in one document."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, NamedTuple

from stepping_stones.domain.records import (
    AwayPeriod,
    BreathingPractice,
    CheckIn,
    Entry,
    Experiment,
    Goal,
    MoodEntry,
)

VERSION = 1
SECTIONS = ("checkins", "moods", "breathing", "experiments", "goals", "away")
State = dict[str, Any]
Record = Entry | Goal | AwayPeriod

# Layout (dates are ISO strings; no list holds a list, so Firestore can store it as is):
#   checkins    {day: [checkin_id, mood]}                  one check-in per local date
#   moods       {day: {entry_id: rating}}
#   breathing   {day: {entry_id: [started_utc, seconds, stress_before, stress_after]}}
#   experiments {experiment_id: [strength, planned_for, done_on | None, has_learned]}
#   goals       {goal_id: {step_id: done_on | None}}
#   away        {period_id: [start, end]}


def empty_state() -> State:
    return {"version": VERSION, **{section: {} for section in SECTIONS}}


def apply_put(state: State, old: Entry | None, new: Entry) -> State:
    """Store `new`; `old` is the stored version of the same entry, or None when there is none.

    Facts are keyed by entry id, so putting the same entry twice changes nothing.
    """
    if old is not None:
        state = apply_delete(state, old)
    section, path, value = _placement(new)
    return _replace(state, section, path, value)


def apply_delete(state: State, old: Entry) -> State:
    section, path, _ = _placement(old)
    if section == "checkins" and state[section].get(path[0], [None])[0] != old.id:
        return state  # that date now holds another check-in
    return _replace(state, section, path, None)


def apply_goal(state: State, old: Goal | None, new: Goal | None) -> State:
    """Store a goal with its steps; `new` None means the goal was deleted."""
    if old is not None:
        state = _replace(state, "goals", (old.id,), None)
    if new is not None:
        state = _replace(state, "goals", (new.id,), _steps_of(new))
    return state


def apply_away(state: State, old: AwayPeriod | None, new: AwayPeriod | None) -> State:
    if old is not None:
        state = _replace(state, "away", (old.id,), None)
    if new is not None:
        state = _replace(state, "away", (new.id,), _span_of(new))
    return state


def recompute(
    entries: Iterable[Entry], goals: Iterable[Goal] = (), away_periods: Iterable[AwayPeriod] = ()
) -> State:
    state = empty_state()
    for entry in entries:
        section, path, value = _placement(entry)
        target = state[section]
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value
    state["goals"].update((goal.id, _steps_of(goal)) for goal in goals)
    state["away"].update((period.id, _span_of(period)) for period in away_periods)
    return state


def earliest_affected(old: Record | None, new: Record | None) -> date | None:
    """The earliest local date whose facts a change touches; None if it touches no dated fact.

    Wins on earlier dates cannot change (see wins.py). For a goal this is its earliest step done.
    """
    return min((day for record in (old, new) if record is not None for day in _days_of(record)),
               default=None)


def _days_of(record: Record) -> list[date]:
    if isinstance(record, Goal):
        return [step.done_on for step in record.steps if step.done_on is not None]
    if isinstance(record, AwayPeriod):
        return [record.start]
    if isinstance(record, Experiment) and record.outcome is not None:
        return [record.planned_for, record.outcome.done_on]
    return [record.local_date]


def _placement(entry: Entry) -> tuple[str, tuple[str, ...], Any]:
    day = entry.local_date.isoformat()
    if isinstance(entry, CheckIn):
        return "checkins", (day,), [entry.id, entry.mood]
    if isinstance(entry, MoodEntry):
        return "moods", (day, entry.id), entry.rating
    if isinstance(entry, BreathingPractice):
        session = [_utc(entry.started_at), entry.duration_seconds, entry.stress_before, entry.stress_after]
        return "breathing", (day, entry.id), session
    if isinstance(entry, Experiment):
        outcome = entry.outcome
        done_on = outcome.done_on.isoformat() if outcome else None
        learned = bool(outcome and outcome.learned and outcome.learned.strip())
        return "experiments", (entry.id,), [entry.strength, day, done_on, learned]
    raise TypeError(f"not an entry: {entry!r}")


def _steps_of(goal: Goal) -> dict[str, str | None]:
    return {step.id: step.done_on.isoformat() if step.done_on else None for step in goal.steps}


def _span_of(period: AwayPeriod) -> list[str]:
    return [period.start.isoformat(), period.end.isoformat()]


def _utc(moment: datetime) -> str:
    """An instant as sortable text: UTC with a Z when the phone sent an offset."""
    if moment.tzinfo is None:
        return moment.isoformat(timespec="seconds")
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _replace(state: State, section: str, path: tuple[str, ...], value: Any) -> State:
    """A new state with `value` at `path` (None removes it); unchanged parts are shared, not copied."""
    return {**state, section: _set(state[section], path, value)}


def _set(mapping: dict, path: tuple[str, ...], value: Any) -> dict:
    key, rest = path[0], path[1:]
    updated = dict(mapping)
    if rest:
        value = _set(mapping.get(key, {}), rest, value) or None  # drop emptied days
    if value is None:
        updated.pop(key, None)
    else:
        updated[key] = value
    return updated


class ExperimentFact(NamedTuple):
    id: str
    strength: str
    planned: int
    done: int | None
    learned: bool


@dataclass(frozen=True)
class Timeline:
    """The state read for computing: every day is a day number (`date.toordinal()`)."""

    checkins: dict[int, int]  # day -> mood
    mood_entries: dict[int, int]  # day -> number of mood entries
    mood_totals: dict[int, tuple[int, int]]  # day -> (sum, count) of check-in moods and ratings
    breathing: dict[int, tuple[int, int]]  # day -> (sessions, seconds)
    stress_drops: tuple[tuple[int, int], ...]  # (day, before - after), in order practised
    experiments: tuple[ExperimentFact, ...]
    goals: dict[str, tuple[int | None, ...]]  # goal id -> each step's done day
    steps: tuple[tuple[str, str, int], ...]  # (goal id, step id, done day) of steps done
    away: frozenset[int]

    def mood_between(self, first: int, last: int) -> tuple[int, int]:
        """Sum and count of check-in moods and mood ratings on days first..last, each value once."""
        totals = [self.mood_totals.get(day, (0, 0)) for day in range(first, last + 1)]
        return sum(total for total, _ in totals), sum(count for _, count in totals)


def read_timeline(state: State) -> Timeline:
    checkins = {_day(day): mood for day, (_, mood) in state["checkins"].items()}
    moods = {_day(day): list(ratings.values()) for day, ratings in state["moods"].items()}
    mood_totals = {day: (mood, 1) for day, mood in checkins.items()}
    for day, ratings in moods.items():
        total, count = mood_totals.get(day, (0, 0))
        mood_totals[day] = (total + sum(ratings), count + len(ratings))
    breathing, stressed = {}, []
    for iso_day, sessions in state["breathing"].items():
        day = _day(iso_day)
        breathing[day] = (len(sessions), sum(s[1] for s in sessions.values()))
        stressed += [(day, s[0], s[2] - s[3]) for s in sessions.values() if None not in (s[2], s[3])]
    goals = {gid: tuple(_day(d) if d else None for d in steps.values())
             for gid, steps in state["goals"].items()}
    return Timeline(
        checkins=checkins,
        mood_entries={day: len(ratings) for day, ratings in moods.items()},
        mood_totals=mood_totals,
        breathing=breathing,
        stress_drops=tuple((day, drop) for day, _, drop in sorted(stressed)),
        experiments=tuple(ExperimentFact(eid, strength, _day(planned), _day(done) if done else None, learned)
                          for eid, (strength, planned, done, learned) in state["experiments"].items()),
        goals=goals,
        steps=tuple((gid, sid, _day(done)) for gid, steps in state["goals"].items()
                    for sid, done in steps.items() if done),
        away=frozenset(day for start, end in state["away"].values()
                       for day in range(_day(start), _day(end) + 1)),
    )


def _day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()
