"""The client's summary document: progress state and earned wins, updated in the caller's transaction."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from ..domain import progress_state as facts
from ..domain import wins as win_rules
from ..domain.local_dates import today_in
from ..domain.records import AwayPeriod, Goal
from ..domain.summary import summarize
from ..errors import ProfileRequired
from ..storage import Store, StoreTransaction
from .notifications import queue_win_notifications, restate_win_notifications

ADDITION, CORRECTION, DELETION = "addition", "correction", "deletion"


@dataclass(frozen=True)
class Progress:
    """What the summary document holds. State and wins are stored as JSON text: one field, not
    thousands of indexed map keys, and a fraction of the decoding cost. Bounded: see
    domain/progress_state.py (per-day aggregates) and domain/wins.py (the wins horizon)."""

    timezone: str
    state: dict = field(default_factory=facts.empty_state)
    earned: dict = field(default_factory=dict)  # win id -> stamp [occurred_on, digest], within the horizon
    wins_through: date | None = None
    display_name: str = ""  # copied from the profile so a therapist's client list reads one document a client
    notified: dict = field(default_factory=dict)  # win id -> occurred_on of each win queued as a notification
    #                                               within the horizon: never queued twice

    def today(self, now: datetime) -> date:
        return today_in(self.timezone, now)

    def checked_in_on(self, day: date) -> bool:
        """Whether a check-in holds this local date (which one: `Store.list_entries` by date)."""
        return facts.checked_in_on(self.state, day)

    def away_on(self, day: date) -> bool:
        return day.toordinal() in facts.away_days(self.state)

    @classmethod
    def from_doc(cls, doc: dict) -> "Progress":
        """The document as stored; one of version 1 (facts by entry id, whole wins) is converted
        here, so every reader sees today's format and the next write stores it."""
        through = doc.get("wins_through")
        state, earned = json.loads(doc["state"]), json.loads(doc["earned"])
        notified = json.loads(doc.get("notified", "{}"))
        if state.get("version", 1) == 1:
            state = facts.from_version_1(state)
            earned = {win_id: win_rules.stamp(win) for win_id, win in earned.items()}
            # Version 1 kept ids only; a retracted win's date is unknown, so it is kept as of the
            # last day wins were derived: as long as it could still be derived again, or longer.
            notified = {win_id: earned.get(win_id, [through or ""])[0] for win_id in notified}
        state["archive"] = doc.get("archive") or None  # compressed, decoded only when a change reaches it
        return cls(doc["timezone"], state, earned,
                   date.fromisoformat(through) if through else None, doc.get("display_name", ""), notified)

    def to_doc(self) -> dict:
        return {
            "timezone": self.timezone,
            "state": _json({key: value for key, value in self.state.items() if key != "archive"}),
            "archive": self.state.get("archive"),
            "earned": _json(self.earned),
            "wins_through": self.wins_through.isoformat() if self.wins_through else None,
            "display_name": self.display_name,
            "notified": _json(dict(sorted(self.notified.items()))),
        }


def readable_summary(doc: dict) -> dict:
    """The summary document with its JSON text and compressed archive shown as JSON (the export)."""
    readable = {**doc, **{key: json.loads(doc[key]) for key in ("state", "earned", "notified") if doc.get(key)}}
    if doc.get("archive"):
        readable["archive"] = facts.archive_contents(doc["archive"])
    return readable


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def progress_in(tx: StoreTransaction, uid: str) -> Progress:
    """Read the summary document first in a transaction; entries need it (and the time zone in it)."""
    doc = tx.get_summary_doc(uid)
    if doc is None:
        raise ProfileRequired()
    return Progress.from_doc(doc)


def _apply_fact(state: dict, old, new) -> dict:
    if isinstance(old or new, Goal):
        return facts.apply_goal(state, old, new)
    if isinstance(old or new, AwayPeriod):
        return facts.apply_away(state, old, new)
    return facts.apply_put(state, old, new) if new is not None else facts.apply_delete(state, old)


def record_change(tx: StoreTransaction, uid: str, progress: Progress, old, new, change: str,
                  now: datetime) -> list[dict]:
    """Fold one change into the state, reconcile wins, and write both; returns wins new to the client.

    Wins are derived from the day the change touches onwards, never before the wins horizon (see
    domain/wins.py): a late entry can add or restate wins on its date and later, and retract ones
    it shows were never true.
    """
    today = progress.today(now)
    horizon = win_rules.horizon_start(today, progress.wins_through)
    state = facts.prune(_apply_fact(progress.state, old, new), today)
    since = win_rules.wins_since(facts.earliest_affected(old, new), progress.wins_through, horizon)
    earned_before = win_rules.within(progress.earned, horizon, lambda stamp: stamp[0])
    derived, earlier = win_rules.derive_wins_window(state, since, today, among=earned_before)
    moved = win_rules.moved_before(earned_before, earlier)
    to_write, to_retract = win_rules.reconcile(earned_before, derived, change, since=since, earlier=earlier)
    earned = {k: v for k, v in earned_before.items() if k not in to_retract and k not in moved}
    earned.update((win_id, win_rules.stamp(win)) for win_id, win in to_write.items())
    through = max(d for d in (today, progress.wins_through) if d)
    notified = win_rules.within(progress.notified, horizon, lambda occurred_on: occurred_on)
    to_notify = [win for win_id, win in to_write.items() if win_id not in progress.earned.keys() | notified.keys()]
    restate_win_notifications(tx, uid, to_write, progress.earned, notified, now)  # inbox in step
    notified.update((win["id"], win["occurred_on"]) for win in to_notify)
    tx.set_summary_doc(uid, replace(progress, state=state, earned=earned, wins_through=through,
                                    notified=notified).to_doc())
    fresh = []
    for win_id, win in to_write.items():
        restated = win_id in progress.earned
        tx.set_win(uid, win_id, win_doc(win, None if restated else now), keep_other_fields=restated)
        if not restated:
            fresh.append(win)
    for win_id, win in moved.items():
        tx.set_win(uid, win_id, win_doc(win, None), keep_other_fields=True)
    for win_id in to_retract:
        tx.delete_win(uid, win_id)
    queue_win_notifications(tx, uid, to_notify, today, now)  # their inbox items and pushes, in this transaction
    return fresh


def win_doc(win: dict, earned_at: datetime | None) -> dict:
    doc = {**win, "sort_key": f"{win['occurred_on']}|{win['id']}"}
    if earned_at is not None:
        doc["earned_at"] = earned_at
    return doc


def start_progress(existing: dict | None, profile: dict) -> dict:
    """The summary document after a profile save: created with it, time zone and name kept in step."""
    progress = Progress.from_doc(existing) if existing else Progress(profile["timezone"])
    return replace(progress, timezone=profile["timezone"], display_name=profile["display_name"]).to_doc()


def read_summary(store: Store, uid: str, now: datetime) -> dict:
    """The summary as of the client's today: one document read, whatever the length of history."""
    doc = store.get_summary_doc(uid)
    if doc is None:
        raise ProfileRequired()
    state = state_of(doc)
    today = today_in(doc["timezone"], now)
    return {"as_of": today, "timezone": doc["timezone"], **summarize(state, today)}


def state_of(doc: dict) -> dict:
    """The progress state of a summary document, its wins left undecoded (for reads)."""
    state = json.loads(doc["state"])
    if state.get("version", 1) == 1:
        return facts.from_version_1(state)
    return {**state, "archive": doc.get("archive") or None}

