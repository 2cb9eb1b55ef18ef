"""The outbox: one document per notification, under a deterministic id, which is also the inbox item.

users/{uid}/outbox/{notification_id} holds the full in-app text (title, body) and the push's
state. Its id comes from the win (notify_timing.win_notification_id), the reminder's local date
or the digest's ISO week, so a notification can never be created twice, and since sending first
claims the document in a transaction (services/delivery.py) it is never sent twice either.

Status: `pending` (due at `next_attempt_at`), `sending` (claimed; `next_attempt_at` is the end of
the claim's lease), `sent` (`sent_at`), `failed` (`attempts`, `last_error`) or `suppressed`
(`reason`, one of REASONS). `sent_at` is set only while sending or once sent: the daily cap
counts it. A micro-win becomes `pending` when it occurred today or yesterday in the client's
zone; an older, backfilled one is `suppressed` with reason `backfilled` (inbox only).
Preferences, quiet hours and the daily cap are applied when the push comes due (delivery.py).
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from ..domain import notify_messages as messages
from ..domain import notify_timing as timing
from ..errors import NotFound
from ..storage import Store, StoreTransaction
from .paging import decode_cursor, page

log = logging.getLogger("stepping_stones.notifications")

PENDING, SENDING, SENT, FAILED, SUPPRESSED = "pending", "sending", "sent", "failed", "suppressed"
STATUSES = (PENDING, SENDING, SENT, FAILED, SUPPRESSED)
MICRO_WIN, REMINDER, DIGEST, QUESTIONNAIRE, THERAPIST_NOTE = timing.KINDS
# Why no push went out: the timing rules' reasons, plus what only the outbox knows.
BACKFILLED = "backfilled"  # a win that occurred before yesterday: inbox only
CHECKED_IN = "checked_in"  # a deferred reminder whose check-in arrived meanwhile
DAY_OVER = "day_over"  # a reminder that could only go out after its local day had ended
NO_DEVICE = "no_device"  # no registered device (or every token was stale)
NOTHING_NEW = "nothing_new"  # a digest with nothing to count
QUIET_UNTIL_DAY_END = "quiet_hours"  # a reminder whose local day ends inside the quiet hours
REASONS = (*timing.SUPPRESS_REASONS, BACKFILLED, CHECKED_IN, DAY_OVER, NO_DEVICE, NOTHING_NEW, QUIET_UNTIL_DAY_END)


def sort_key(created_at: datetime, notification_id: str) -> str:
    return f"{created_at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}|{notification_id}"


def outbox_doc(notification_id: str, kind: str, text: dict[str, str], now: datetime, *,
               reason: str | None = None, **extra: Any) -> dict:
    """A new outbox document: pending and due now, or suppressed with `reason`."""
    return {
        "id": notification_id,
        "kind": kind,
        "title": text["title"],
        "body": text["body"],
        "created_at": now,
        "sort_key": sort_key(now, notification_id),
        "read_at": None,
        "status": SUPPRESSED if reason else PENDING,
        "reason": reason,
        "attempts": 0,
        "last_error": None,
        "next_attempt_at": None if reason else now,
        "sent_at": None,
        **extra,
    }


def queue_win_notifications(tx: StoreTransaction, uid: str, fresh: list[dict], today: date,
                            now: datetime) -> None:
    """In the transaction that earned them: one outbox document per win never notified before (the
    summary document keeps those ids, so a win retracted and earned again keeps its first one)."""
    for win in fresh:
        notification_id = timing.win_notification_id(win["id"], uid)
        pushed = timing.push_eligible_for_win(date.fromisoformat(str(win["occurred_on"])), today)
        doc = outbox_doc(notification_id, MICRO_WIN, messages.inbox_text(MICRO_WIN, win=win), now,
                         reason=None if pushed else BACKFILLED, win_id=win["id"])
        tx.set_outbox(uid, notification_id, doc)


def restate_win_notifications(tx: StoreTransaction, uid: str, to_write: dict[str, dict], earned: Mapping[str, Any],
                              notified: Mapping[str, Any], now: datetime) -> None:
    """Keep the inbox in step with wins restated in this transaction (same id, new numbers): their
    inbox items get the new text and keep their id, time, read state and push status.

    No reads (callers have written already): every id in `notified` got its outbox document in
    the transaction that added it, so a merge only ever changes an existing item. A win in
    `to_write` that was already `earned` changed (its stamp differs), so its text is rewritten.
    """
    for win_id, win in to_write.items():
        if win_id in notified and win_id in earned:
            text = messages.inbox_text(MICRO_WIN, win=win)
            tx.update_outbox(uid, timing.win_notification_id(win_id, uid), {**text, "restated_at": now})


def prefs_of(profile: dict) -> timing.Prefs:
    """A client's or therapist's notification preferences from the stored profile."""
    stored = dict(profile.get("notifications") or {})
    if profile.get("role") == "therapist":
        stored[timing.SWITCHES[DIGEST]] = profile.get("digest") is not None
    return timing.prefs_from({**stored, "quiet_hours": profile.get("quiet_hours")})


def push_payload_of(doc: dict) -> dict[str, Any]:
    """The lock-screen payload for an outbox document: neutral wording, counts at most, and its id."""
    if doc["kind"] == DIGEST:
        return messages.digest_push_payload(doc["id"], doc["counts"]["clients_with_new_wins"])
    return messages.push_payload(doc["kind"], doc["id"])


def inbox_view(doc: dict) -> dict:
    return {
        "id": doc["id"], "type": doc["kind"], "title": doc["title"], "body": doc["body"],
        "created_at": doc["created_at"], "read_at": doc.get("read_at"), "status": doc["status"],
        "win_id": doc.get("win_id"), "sort_key": doc["sort_key"], "about": doc.get("about"),
    }


def page_of_notifications(store: Store, uid: str, *, limit: int, cursor: str | None) -> dict:
    """The caller's inbox, newest first; follow `next_cursor` for older ones."""
    docs = store.list_outbox(uid, key_before=decode_cursor(cursor) if cursor else None, limit=limit + 1)
    return page([inbox_view(doc) for doc in docs], limit, itemgetter("sort_key"))


def mark_read(store: Store, uid: str, notification_id: str, now: datetime) -> dict:
    """Mark one inbox item read; again changes nothing (the first `read_at` stays)."""

    def work(tx: StoreTransaction) -> dict:
        doc = tx.get_outbox(uid, notification_id)
        if doc is None:
            raise NotFound(f"No notification with id '{notification_id}'.")
        if doc.get("read_at") is None:
            doc = {**doc, "read_at": now}
            tx.update_outbox(uid, notification_id, {"read_at": now})
        return inbox_view(doc)

    return store.run_transaction(work)


def with_schedule(profile: dict, existing: dict | None, field: str, *, inputs: tuple[str, ...], wanted: bool,
                  was_wanted: bool, next_due: Callable[[], datetime]) -> dict:
    """The profile about to be saved with its next due slot in `field`: kept when none of `inputs`
    changed (so a save just before the slot does not skip it), recomputed otherwise, absent when
    not wanted."""
    profile = {key: value for key, value in profile.items() if key != field}
    if not wanted:
        return profile
    if existing and existing.get(field) and was_wanted and all(existing.get(k) == profile.get(k) for k in inputs):
        return {**profile, field: existing[field]}
    return {**profile, field: next_due()}


def for_each_due(store: Store, field: str, bound: datetime, handle: Callable[[str, dict], str], *,
                 batch: int, job: str) -> Counter:
    """Page through the users whose `field` is at or before `bound`, `batch` at a time, and count
    the outcomes `handle(uid, profile)` returns; the cost follows the users due, not all users."""
    outcomes: Counter = Counter()
    cursor = None
    while True:
        due, cursor = store.users_due(field, bound, limit=batch, after=cursor)
        for uid, profile in due:
            outcomes[handle(uid, profile)] += 1
        if len(due) < batch:
            log.info("%s slot %s: %s", job, bound.isoformat(), dict(outcomes))  # counts only
            return outcomes
