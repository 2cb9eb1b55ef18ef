"""Reading the state for computing: the `Timeline` of a span of days and what came before it."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from stepping_stones.domain.habits import quiet_days_between

from .archive import is_archived, unarchived
from .carried import carried
from .layout import (
    CHECKIN_MOOD,
    MOODS,
    SESSIONS,
    STRESS_KEEP,
    DayCell,
    State,
    all_goal_facts,
    away_days,
    day_cells,
    first_planned_by_strength,
)


class ExperimentFact(NamedTuple):
    id: str | None  # None once older than the detail horizon
    strength: str
    planned: int
    done: int | None
    learned: bool


@dataclass(frozen=True)
class Timeline:
    """The state read for computing, for the days `lo`..`hi` (day numbers) and what came before.

    Daily facts are those of lo..hi only; experiments, goals and away days are all of them;
    `firsts` and the `*_before` carries sum up the days before lo.
    """

    lo: int
    hi: int
    checkins: dict[int, int]  # day -> mood
    mood_entries: dict[int, int]  # day -> number of mood entries
    mood_totals: dict[int, tuple[int, int]]  # day -> (sum, count) of check-in moods and ratings
    breathing: dict[int, tuple[int, int]]  # day -> (sessions, seconds)
    stress_drops: tuple[tuple[int, int], ...]  # (day, before - after) in order practised; up to
    #                                             STRESS_KEEP of them from before lo come first
    experiments: tuple[ExperimentFact, ...]  # all but those archived (all dated before lo); with ids only
    #                                          when read without id_less
    goals: dict[str, tuple[int | None, ...]]  # goal id -> each step's done day (goals with ids)
    steps: tuple[tuple[str, str, int], ...]  # (goal id, step id, done day) of steps done, goals with ids
    step_days: tuple[int, ...]  # the done day of every step done, all goals
    goals_completed: tuple[int, ...]  # the day each goal with all steps done was completed
    away: frozenset[int]
    firsts: dict[str, int]  # kind -> first day logged, whole history
    strengths: dict[str, int]  # strength -> first day an experiment with it was planned, whole history
    last_checkin_before: int | None  # the last check-in day before lo
    streak_before: int  # the length of the streak ending on it
    seconds_before: int  # breathing seconds before lo
    low_days: frozenset[int] = frozenset()  # days lo..hi with a check-in mood or rating of LOW_VALUE_MAX or less

    def mood_between(self, first: int, last: int) -> tuple[int, int]:
        """Sum and count of check-in moods and mood ratings on days first..last, each value once."""
        totals = [self.mood_totals.get(day, (0, 0)) for day in range(first, last + 1)]
        return sum(total for total, _ in totals), sum(count for _, count in totals)


def first_day(state: State) -> int | None:
    """The client's first day: the earliest day with anything logged."""
    days = [state["first"], carried(state)["first"], *(fact[1] for fact in state["experiments"].values()),
            *first_planned_by_strength(state["old_experiments"]).values(),
            *(done for fact in all_goal_facts(state) for done in fact[1:])]
    return min((day for day in days if day is not None), default=None)


def read_timeline(state: State, lo: int | None = None, hi: int | None = None, *, carries: bool = True,
                  id_less: bool = True) -> Timeline:
    """The timeline of days lo..hi (by default every day with daily facts). Without `carries`,
    what came before lo is left out (the win rules need it; the summary and the review do not).
    Without `id_less`, `experiments` holds only those with ids (the win rules read no others), so
    reading costs the same however many id-less experiments there are."""
    if lo is None or is_archived(state, lo):
        state = unarchived(state)
    start = state["first"] if state["first"] is not None else 0
    lo = start if lo is None else lo
    hi = start + len(state["days"]) - 1 if hi is None else hi
    checkins, mood_entries, mood_totals, breathing, drops, low_days = {}, {}, {}, {}, [], set()
    for day, cell in day_cells(state, lo, hi):
        if cell.low_values():
            low_days.add(day)
        if cell.checkin_mood is not None:
            checkins[day] = cell.checkin_mood
        total, count = cell.mood_total()
        if cell.moods:
            mood_entries[day] = cell.moods
        if count:
            mood_totals[day] = (total, count)
        if cell.sessions:
            breathing[day] = (cell.sessions, cell.seconds)
        drops += [(day, drop) for drop in cell.stress_drops()]
    away = away_days(state)
    last_checkin, streak = _checkin_before(state, lo, away) if carries else (None, 0)
    experiments = tuple(_experiment(eid, fact) for eid, fact in state["experiments"].items())
    if id_less:
        experiments += tuple(_experiment(None, fact) for fact in state["old_experiments"])
    goal_facts = all_goal_facts(state)
    firsts = _firsts(state)
    strengths = dict(carried(state)["strengths"])
    planned = [*((fact[0], fact[1]) for fact in state["experiments"].values()),
               *first_planned_by_strength(state["old_experiments"]).items()]
    for strength, day in planned:
        if day < strengths.get(strength, day + 1):
            strengths[strength] = day
    if strengths:
        firsts["experiment"] = min(strengths.values())
    return Timeline(
        lo=lo, hi=hi, checkins=checkins, mood_entries=mood_entries, mood_totals=mood_totals,
        breathing=breathing, stress_drops=(*(_drops_before(state, lo) if carries else ()), *drops),
        experiments=experiments,
        goals={gid: tuple(done for _, done in goal_steps) for gid, goal_steps in state["goals"].items()},
        steps=tuple((gid, sid, done) for gid, goal_steps in state["goals"].items()
                    for sid, done in goal_steps if done is not None),
        step_days=tuple(done for fact in goal_facts for done in fact[1:]),
        goals_completed=tuple(fact[-1] for fact in goal_facts if fact[0] and len(fact) == fact[0] + 1),
        away=away, firsts=firsts, strengths=strengths, last_checkin_before=last_checkin, streak_before=streak,
        seconds_before=_seconds_before(state, lo) if carries else 0, low_days=frozenset(low_days),
    )


def _experiment(experiment_id: str | None, fact: list) -> ExperimentFact:
    """A stored experiment fact, [strength, planned day, done day | None, learned 0/1, ...], read by name."""
    strength, planned, done, learned = fact[:4]
    return ExperimentFact(experiment_id, strength, planned, done, bool(learned))


def _firsts(state: State) -> dict[str, int]:
    firsts: dict[str, int] = dict(carried(state)["firsts"])
    for day, cell in day_cells(state):
        for kind, column in (("checkin", CHECKIN_MOOD), ("mood", MOODS), ("breathing", SESSIONS)):
            if kind not in firsts and cell.holds(column):
                firsts[kind] = day
        if len(firsts) == 3:
            break
    return firsts


def _cells_backwards(state: State, before: int) -> Iterator[tuple[int, DayCell]]:
    """(day, cell) of the days in `days` before `before`, latest first."""
    first, days = state["first"], state["days"]
    if first is None:
        return
    for day in range(min(before - 1, first + len(days) - 1), first - 1, -1):
        yield day, DayCell.from_list(days[day - first])


def _checkin_before(state: State, lo: int, away: frozenset[int]) -> tuple[int | None, int]:
    """The last check-in day before lo and the length of the streak ending on it."""
    last, length, earliest = None, 0, None
    for day, cell in _cells_backwards(state, lo):
        if cell.holds(CHECKIN_MOOD):
            last, length, earliest = (day if last is None else last), length + 1, day
        elif last is not None and day not in away:
            return last, length  # a quiet day ends the streak
    carry = carried(state)
    if carry["last_checkin"] is None:
        return last, length
    if last is None:
        return carry["last_checkin"], carry["streak"]
    joined = earliest is not None and quiet_days_between(carry["last_checkin"], earliest, away) == 0
    return last, length + carry["streak"] if joined else length


def _drops_before(state: State, lo: int) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for day, cell in _cells_backwards(state, lo):
        if cell.stress:
            found[:0] = [(day, drop) for drop in cell.stress_drops()]
            if len(found) >= STRESS_KEEP:
                break
    if len(found) < STRESS_KEEP:
        found[:0] = [tuple(drop) for drop in carried(state)["drops"]]
    return found[-STRESS_KEEP:]


def _seconds_before(state: State, lo: int) -> int:
    return carried(state)["seconds"] + sum(cell.seconds for _, cell in day_cells(state, hi=lo - 1))
