"""The summary state's stored layout: the state's fields, a day's cell (`DayCell`), stress keys and fact lists.

A state is a JSON-ready dict (days are day numbers, `date.toordinal()`):

    version          VERSION
    first            day number of days[0], or None when there are no daily facts
    days             one stored `DayCell` a day from `first` (0 for an empty day)
    experiments      {id: experiment fact} with an outcome dated within DETAIL_DAYS of `as_of`
    old_experiments  the same facts without ids, sorted by `fact_key`
    goals            {id: [[step id, done day | None], ...]} with a step done within DETAIL_DAYS
    old_goals        goal facts of the other goals, sorted: [number of steps, done days ascending...]
    away             [[start, end], ...] sorted
    as_of            the latest day the details were pruned for (never decreases)
    boundary         with an archive: the first day of `days`' span; the days before it are in
    archive          zlib-compressed JSON, decoded only when a change or a read reaches before the
                     boundary (see archive.py)
    carry            what the computations need of the archived days (see carried.py), or None

An experiment fact is [strength, planned day, done day | None, learned 0/1], and a fifth item when the
experiment has both a prediction rating and an outcome rating: outcome rating - prediction rating (facts
stored before that was kept, and experiments without a prediction rating, have four items).
A `DayCell`'s `techniques` (its eighth stored item, added after version 2 began, so older cells lack it)
gives the breathing technique of each rated practice in `stress`, in the same order: 1 + its index in
vocabularies.BREATHING_TECHNIQUES (append-only), or 0 when unknown (a practice stored before techniques
were kept). A cell whose techniques are all unknown stores none, exactly as before.
So a request decodes and scans about ARCHIVE_KEEP_DAYS days, whatever the length of history.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any, NamedTuple

from stepping_stones.domain.records import AwayPeriod, Entry, Experiment, Goal
from stepping_stones.domain.vocabularies import BREATHING_TECHNIQUES

VERSION = 2
DETAIL_DAYS = 60  # the wins horizon (wins.WIN_HORIZON_DAYS): ids of older experiments and goals are dropped
LOOKBACK_DAYS = 35  # the windowed win rules look back at most this far before the first day they report
STRESS_KEEP = 5  # rated practices carried in from before a window (the stress-drop rule's last 5)
ARCHIVE_KEEP_DAYS = 100  # days before the latest today kept decoded: the horizon, the lookback and a margin
ARCHIVE_BLOCK_DAYS = 30  # the archive boundary moves in steps, so most writes leave the archive as it is
LOW_VALUE_MAX = 1  # a check-in mood or mood rating of 0 or 1: a very low moment (help hint, moments to ask about)
State = dict[str, Any]
Record = Entry | Goal | AwayPeriod
StoredCell = list | int  # a DayCell as `days` holds it


class DayCell(NamedTuple):
    """One day's facts. Stored as the list of these fields in this order with trailing empty ones
    dropped (`low_moods` is stored only on a day with a very low rating), or 0 for an empty day."""

    checkin_mood: int | None = None  # the day's check-in mood, None without a check-in
    moods: int = 0  # mood entries
    mood_sum: int = 0  # the sum of their ratings
    sessions: int = 0  # breathing sessions
    seconds: int = 0  # breathing seconds
    stress: tuple[int, ...] = ()  # the stress keys of the sessions rated before and after, ascending (`stress_key`)
    low_moods: int = 0  # mood entries rated LOW_VALUE_MAX or less
    techniques: tuple[int, ...] = ()  # each rated practice's technique number, in `stress`'s order (see above)

    @classmethod
    def from_list(cls, stored: StoredCell) -> DayCell:
        if isinstance(stored, int) or not stored:
            return EMPTY_DAY
        cell = cls(*stored)
        if len(stored) > TECHNIQUES:
            cell = cell._replace(techniques=tuple(cell.techniques))
        return cell._replace(stress=tuple(cell.stress)) if len(stored) > STRESS else cell

    def to_list(self) -> StoredCell:
        stored: list = [*self[:STRESS], list(self.stress), self.low_moods, list(self.techniques)]
        while len(stored) > 1 and not stored[-1]:
            stored.pop()
        return 0 if stored == [None] else stored

    def holds(self, column: int) -> bool:
        """A check-in of any mood (0 included), or a nonzero count."""
        return self.checkin_mood is not None if column == CHECKIN_MOOD else bool(self[column])

    def low_values(self) -> int:
        """How many of the day's check-in mood and mood ratings are LOW_VALUE_MAX or less."""
        return int(self.checkin_mood is not None and self.checkin_mood <= LOW_VALUE_MAX) + self.low_moods

    def mood_total(self) -> tuple[int, int]:
        """(sum, count) of the day's check-in mood and mood ratings together."""
        if self.checkin_mood is None:
            return self.mood_sum, self.moods
        return self.mood_sum + self.checkin_mood, self.moods + 1

    def stress_drops(self) -> list[int]:
        return [stress_drop(key) for key in self.stress]

    def rated(self) -> list[tuple[int, int]]:
        """(stress key, technique number) of each rated practice, in `stress`'s order (0: unknown)."""
        return [(key, self.techniques[i] if i < len(self.techniques) else 0) for i, key in enumerate(self.stress)]

    def with_rated(self, rated: list[tuple[int, int]]) -> DayCell:
        """The cell with these rated practices, sorted; no techniques stored when all are unknown."""
        rated = sorted(rated)
        techniques = tuple(number for _, number in rated)
        return self._replace(stress=tuple(key for key, _ in rated), techniques=techniques if any(techniques) else ())


CHECKIN_MOOD, MOODS, MOOD_SUM, SESSIONS, SECONDS, STRESS, LOW_MOODS, TECHNIQUES = range(len(DayCell._fields))
EMPTY_DAY = DayCell()


def empty_state() -> State:
    return {"version": VERSION, "first": None, "days": [], "experiments": {}, "old_experiments": [],
            "goals": {}, "old_goals": [], "away": [], "as_of": None, "boundary": None, "archive": None,
            "carry": None}


def day_cells(state: State, lo: int | None = None, hi: int | None = None) -> Iterator[tuple[int, DayCell]]:
    """(day, cell) of each day lo..hi in `days` that holds anything, in order (archived days are not in `days`)."""
    first, days = state["first"], state["days"]
    if first is None:
        return
    start = 0 if lo is None else max(0, lo - first)
    stop = len(days) if hi is None else max(0, min(len(days), hi - first + 1))
    for i in range(start, stop):
        if days[i]:
            yield first + i, DayCell.from_list(days[i])


def with_cell(state: State, day: int, cell: DayCell) -> State:
    """The state with `day`'s cell replaced, `days` grown or trimmed so that it starts and ends with a non-empty day."""
    packed = cell.to_list()
    first, days = state["first"], list(state["days"])
    if first is None:
        if not packed:
            return state
        first, days = day, [packed]
    else:
        if day < first:
            days[:0] = [0] * (first - day)
            first = day
        if day >= first + len(days):
            days += [0] * (day - first - len(days) + 1)
        days[day - first] = packed
    while days and not days[-1]:
        days.pop()
    lead = next((i for i, stored in enumerate(days) if stored), len(days))
    days = days[lead:]
    return {**state, "first": first + lead if days else None, "days": days}


# A stress key is (UTC minute the practice started, from the local date's UTC midnight, + 1440) * 21
# + (stress before - after + 10): sorting keys sorts practices by when they started (ties by drop),
# and the key holds the drop.
_MINUTES_SHIFT, _DROPS = 1440, 21


def stress_key(local_date: date, started_at: datetime, before: int | None, after: int | None) -> int | None:
    if before is None or after is None:
        return None
    moment = started_at  # a naive time is taken as UTC
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    midnight = datetime.combine(local_date, datetime.min.time())
    minute = int((moment - midnight).total_seconds() // 60)
    minute = min(max(minute, -_MINUTES_SHIFT), 2 * _MINUTES_SHIFT)  # offsets are within +-14 h
    return (minute + _MINUTES_SHIFT) * _DROPS + before - after + 10


def stress_drop(key: int) -> int:
    return key % _DROPS - 10


# Experiment and goal facts -------------------------------------------------------------------------

def fact_key(fact: list) -> tuple:
    """The order of `old_experiments`: by strength, planned day, done day (undone first), learned, then
    the rating change (facts without one first: four-item facts keep the order they were stored in)."""
    return fact[0], fact[1], -1 if fact[2] is None else fact[2], fact[3], fact[4] if len(fact) > 4 else -99


def first_planned_by_strength(facts: list) -> dict[str, int]:
    """Each strength's earliest planned day among `facts` (sorted by fact_key): one bisection a strength."""
    firsts: dict[str, int] = {}
    index = 0
    while index < len(facts):
        strength = facts[index][0]
        firsts[strength] = facts[index][1]
        index = bisect_right(facts, strength, lo=index, key=_strength_of)
    return firsts


def _strength_of(fact: list) -> str:
    return fact[0]


def experiment_fact(e: Experiment) -> list:
    """An experiment as stored: [strength, planned day, done day | None, learned 0/1], and with both
    ratings, outcome rating - prediction rating."""
    outcome = e.outcome
    learned = int(bool(outcome and outcome.learned and outcome.learned.strip()))
    fact = [e.strength, e.planned_for.toordinal(), outcome.done_on.toordinal() if outcome else None, learned]
    if outcome is not None and e.prediction_rating is not None:
        fact.append(outcome.outcome_rating - e.prediction_rating)
    return fact


def rating_change(fact: list) -> int | None:
    """An experiment fact's outcome rating - prediction rating; None without both ratings."""
    return fact[4] if len(fact) > 4 else None


def technique_number(technique: str) -> int:
    """1 + the technique's index in BREATHING_TECHNIQUES; 0 for one not in it."""
    return BREATHING_TECHNIQUES.index(technique) + 1 if technique in BREATHING_TECHNIQUES else 0


def goal_steps(goal: Goal) -> list[list]:
    """A goal with an id as stored: [[step id, done day | None], ...]."""
    return [[step.id, step.done_on.toordinal() if step.done_on else None] for step in goal.steps]


def goal_fact(goal_steps: list[list]) -> list[int]:
    """A goal's id-less fact from its [[step id, done day | None], ...]."""
    return [len(goal_steps), *sorted(done for _, done in goal_steps if done is not None)]


def all_goal_facts(state: State) -> list[list[int]]:
    return [*(goal_fact(goal_steps) for goal_steps in state["goals"].values()), *state["old_goals"]]


def away_span(period: AwayPeriod) -> list[int]:
    return [period.start.toordinal(), period.end.toordinal()]


def away_days(state: State) -> frozenset[int]:
    return frozenset(day for start, end in state["away"] for day in range(start, end + 1))
