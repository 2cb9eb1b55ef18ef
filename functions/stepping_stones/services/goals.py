"""Goals broken into micro-steps, each with a clear "done when"; marking steps done and undoing it."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import replace
from datetime import datetime

from ..domain.records import Goal, Step
from ..errors import NotFound, ValidationFailed
from ..schemas.common import ID_PATTERN
from ..storage import Store, Stored
from .entries import check_not_ahead
from .paging import decode_cursor, page
from .summary import ADDITION, CORRECTION, DELETION, record_change, summary_in


def _ordered(steps) -> list[Step]:
    return sorted(steps, key=lambda step: (step.position, step.id))


def goal_view(stored: Stored[Goal]) -> dict:
    """A goal with its steps in order, progress counts and the next step to take."""
    steps = _ordered(stored.record.steps)
    return {**goal_outline(stored), "steps": [dataclasses.asdict(step) for step in steps]}


def goal_outline(stored: Stored[Goal]) -> dict:
    """A goal with its progress counts and next step, without the list of steps (a change's answer)."""
    goal = stored.record
    steps = [dataclasses.asdict(step) for step in _ordered(goal.steps)]
    done = [step for step in steps if step["done_on"] is not None]
    return {
        **{f.name: getattr(goal, f.name) for f in dataclasses.fields(goal) if f.name != "steps"},
        "steps_done": len(done),
        "steps_total": len(steps),
        "next_step": next((step for step in steps if step["done_on"] is None), None),
        "created_at": stored.created_at,
        "updated_at": stored.updated_at,
    }


def step_view(stored: Stored[Goal], step_id: str) -> dict:
    """One step of a stored goal, as a step change answers."""
    return dataclasses.asdict(_step_of(stored.record, step_id))


def _change_goal(store: Store, uid: str, goal_id: str, change_for, now: datetime, *, may_create=False):
    """Run `change_for(old_goal) -> (new_goal, change) | None` in a transaction with the summary.

    Returns (stored goal, created). `None` from change_for means nothing changes.
    """
    def work(tx):
        tx.prefetch(uid, goals=[goal_id])  # the summary and the goal in one read
        summary = summary_in(tx, uid)
        old_stored = tx.get_goal(uid, goal_id)
        if old_stored is None and not may_create:
            raise NotFound(f"No goal with id '{goal_id}'.")
        old = old_stored.record if old_stored else None
        outcome = change_for(old, summary.today(now))
        if outcome is None:
            return old_stored, False
        new, change = outcome
        if new is None:
            tx.delete_goal(uid, goal_id)
            stored = None
        else:
            stored = Stored(new, old_stored.created_at, now) if old_stored else Stored(new, now)
            tx.set_goal(uid, stored)
        record_change(tx, uid, summary, old, new, change, now)
        return stored, old_stored is None

    return store.run_transaction(work, optimistic=True)


def put_goal(store: Store, uid: str, goal_id: str, fields: dict, now: datetime) -> tuple[Stored[Goal], bool]:
    def change(old, today):
        new = Goal(id=goal_id, steps=old.steps if old else (), **fields)
        return None if new == old else (new, CORRECTION)

    return _change_goal(store, uid, goal_id, change, now, may_create=True)


def delete_goal(store: Store, uid: str, goal_id: str, now: datetime) -> None:
    _change_goal(store, uid, goal_id, lambda old, today: (None, DELETION), now)


def _step_of(goal: Goal, step_id: str) -> Step:
    step = next((s for s in goal.steps if s.id == step_id), None)
    if step is None:
        raise NotFound(f"Goal '{goal.id}' has no step '{step_id}'.")
    return step


def _with_step(goal: Goal, step: Step) -> Goal:
    return replace(goal, steps=tuple(s for s in goal.steps if s.id != step.id) + (step,))


def put_step(store: Store, uid: str, goal_id: str, step_id: str, fields: dict,
             now: datetime) -> tuple[Stored[Goal], bool]:
    created = []

    def change(goal, today):
        old = next((s for s in goal.steps if s.id == step_id), None)
        created.append(old is None)
        step = Step(id=step_id, done_on=old.done_on if old else None, note=old.note if old else None, **fields)
        return None if step == old else (_with_step(goal, step), CORRECTION)

    stored, _ = _change_goal(store, uid, goal_id, change, now)
    return stored, created[-1]


def delete_step(store: Store, uid: str, goal_id: str, step_id: str, now: datetime) -> Stored[Goal]:
    def change(goal, today):
        _step_of(goal, step_id)
        return replace(goal, steps=tuple(s for s in goal.steps if s.id != step_id)), DELETION

    return _change_goal(store, uid, goal_id, change, now)[0]


def mark_step_done(store: Store, uid: str, goal_id: str, step_id: str, fields: dict, now: datetime) -> Stored[Goal]:
    """Idempotent: the same done_on and note again changes nothing."""
    def change(goal, today):
        step = _step_of(goal, step_id)
        check_not_ahead("done_on", fields["done_on"], today)
        done = replace(step, done_on=fields["done_on"], note=fields.get("note"))
        if done == step:
            return None
        return _with_step(goal, done), ADDITION if step.done_on is None else CORRECTION

    return _change_goal(store, uid, goal_id, change, now)[0]


def undo_step_done(store: Store, uid: str, goal_id: str, step_id: str, now: datetime) -> None:
    def change(goal, today):
        step = _step_of(goal, step_id)
        if step.done_on is None:
            raise NotFound(f"Step '{step_id}' is not marked done.")
        return _with_step(goal, replace(step, done_on=None, note=None)), DELETION

    _change_goal(store, uid, goal_id, change, now)


def list_goals(store: Store, uid: str, limit: int, cursor: str | None) -> dict:
    """A page of goals with their steps, in id order (the phone orders them as it shows them)."""
    after = decode_cursor(cursor) if cursor else None
    if after is not None and not re.fullmatch(ID_PATTERN, after):
        raise ValidationFailed("That cursor is not one this API gave out.", {"cursor": ["Invalid cursor."]})
    stored = store.list_goals_after(uid, after, limit + 1)
    found = page(stored, limit, lambda s: s.record.id)
    return {**found, "items": [goal_view(s) for s in found["items"]]}
