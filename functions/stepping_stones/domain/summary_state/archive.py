"""The archive: the days and id-less facts before the boundary, compressed in a field of their own.

The archive is zlib-compressed JSON {"first", "days", "experiments", "goals"}: the stored cells before
the boundary (`days` from `first`, as in the state) and the id-less experiment and goal facts dated only
before it. It is decoded only when a change or a read reaches before the boundary; what the readers
need of it otherwise is carried (carried.py).
"""
from __future__ import annotations

import json
import zlib

from .carried import carry_of
from .layout import State, away_days, fact_key, first_planned_by_strength


def is_archived(state: State, day: int) -> bool:
    return state["boundary"] is not None and day < state["boundary"]


def archive_contents(archive: bytes) -> dict:
    return json.loads(zlib.decompress(archive))


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
            "old_experiments": sorted([*state["old_experiments"], *archived["experiments"]], key=fact_key),
            "old_goals": sorted([*state["old_goals"], *archived["goals"]])}


def whole_if_before(state: State, day: int) -> State:
    """The state to read from `day` on: unarchived when that reaches into the archive."""
    return unarchived(state) if is_archived(state, day) else state


def archivable(experiments: list, goals: list, boundary: int) -> tuple[list, list]:
    """The experiment and goal facts dated only before `boundary` (a goal with no step done yet
    stays: it is likely to change)."""
    return ([fact for fact in experiments if max(fact[1], fact[2] or fact[1]) < boundary],
            [fact for fact in goals if fact[1:] and fact[-1] < boundary])


def nothing_before(state: State, boundary: int) -> bool:
    """Whether an unarchived state holds nothing `archive` would move before `boundary`: no day, no
    id-less experiment planned (so none dated only) before it, no id-less goal done before it."""
    if state["first"] is not None and state["first"] < boundary:
        return False
    if any(planned < boundary for planned in first_planned_by_strength(state["old_experiments"]).values()):
        return False
    return not any(fact[1:] and fact[-1] < boundary for fact in state["old_goals"])


def archive(state: State, boundary: int) -> State:
    """Move the cells before `boundary`, and the id-less experiments and goals dated only before
    it, into the archive, and carry what is needed of them."""
    state = unarchived(state)
    first, days = state["first"], state["days"]
    cut = 0 if first is None else max(0, min(boundary - first, len(days)))
    old, recent = list(days[:cut]), days[cut:]
    while old and not old[-1]:
        old.pop()
    experiments, goals = archivable(state["old_experiments"], state["old_goals"], boundary)
    if not (old or experiments or goals):
        return state
    lead = next((i for i, stored in enumerate(recent) if stored), len(recent))
    archived = {"first": first if old else None, "days": old, "experiments": experiments, "goals": goals}
    return {**state, "first": first + cut + lead if recent[lead:] else None, "days": recent[lead:],
            "old_experiments": [fact for fact in state["old_experiments"] if fact not in experiments],
            "old_goals": [fact for fact in state["old_goals"] if fact not in goals],
            "boundary": boundary, "archive": zlib.compress(json.dumps(archived, separators=(",", ":")).encode(), 9),
            "carry": carry_of(archived, boundary, away_days(state))}
