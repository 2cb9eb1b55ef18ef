"""Which documented bound (domain/bounds.py) a change would pass, from the counts the summary already keeps."""
from __future__ import annotations

from datetime import date
from typing import cast

from . import summary_state as facts
from .bounds import (
    AWAY_PERIODS,
    BREATHING_PER_DAY,
    EXPERIMENTS,
    EXPERIMENTS_PER_DAY,
    GOALS,
    MOODS_PER_DAY,
    STEPS_PER_GOAL,
    Bound,
)
from .records import AwayPeriod, BreathingPractice, Experiment, Goal, MoodEntry


def bound_passed(state: facts.State, old, new) -> Bound | None:
    """The bound that storing `new` in place of `old` (None: a new record) would pass, or None.

    Only an addition is refused: a new record, a new step, or an entry moved to another day. A
    correction in place is always allowed, even at the bound. Costs a few lookups in the state,
    never a read of the history (an entry or experiment dated before the archive boundary decodes
    the archive, as storing it does anyway).
    """
    if new is None:
        return None
    moved = hasattr(new, "local_date") and (old is None or old.local_date != new.local_date)
    if isinstance(new, MoodEntry) and moved:
        return _full(cast(int, facts.cell_at(state, new.local_date.toordinal())[facts.MOODS]), MOODS_PER_DAY)
    if isinstance(new, BreathingPractice) and moved:
        return _full(cast(int, facts.cell_at(state, new.local_date.toordinal())[facts.SESSIONS]), BREATHING_PER_DAY)
    if isinstance(new, Experiment):
        if old is None and experiment_count(state) >= EXPERIMENTS.limit:
            return EXPERIMENTS
        return _full(experiments_planned_on(state, new.planned_for), EXPERIMENTS_PER_DAY) if moved else None
    if isinstance(new, Goal):
        if old is None:
            return _full(goal_count(state), GOALS)
        return STEPS_PER_GOAL if len(new.steps) > max(len(old.steps), STEPS_PER_GOAL.limit) else None
    if isinstance(new, AwayPeriod) and old is None:
        return _full(len(state["away"]), AWAY_PERIODS)
    return None


def _full(count: int, bound: Bound) -> Bound | None:
    return bound if count >= bound.limit else None


def experiment_count(state: facts.State) -> int:
    carry = state.get("carry") or {}
    return (len(state["experiments"]) + len(state["old_experiments"])
            + carry.get("experiments_done", 0) + carry.get("experiments_lapsed", 0))


def experiments_planned_on(state: facts.State, day: date) -> int:
    ordinal = day.toordinal()
    if state.get("boundary") is not None and ordinal < state["boundary"]:
        state = facts.unarchived(state)
    return sum(1 for fact in (*state["experiments"].values(), *state["old_experiments"]) if fact[1] == ordinal)


def goal_count(state: facts.State) -> int:
    """Goals the state holds: with ids, id-less, and archived (counted in the carry; a summary archived
    before the carry counted them is decoded once)."""
    archived = 0
    if state.get("archive") is not None:
        carry = state.get("carry") or {}
        archived = carry["goals"] if "goals" in carry else len(facts.archive_contents(state["archive"])["goals"])
    return len(state["goals"]) + len(state["old_goals"]) + archived
