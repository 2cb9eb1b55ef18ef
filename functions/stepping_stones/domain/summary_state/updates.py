"""Updates: a record put, corrected or deleted, applied to the state by subtracting the old and adding the new.

The entry documents are the source of truth. A correction or deletion is applied with the stored old
record, so the state keeps no per-entry ids for check-ins, moods, breathing or away periods, and keeps
ids of experiments and goals only while a win can still be derived from them (DETAIL_DAYS); older ones
are kept as id-less facts for counts. A change never scans the id-less facts: old_experiments is kept
sorted (layout.fact_key), so one is found by bisection; prune looks only at the facts it moves.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from datetime import date

from stepping_stones.domain.records import AwayPeriod, BreathingPractice, CheckIn, Entry, Experiment, Goal, MoodEntry

from .archive import archivable, archive, is_archived, nothing_before, unarchived
from .layout import (
    ARCHIVE_BLOCK_DAYS,
    ARCHIVE_KEEP_DAYS,
    DETAIL_DAYS,
    LOW_VALUE_MAX,
    Record,
    State,
    away_span,
    empty_state,
    experiment_fact,
    fact_key,
    goal_fact,
    goal_steps,
    stress_key,
    technique_number,
    with_cell,
)
from .queries import cell_at


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
            fact = goal_fact(goal_steps(old))
            index = _index_of_fact(state["old_goals"], fact, key=list)
            if index is None:
                state = unarchived(state)
                index = _index_of_fact(state["old_goals"], fact, key=list)
            if index is not None:
                old_goals = list(state["old_goals"])
                del old_goals[index]
                state = {**state, "old_goals": old_goals}
    if new is not None:
        state = {**state, "goals": {**state["goals"], new.id: goal_steps(new)}}
    return state


def apply_away(state: State, old: AwayPeriod | None, new: AwayPeriod | None) -> State:
    if any(period is not None and is_archived(state, period.start.toordinal()) for period in (old, new)):
        state = unarchived(state)  # the carried streaks and habit scores count away days
    away = state["away"]
    if old is not None:
        away = _without(away, away_span(old))
    if new is not None:
        away = sorted([*away, away_span(new)])
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
             [goal_fact(state["goals"][gid]) for gid in moved_goals])
    state = {**state, "as_of": as_of}
    if moved_experiments:
        experiments, old_experiments = dict(state["experiments"]), list(state["old_experiments"])
        for experiment_id in moved_experiments:
            insort(old_experiments, experiments.pop(experiment_id), key=fact_key)
        state = {**state, "experiments": experiments, "old_experiments": old_experiments}
    if moved_goals:
        goals, old_goals = dict(state["goals"]), list(state["old_goals"])
        for goal_id in moved_goals:
            insort(old_goals, goal_fact(goals.pop(goal_id)))
        state = {**state, "goals": goals, "old_goals": old_goals}
    boundary = (as_of - ARCHIVE_KEEP_DAYS) // ARCHIVE_BLOCK_DAYS * ARCHIVE_BLOCK_DAYS
    # An archive's boundary that stays leaves only the facts moved just now to look at: what was
    # there before was archived by the prune that set it (a change reaching before it unarchives).
    if state["boundary"] == boundary and not any(archivable(*moved, boundary)):
        return state
    if state["boundary"] is None and nothing_before(state, boundary):
        return state  # what archive would leave, without decoding or scanning anything
    return archive(state, boundary)


def recompute(entries: Iterable[Entry], goals: Iterable[Goal] = (), away_periods: Iterable[AwayPeriod] = (),
              *, as_of: date | None = None) -> State:
    """The state of these records; with `as_of`, pruned as the incremental path prunes on that day."""
    state = empty_state()
    for entry in entries:
        state = apply_put(state, None, entry)
    for goal in goals:
        state = apply_goal(state, None, goal)
    state = {**state, "away": sorted(away_span(period) for period in away_periods)}
    return prune(state, as_of) if as_of is not None else state


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
    if is_archived(state, day):
        state = unarchived(state)  # a late entry dated before the archive boundary: the slow path
    cell = cell_at(state, day)
    if isinstance(entry, CheckIn):
        cell = cell._replace(checkin_mood=entry.mood if sign > 0 else None)
    elif isinstance(entry, MoodEntry):
        cell = cell._replace(moods=cell.moods + sign, mood_sum=cell.mood_sum + sign * entry.rating)
        if entry.rating <= LOW_VALUE_MAX:  # summaries written before this count may lack it: never below 0
            cell = cell._replace(low_moods=max(0, cell.low_moods + sign))
    elif isinstance(entry, BreathingPractice):
        cell = cell._replace(sessions=cell.sessions + sign, seconds=cell.seconds + sign * entry.duration_seconds)
        key = stress_key(entry.local_date, entry.started_at, entry.stress_before, entry.stress_after)
        if key is not None:
            cell = cell.with_rated(_rated_changed(cell.rated(), (key, technique_number(entry.technique)), sign))
    else:
        raise TypeError(f"not an entry: {entry!r}")
    return with_cell(state, day, cell)


def _change_experiment(state: State, experiment: Experiment, sign: int) -> State:
    fact = experiment_fact(experiment)
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


def _rated_changed(rated: list[tuple[int, int]], practice: tuple[int, int], sign: int) -> list[tuple[int, int]]:
    """Rated practices with one added or removed; one stored before techniques were kept (0) is removed
    by its stress key alone."""
    if sign > 0:
        return [*rated, practice]
    for candidate in (practice, (practice[0], 0)):
        if candidate in rated:
            return _without(rated, candidate)
    return rated


def _index_of_fact(facts: list, fact: list, key=fact_key) -> int | None:
    """Where `fact` is in `facts` (sorted by `key`), by bisection; None when it is not there."""
    index = bisect_left(facts, key(fact), key=key)
    if index < len(facts) and facts[index] == fact:
        return index
    # Not where the order puts it: only a list stored out of order could hold it elsewhere (this
    # miss leads to the slow path, decoding the archive, anyway).
    return facts.index(fact) if fact in facts else None


def _without(items: list, item) -> list:
    """`items` less one occurrence of `item` (unchanged if it holds none)."""
    if item not in items:
        return items
    kept = list(items)
    kept.remove(item)
    return kept
