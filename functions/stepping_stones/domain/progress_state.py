"""The progress state: one client's per-day aggregates, kept small in one document for a decade.

The entry documents are the source of truth. A correction or deletion is applied with the stored
old record (subtract old, add new), so the state keeps no per-entry ids for check-ins, moods,
breathing or away periods, and keeps ids of experiments and goals only while a win can still be
derived from them (DETAIL_DAYS); older ones are kept as id-less facts for counts.
"""
from __future__ import annotations

import json
import zlib
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, NamedTuple

from stepping_stones.domain.habits import habit_strength, quiet_days_between, streak_lengths
from stepping_stones.domain.records import (
    AwayPeriod,
    BreathingPractice,
    CheckIn,
    Entry,
    Experiment,
    Goal,
    MoodEntry,
)

VERSION = 2
DETAIL_DAYS = 60  # the wins horizon (wins.WIN_HORIZON_DAYS): ids of older experiments and goals are dropped
LOOKBACK_DAYS = 35  # the windowed win rules look back at most this far before the first day they report
STRESS_KEEP = 5  # rated practices carried in from before a window (the stress-drop rule's last 5)
ARCHIVE_KEEP_DAYS = 100  # days before the latest today kept decoded: the horizon, the lookback and a margin
ARCHIVE_BLOCK_DAYS = 30  # the archive boundary moves in steps, so most writes leave the archive as it is
State = dict[str, Any]
Record = Entry | Goal | AwayPeriod

# Layout (days are day numbers, date.toordinal()):
#   first            day number of days[0], or None when there are no daily facts
#   days             one cell a day from `first`: 0 for an empty day, else
#                    [check-in mood | null, mood entries, sum of their ratings, breathing sessions,
#                     breathing seconds, [stress keys, ascending], mood entries rated LOW_VALUE_MAX or
#                     less] with trailing zeros dropped (the last only on a day with a very low rating).
#                    A stress key is (UTC minute the practice started, from the local date's UTC
#                    midnight, + 1440) * 21 + (stress before - after + 10): sorting keys sorts
#                    practices by when they started (ties by drop), and the key holds the drop.
#   experiments      {id: [strength, planned, done | null, learned 0/1]} with an outcome dated
#                    within DETAIL_DAYS of `as_of`
#   old_experiments  the same facts without ids, sorted
#   goals            {id: [[step id, done | null], ...]} with a step done within DETAIL_DAYS
#   old_goals        [number of steps, done days ascending...] per other goal, sorted
#   away             [[start, end], ...] sorted
#   as_of            the latest day the details were pruned for (never decreases)
#   boundary         with an archive: the first day of `days`' span; days before it are in
#   archive          zlib-compressed JSON {"first", "days", "experiments", "goals"}: the cells before the
#                    boundary and the id-less experiments and goals dated only before it, stored in a
#                    field of its own and decoded only when a change or a read reaches before the boundary
#   carry            what the computations need of the archived days (see _carry), or None
# So a request decodes and scans about ARCHIVE_KEEP_DAYS days, whatever the length of history.
# A change never scans the id-less facts: old_experiments is kept sorted (see _fact_key), so one is
# found by bisection and each strength's first planned day by one bisection a strength; prune looks
# only at the facts it moves.
CHECKIN_MOOD, MOODS, MOOD_SUM, SESSIONS, SECONDS, STRESS, LOW_MOODS = range(7)
_EMPTY = (None, 0, 0, 0, 0, [], 0)
LOW_VALUE_MAX = 1  # a check-in mood or mood rating of 0 or 1: a very low moment (help hint, moments to ask about)
_MINUTES_SHIFT, _DROPS = 1440, 21


def empty_state() -> State:
    return {"version": VERSION, "first": None, "days": [], "experiments": {}, "old_experiments": [],
            "goals": {}, "old_goals": [], "away": [], "as_of": None, "boundary": None, "archive": None,
            "carry": None}


# Updates -------------------------------------------------------------------------------------

def apply_put(state: State, old: Entry | None, new: Entry) -> State:
    """Store `new`; `old` is the stored version of the same entry, or None when there is none.

    Aggregates count: the caller passes the stored old version (an identical re-put is
    short-circuited before this, see services/entries.py), so subtracting it and adding `new`
    leaves the state as a recompute from the stored entries gives.
    """
    if old is not None:
        state = apply_delete(state, old)
    return _change_entry(state, new, +1)


def apply_delete(state: State, old: Entry) -> State:
    return _change_entry(state, old, -1)


def apply_goal(state: State, old: Goal | None, new: Goal | None) -> State:
    """Store a goal with its steps; `new` None means the goal was deleted."""
    if old is not None:
        goals = dict(state["goals"])
        if goals.pop(old.id, None) is not None:
            state = {**state, "goals": goals}
        else:
            fact = _old_goal(old)
            index = _index_of_fact(state["old_goals"], fact, key=list)
            if index is None:
                state = unarchived(state)
                index = _index_of_fact(state["old_goals"], fact, key=list)
            if index is not None:
                old_goals = list(state["old_goals"])
                del old_goals[index]
                state = {**state, "old_goals": old_goals}
    if new is not None:
        state = {**state, "goals": {**state["goals"], new.id: _steps_of(new)}}
    return state


def apply_away(state: State, old: AwayPeriod | None, new: AwayPeriod | None) -> State:
    if any(period is not None and _archived(state, period.start.toordinal()) for period in (old, new)):
        state = unarchived(state)  # the carried streaks and habit scores count away days
    away = state["away"]
    if old is not None:
        away = _without(away, _span_of(old))
    if new is not None:
        away = sorted([*away, _span_of(new)])
    return {**state, "away": away}


def prune(state: State, today: date) -> State:
    """Drop the ids of experiments and goals no win can be derived from any more: those with
    nothing dated within DETAIL_DAYS of the latest `today` seen. Their facts stay, without ids."""
    as_of = max(today.toordinal(), state["as_of"] or 0)
    cutoff = as_of - DETAIL_DAYS
    moved_experiments = [eid for eid, fact in state["experiments"].items() if fact[2] is None or fact[2] < cutoff]
    moved_goals = [gid for gid, goal_steps in state["goals"].items()
                   if max((done for _, done in goal_steps if done is not None), default=cutoff - 1) < cutoff]
    moved = ([state["experiments"][eid] for eid in moved_experiments],
             [_goal_fact(state["goals"][gid]) for gid in moved_goals])
    state = {**state, "as_of": as_of}
    if moved_experiments:
        experiments, old_experiments = dict(state["experiments"]), list(state["old_experiments"])
        for experiment_id in moved_experiments:
            insort(old_experiments, experiments.pop(experiment_id), key=_fact_key)
        state = {**state, "experiments": experiments, "old_experiments": old_experiments}
    if moved_goals:
        goals, old_goals = dict(state["goals"]), list(state["old_goals"])
        for goal_id in moved_goals:
            insort(old_goals, _goal_fact(goals.pop(goal_id)))
        state = {**state, "goals": goals, "old_goals": old_goals}
    boundary = (as_of - ARCHIVE_KEEP_DAYS) // ARCHIVE_BLOCK_DAYS * ARCHIVE_BLOCK_DAYS
    # An archive's boundary that stays leaves only the facts moved just now to look at: what was
    # there before was archived by the prune that set it (a change reaching before it unarchives).
    if state["boundary"] == boundary and not any(_archivable(*moved, boundary)):
        return state
    if state["boundary"] is None and _nothing_before(state, boundary):
        return state  # what _archive would leave, without decoding or scanning anything
    return _archive(state, boundary)


def recompute(entries: Iterable[Entry], goals: Iterable[Goal] = (), away_periods: Iterable[AwayPeriod] = (),
              *, as_of: date | None = None) -> State:
    """The state of these records; with `as_of`, pruned as the incremental path prunes on that day."""
    state = empty_state()
    for entry in entries:
        state = apply_put(state, None, entry)
    for goal in goals:
        state = apply_goal(state, None, goal)
    state = {**state, "away": sorted(_span_of(period) for period in away_periods)}
    return prune(state, as_of) if as_of is not None else state


def from_version_1(old: State) -> State:
    """The state of a version-1 summary (facts keyed by entry id), converted without reading
    the entries: each fact is put in as its entry would be."""
    state = empty_state()
    for day, (_, mood) in old["checkins"].items():
        state = _with_cell(state, _day(day), [mood, *_EMPTY[1:]])
    for day, ratings in old["moods"].items():
        cell = cell_at(state, _day(day))
        cell[MOODS], cell[MOOD_SUM] = len(ratings), sum(ratings.values())
        cell[LOW_MOODS] = sum(1 for rating in ratings.values() if rating <= LOW_VALUE_MAX)
        state = _with_cell(state, _day(day), cell)
    for day, sessions in old["breathing"].items():
        cell, local_date = cell_at(state, _day(day)), date.fromisoformat(day)
        cell[SESSIONS], cell[SECONDS] = len(sessions), sum(s[1] for s in sessions.values())
        keys = (_key(local_date, datetime.fromisoformat(started.replace("Z", "+00:00")), before, after)
                for started, _, before, after in sessions.values())
        cell[STRESS] = sorted(key for key in keys if key is not None)
        state = _with_cell(state, _day(day), cell)
    experiments = {eid: [strength, _day(planned), _day(done) if done else None, int(learned)]
                   for eid, (strength, planned, done, learned) in old["experiments"].items()}
    goals = {gid: [[sid, _day(done) if done else None] for sid, done in steps.items()]
             for gid, steps in old["goals"].items()}
    away = sorted([_day(start), _day(end)] for start, end in old["away"].values())
    return {**state, "experiments": experiments, "goals": goals, "away": away}


def _day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


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


def _change_entry(state: State, entry: Entry, sign: int) -> State:
    if isinstance(entry, Experiment):
        return _change_experiment(state, entry, sign)
    day = entry.local_date.toordinal()
    if _archived(state, day):
        state = unarchived(state)  # a late entry dated before the archive boundary: the slow path
    cell = cell_at(state, day)
    if isinstance(entry, CheckIn):
        cell[CHECKIN_MOOD] = entry.mood if sign > 0 else None
    elif isinstance(entry, MoodEntry):
        cell[MOODS] += sign
        cell[MOOD_SUM] += sign * entry.rating
        if entry.rating <= LOW_VALUE_MAX:  # summaries written before this count may lack it: never below 0
            cell[LOW_MOODS] = max(0, cell[LOW_MOODS] + sign)
    elif isinstance(entry, BreathingPractice):
        cell[SESSIONS] += sign
        cell[SECONDS] += sign * entry.duration_seconds
        key = _stress_key(entry)
        if key is not None:
            keys = list(cell[STRESS])
            if sign > 0:
                insort(keys, key)
            elif key in keys:
                keys.remove(key)
            cell[STRESS] = keys
    else:
        raise TypeError(f"not an entry: {entry!r}")
    return _with_cell(state, day, cell)


def _change_experiment(state: State, experiment: Experiment, sign: int) -> State:
    fact = _experiment_fact(experiment)
    if sign > 0:
        return {**state, "experiments": {**state["experiments"], experiment.id: fact}}
    experiments = dict(state["experiments"])
    if experiments.pop(experiment.id, None) is not None:
        return {**state, "experiments": experiments}
    index = _index_of_fact(state["old_experiments"], fact)
    if index is None:
        state = unarchived(state)
        index = _index_of_fact(state["old_experiments"], fact)
    if index is None:
        return state
    old_experiments = list(state["old_experiments"])
    del old_experiments[index]
    return {**state, "old_experiments": old_experiments}


def _experiment_fact(e: Experiment) -> list:
    outcome = e.outcome
    learned = int(bool(outcome and outcome.learned and outcome.learned.strip()))
    return [e.strength, e.planned_for.toordinal(), outcome.done_on.toordinal() if outcome else None, learned]


def _fact_key(fact: list) -> tuple:
    return fact[0], fact[1], -1 if fact[2] is None else fact[2], fact[3]


def _index_of_fact(facts: list, fact: list, key=_fact_key) -> int | None:
    """Where `fact` is in `facts` (sorted by `key`), by bisection; None when it is not there."""
    index = bisect_left(facts, key(fact), key=key)
    if index < len(facts) and facts[index] == fact:
        return index
    # Not where the order puts it: only a list stored out of order could hold it elsewhere (this
    # miss leads to the slow path, decoding the archive, anyway).
    return facts.index(fact) if fact in facts else None


def _first_planned_by_strength(facts: list) -> dict[str, int]:
    """Each strength's earliest planned day among `facts` (sorted by _fact_key): one bisection a strength."""
    firsts: dict[str, int] = {}
    index = 0
    while index < len(facts):
        strength = facts[index][0]
        firsts[strength] = facts[index][1]
        index = bisect_right(facts, strength, lo=index, key=_strength_of)
    return firsts


def _strength_of(fact: list) -> str:
    return fact[0]


def _steps_of(goal: Goal) -> list[list]:
    return [[step.id, step.done_on.toordinal() if step.done_on else None] for step in goal.steps]


def _goal_fact(goal_steps: list[list]) -> list[int]:
    return [len(goal_steps), *sorted(done for _, done in goal_steps if done is not None)]


def _old_goal(goal: Goal) -> list[int]:
    return _goal_fact(_steps_of(goal))


def _span_of(period: AwayPeriod) -> list[int]:
    return [period.start.toordinal(), period.end.toordinal()]


def _without(items: list, item) -> list:
    """`items` less one occurrence of `item` (unchanged if it holds none)."""
    if item not in items:
        return items
    kept = list(items)
    kept.remove(item)
    return kept


def _stress_key(practice: BreathingPractice) -> int | None:
    return _key(practice.local_date, practice.started_at, practice.stress_before, practice.stress_after)


def _key(local_date: date, started_at: datetime, before: int | None, after: int | None) -> int | None:
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


# Cells ---------------------------------------------------------------------------------------

def cell_at(state: State, day: int) -> list:
    """A day's cell as a full, fresh list (an empty day's too)."""
    if _archived(state, day):
        state = unarchived(state)
    first, days = state["first"], state["days"]
    if first is None or not first <= day < first + len(days) or not days[day - first]:
        return list(_EMPTY)
    stored = days[day - first]
    return [*stored, *_EMPTY[len(stored):]]


def _with_cell(state: State, day: int, cell: list) -> State:
    packed = _pack(cell)
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


def _pack(cell: list) -> list | int:
    packed = list(cell)
    while len(packed) > 1 and not packed[-1]:
        packed.pop()
    return 0 if packed == [None] else packed


# The archive -------------------------------------------------------------------------------

def _archived(state: State, day: int) -> bool:
    return state["boundary"] is not None and day < state["boundary"]


def unarchived(state: State) -> State:
    """The state with its archived days decoded back into `days` (no archive, no carry)."""
    if state["archive"] is None:
        return state
    archived = archive_contents(state["archive"])
    first, days = archived["first"], archived["days"]
    if first is None:
        first, days = state["first"], state["days"]
    elif state["first"] is not None:
        days = [*days, *[0] * (state["first"] - first - len(days)), *state["days"]]
    return {**state, "first": first, "days": days, "boundary": None, "archive": None, "carry": None,
            "old_experiments": sorted([*state["old_experiments"], *archived["experiments"]], key=_fact_key),
            "old_goals": sorted([*state["old_goals"], *archived["goals"]])}


def _to_archive(state: State, boundary: int) -> tuple[list, list]:
    """The id-less experiments and goals dated only before `boundary` (a goal with no step done yet
    stays: it is likely to change)."""
    return _archivable(state["old_experiments"], state["old_goals"], boundary)


def _archivable(experiments: list, goals: list, boundary: int) -> tuple[list, list]:
    return ([fact for fact in experiments if max(fact[1], fact[2] or fact[1]) < boundary],
            [fact for fact in goals if fact[1:] and fact[-1] < boundary])


def _nothing_before(state: State, boundary: int) -> bool:
    """Whether an unarchived state holds nothing _archive would move before `boundary`: no day, no
    id-less experiment planned (so none dated only) before it, no id-less goal done before it."""
    if state["first"] is not None and state["first"] < boundary:
        return False
    if any(planned < boundary for planned in _first_planned_by_strength(state["old_experiments"]).values()):
        return False
    return not any(fact[1:] and fact[-1] < boundary for fact in state["old_goals"])


def archive_contents(archive: bytes) -> dict:
    return json.loads(zlib.decompress(archive))


def _archive(state: State, boundary: int) -> State:
    """Move the cells before `boundary`, and the id-less experiments and goals dated only before
    it, into the archive, and carry what is needed of them."""
    state = unarchived(state)
    first, days = state["first"], state["days"]
    cut = 0 if first is None else max(0, min(boundary - first, len(days)))
    old, recent = list(days[:cut]), days[cut:]
    while old and not old[-1]:
        old.pop()
    experiments, goals = _to_archive(state, boundary)
    if not (old or experiments or goals):
        return state
    lead = next((i for i, stored in enumerate(recent) if stored), len(recent))
    archived = {"first": first if old else None, "days": old, "experiments": experiments, "goals": goals}
    return {**state, "first": first + cut + lead if recent[lead:] else None, "days": recent[lead:],
            "old_experiments": [fact for fact in state["old_experiments"] if fact not in experiments],
            "old_goals": [fact for fact in state["old_goals"] if fact not in goals],
            "boundary": boundary, "archive": zlib.compress(json.dumps(archived, separators=(",", ":")).encode(), 9),
            "carry": _carry(archived, boundary, away_days(state))}


def _carry(archived: dict, boundary: int, away: frozenset[int]) -> dict:
    """Of the archive: first days, the last check-in and its streak, the longest streak, habit scores
    as of the boundary, breathing seconds, rated practices, the last days active, and of its
    experiments (all planned and done before the boundary) counts and each strength's first day."""
    first, old = archived["first"], archived["days"]
    cells = [(first + i, [*stored, *_EMPTY[len(stored):]]) for i, stored in enumerate(old) if stored]
    checkins = [day for day, cell in cells if cell[CHECKIN_MOOD] is not None]
    breathing = [day for day, cell in cells if cell[SESSIONS]]
    lengths = streak_lengths(checkins, away)
    drops = [[day, stress_drop(key)] for day, cell in cells for key in cell[STRESS]]
    firsts = {}
    for kind, column in (("checkin", CHECKIN_MOOD), ("mood", MOODS), ("breathing", SESSIONS)):
        firsts[kind] = next((day for day, cell in cells if _holds(cell, column)), None)
    experiments, strengths = archived["experiments"], {}
    for strength, planned, _, _ in experiments:
        strengths[strength] = min(planned, strengths.get(strength, planned))
    step_days = [day for fact in archived["goals"] for day in fact[1:]]
    done_days = [*(fact[2] for fact in experiments if fact[2] is not None), *step_days]
    return {
        "first": min([*(day for day, _ in cells[:1]), *strengths.values(), *step_days], default=None),
        "firsts": {kind: day for kind, day in firsts.items() if day is not None},
        "last_checkin": checkins[-1] if checkins else None, "streak": lengths[checkins[-1]] if checkins else 0,
        "longest": max(lengths.values(), default=0),
        "habit": [habit_strength(days, away, boundary - 1) if days else None for days in (checkins, breathing)],
        "seconds": sum(cell[SECONDS] for _, cell in cells), "rated": len(drops), "drops": drops[-STRESS_KEEP:],
        "last_active": cells[-1][0] if cells else None, "last_done": max(done_days, default=None),
        "strengths": dict(sorted(strengths.items())),
        # Archived experiments were planned before the boundary, over 3 days before any today since.
        "experiments_done": sum(1 for fact in experiments if fact[2] is not None),
        "experiments_lapsed": sum(1 for fact in experiments if fact[2] is None),
        "goals": len(archived["goals"]),  # for the goals bound (domain/limits.py)
    }


_NO_CARRY = {"first": None, "firsts": {}, "last_checkin": None, "streak": 0, "longest": 0, "habit": [None, None],
             "seconds": 0, "rated": 0, "drops": [], "last_active": None, "last_done": None, "strengths": {},
             "experiments_done": 0, "experiments_lapsed": 0}


def carried(state: State) -> dict:
    """What the archived days carry (nothing without an archive)."""
    return state["carry"] or _NO_CARRY


def whole_if_before(state: State, day: int) -> State:
    """The state to read from `day` on: unarchived when that reaches into the archive."""
    return unarchived(state) if _archived(state, day) else state


# Reading -------------------------------------------------------------------------------------

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
            *_first_planned_by_strength(state["old_experiments"]).values(),
            *(done for fact in _all_goal_facts(state) for done in fact[1:])]
    return min((day for day in days if day is not None), default=None)


def away_days(state: State) -> frozenset[int]:
    return frozenset(day for start, end in state["away"] for day in range(start, end + 1))


def checked_in_on(state: State, day: date) -> bool:
    return cell_at(state, day.toordinal())[CHECKIN_MOOD] is not None


def low_values(cell: list) -> int:
    """How many of a day's check-in mood and mood ratings are LOW_VALUE_MAX or less."""
    mood = cell[CHECKIN_MOOD]
    return int(mood is not None and mood <= LOW_VALUE_MAX) + cell[LOW_MOODS]


def low_value_of(entry: Entry | None) -> bool:
    """Whether an entry is a check-in or mood entry rated LOW_VALUE_MAX or less."""
    value = entry.mood if isinstance(entry, CheckIn) else entry.rating if isinstance(entry, MoodEntry) else None
    return value is not None and value <= LOW_VALUE_MAX


def first_low_of_day(state: State, old: Entry | None, new: Entry) -> bool:
    """Whether `new` is very low and, leaving out `old` (its stored version), the only very low value
    of its day: the day's first such moment, or a resend or correction of it."""
    if not low_value_of(new):
        return False
    others = low_values(cell_at(state, new.local_date.toordinal()))
    if old is not None and old.local_date == new.local_date and low_value_of(old):
        others -= 1
    return others <= 0


def read_timeline(state: State, lo: int | None = None, hi: int | None = None, *, carries: bool = True,
                  id_less: bool = True) -> Timeline:
    """The timeline of days lo..hi (by default every day with daily facts). Without `carries`,
    what came before lo is left out (the win rules need it; the summary and the review do not).
    Without `id_less`, `experiments` holds only those with ids (the win rules read no others), so
    reading costs the same however many id-less experiments there are."""
    if lo is None or _archived(state, lo):
        state = unarchived(state)
    first, days = state["first"], state["days"]
    start = first if first is not None else 0
    lo = start if lo is None else lo
    hi = start + len(days) - 1 if hi is None else hi
    checkins, mood_entries, mood_totals, breathing, drops, low_days = {}, {}, {}, {}, [], set()
    for day in range(max(lo, start), min(hi, start + len(days) - 1) + 1):
        stored = days[day - start]
        if not stored:
            continue
        cell = [*stored, *_EMPTY[len(stored):]]
        mood, moods, mood_sum, sessions, seconds, stress = cell[:LOW_MOODS]
        if low_values(cell):
            low_days.add(day)
        count, total = moods, mood_sum
        if mood is not None:
            checkins[day] = mood
            count, total = count + 1, total + mood
        if moods:
            mood_entries[day] = moods
        if count:
            mood_totals[day] = (total, count)
        if sessions:
            breathing[day] = (sessions, seconds)
        drops += [(day, stress_drop(key)) for key in stress]
    away = away_days(state)
    last_checkin, streak = _checkin_before(state, lo, away) if carries else (None, 0)
    experiments = tuple(ExperimentFact(eid, *fact[:3], bool(fact[3])) for eid, fact in state["experiments"].items())
    if id_less:
        experiments += tuple(ExperimentFact(None, *fact[:3], bool(fact[3])) for fact in state["old_experiments"])
    goal_facts = _all_goal_facts(state)
    firsts = _firsts(state)
    strengths = dict(carried(state)["strengths"])
    planned = [*((fact[0], fact[1]) for fact in state["experiments"].values()),
               *_first_planned_by_strength(state["old_experiments"]).items()]
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


def daily_column(state: State, column: int, last: int) -> list[int]:
    """The days up to `last` on which a column holds something (a check-in, sessions...), from the
    archive boundary on (see `carried` for the days before it)."""
    first, days = state["first"], state["days"]
    if first is None:
        return []
    return [first + i for i, stored in enumerate(days[:max(0, last - first + 1)])
            if stored and len(stored) > column and _holds(stored, column)]


def _holds(cell: list, column: int) -> bool:
    """A check-in of any mood (0 included), or a nonzero count."""
    return cell[column] is not None if column == CHECKIN_MOOD else bool(cell[column])


def last_daily_day(state: State, last: int) -> int | None:
    """The latest day up to `last` with a check-in, mood entry or breathing practice."""
    state = whole_if_before(state, last)
    first, days = state["first"], state["days"]
    if first is not None:
        for day in range(min(last, first + len(days) - 1), first - 1, -1):
            if days[day - first]:
                return day
    return carried(state)["last_active"]


def rated_practices(state: State, last: int) -> tuple[int, list[int]]:
    """How many practices rated stress up to day `last`, and the drops of the last STRESS_KEEP of
    them in order practised, the archived days included."""
    carry = carried(state)
    first, days = state["first"], state["days"]
    cells = [] if first is None else [stored[STRESS] for stored in days[:max(0, last - first + 1)]
                                      if stored and len(stored) > STRESS]
    recent = [key for keys in cells[-STRESS_KEEP:] for key in keys]
    drops = [drop for _, drop in carry["drops"]] + [stress_drop(key) for key in recent]
    return carry["rated"] + sum(len(keys) for keys in cells), drops[-STRESS_KEEP:]


def _firsts(state: State) -> dict[str, int]:
    firsts: dict[str, int] = dict(carried(state)["firsts"])
    first = state["first"]
    for i, stored in enumerate(state["days"]):
        if not stored:
            continue
        cell = [*stored, *_EMPTY[len(stored):]]
        for kind, column in (("checkin", CHECKIN_MOOD), ("mood", MOODS), ("breathing", SESSIONS)):
            if kind not in firsts and _holds(cell, column):
                firsts[kind] = first + i
        if len(firsts) == 3:
            break
    return firsts


def _checkin_before(state: State, lo: int, away: frozenset[int]) -> tuple[int | None, int]:
    """The last check-in day before lo and the length of the streak ending on it."""
    first, days = state["first"], state["days"]
    last, length, earliest = None, 0, None
    if first is not None:
        for day in range(min(lo - 1, first + len(days) - 1), first - 1, -1):
            stored = days[day - first]
            if stored and stored[CHECKIN_MOOD] is not None:
                last, length, earliest = (day if last is None else last), length + 1, day
            elif last is not None and day not in away:
                return last, length  # a quiet day ends the streak
    carry = carried(state)
    if carry["last_checkin"] is None:
        return last, length
    if last is None:
        return carry["last_checkin"], carry["streak"]
    joined = quiet_days_between(carry["last_checkin"], earliest, away) == 0
    return last, length + carry["streak"] if joined else length


def _drops_before(state: State, lo: int) -> list[tuple[int, int]]:
    first, days = state["first"], state["days"]
    found: list[tuple[int, int]] = []
    for day in range(min(lo - 1, first + len(days) - 1), first - 1, -1) if first is not None else ():
        stored = days[day - first]
        if stored and len(stored) > STRESS and stored[STRESS]:
            found[:0] = [(day, stress_drop(key)) for key in stored[STRESS]]
            if len(found) >= STRESS_KEEP:
                break
    if len(found) < STRESS_KEEP:
        found[:0] = [tuple(drop) for drop in carried(state)["drops"]]
    return found[-STRESS_KEEP:]


def _seconds_before(state: State, lo: int) -> int:
    first, carry = state["first"], carried(state)["seconds"]
    if first is None or lo <= first:
        return carry
    return carry + sum(stored[SECONDS] for stored in state["days"][:lo - first] if stored and len(stored) > SECONDS)


def _all_goal_facts(state: State) -> list[list[int]]:
    return [*(_goal_fact(goal_steps) for goal_steps in state["goals"].values()), *state["old_goals"]]
