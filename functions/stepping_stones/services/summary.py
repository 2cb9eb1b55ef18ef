"""The client's summary document: progress state and earned wins, updated in the caller's transaction."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..domain import summary_state as facts
from ..domain import wins as win_rules
from ..domain.bounds import Bound
from ..domain.limits import bound_passed
from ..domain.records import AwayPeriod, Goal
from ..domain.summary import summarize
from ..errors import LimitReached, ProfileRequired
from ..storage import Store, StoreTransaction, Summary
from .erasure import guard
from .notifications import queue_win_notifications, restate_win_notifications

ADDITION, CORRECTION, DELETION = "addition", "correction", "deletion"


def summary_in(tx: StoreTransaction, uid: str) -> Summary:
    """Read the summary document first in a transaction; entries need it (and the time zone in it)."""
    summary = tx.get_summary(uid)
    if summary is None:
        guard(tx, uid)  # an erasure deletes the summary as it starts: say so rather than "no profile"
        raise ProfileRequired()
    return summary


def _apply_fact(state: dict, old, new) -> dict:
    if isinstance(old or new, Goal):
        return facts.apply_goal(state, old, new)
    if isinstance(old or new, AwayPeriod):
        return facts.apply_away(state, old, new)
    return facts.apply_put(state, old, new) if new is not None else facts.apply_delete(state, old)


def record_change(tx: StoreTransaction, uid: str, summary: Summary, old, new, change: str,
                  now: datetime) -> list[dict]:
    """Fold one change into the state, reconcile wins, and write both; returns wins new to the client.

    Wins are derived from the day the change touches onwards, never before the wins horizon (see
    domain/wins.py): a late entry can add or restate wins on its date and later, and retract ones
    it shows were never true.
    """
    bound = bound_passed(summary.state, old, new)
    if bound is not None:
        raise limit_reached(bound)
    today = summary.today(now)
    horizon = win_rules.horizon_start(today, summary.wins_through)
    state = facts.prune(_apply_fact(summary.state, old, new), today)
    since = win_rules.wins_since(facts.earliest_affected(old, new), summary.wins_through, horizon)
    earned_before = win_rules.within(summary.earned, horizon, lambda stamp: stamp[0])
    # Only a change reaching the horizon can move an earned win before `since`: wins found before a
    # later `since` rest on facts the change left alone, as earned. So only then are they rebuilt.
    reaches_horizon = since is None or since <= horizon
    derived, earlier = win_rules.derive_wins_window(state, since, today, among=earned_before if reaches_horizon else ())
    moved = win_rules.moved_before(earned_before, earlier)
    to_write, to_retract = win_rules.reconcile(earned_before, derived, change, since=since, earlier=earlier)
    earned = {k: v for k, v in earned_before.items() if k not in to_retract and k not in moved}
    earned.update((win_id, win_rules.stamp(win)) for win_id, win in to_write.items())
    through = max(d for d in (today, summary.wins_through) if d)
    notified = win_rules.within(summary.notified, horizon, lambda occurred_on: occurred_on)
    to_notify = [win for win_id, win in to_write.items() if win_id not in summary.earned.keys() | notified.keys()]
    restate_win_notifications(tx, uid, to_write, summary.earned, notified, now)  # inbox in step
    notified.update((win["id"], win["occurred_on"]) for win in to_notify)
    tx.set_summary(uid, replace(summary, state=state, earned=earned, wins_through=through, notified=notified))
    fresh = []
    for win_id, win in to_write.items():
        restated = win_id in summary.earned
        tx.set_win(uid, win_id, win_doc(win, None if restated else now), keep_other_fields=restated)
        if not restated:
            fresh.append(win)
    for win_id, win in moved.items():
        tx.set_win(uid, win_id, win_doc(win, None), keep_other_fields=True)
    for win_id in to_retract:
        tx.delete_win(uid, win_id)
    queue_win_notifications(tx, uid, to_notify, today, now)  # their inbox items and pushes, in this transaction
    return fresh


def limit_reached(bound: Bound) -> LimitReached:
    """The 409 naming the bound an addition would pass."""
    what = f"{bound.limit} {bound.name.replace('_', ' ')} per {bound.per}"
    return LimitReached(f"At most {what}: correct or delete one to add another.",
                        {bound.name: [f"At most {what} ({bound.reason})."]})


def win_doc(win: dict, earned_at: datetime | None) -> dict:
    doc = {**win, "sort_key": f"{win['occurred_on']}|{win['id']}"}
    if earned_at is not None:
        doc["earned_at"] = earned_at
    return doc


def start_summary(existing: Summary | None, profile: dict) -> Summary:
    """The summary after a profile save: created with it, time zone and name kept in step."""
    summary = existing or Summary(profile["timezone"])
    return replace(summary, timezone=profile["timezone"], display_name=profile["display_name"])


def read_summary(store: Store, uid: str, now: datetime) -> dict:
    """The summary as of the client's today: one document read, whatever the length of history."""
    summary = store.get_summary(uid)
    if summary is None:
        raise ProfileRequired()
    today = summary.today(now)
    return {"as_of": today, "timezone": summary.timezone, **summarize(summary.state, today)}
