"""Sending an outbox document's push exactly once: claim it, send, record what FCM said.

Both the Firestore trigger (on the document's creation) and the sweeper call `deliver`:

1. Claim, in a transaction: the document must be `pending` (or `sending` with an expired lease)
   and due. Preferences, away, the daily cap and quiet hours are decided now (notify_timing.decide):
   suppressed, deferred (still pending, due at the end of the quiet hours) or claimed: `sending`,
   `attempts` + 1, `sent_at` now (so the cap counts it), a lease in `next_attempt_at`.
2. Only the claim's winner calls `send_push`, once, for the user's devices. A retried trigger or a
   sweeper racing it finds the document no longer pending, or leased, and does nothing.
3. Record, in a transaction, if the claim is still ours: `sent`; or for transient errors pending
   again with backoff (`after_send_error`), `failed` after MAX_SEND_ATTEMPTS; stale tokens
   (Unregistered, SenderIdMismatch) remove their device.

A worker that dies between claim and record leaves `sending` with a lease that expires; the
sweeper then tries again (at least once rather than lost; FCM is called at most once per claim).
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from ..domain import notify_timing as timing
from ..push import PushResult, send_push
from ..storage import Store, StoreTransaction
from .notifications import (
    CHECKED_IN,
    DAY_OVER,
    FAILED,
    NO_DEVICE,
    PENDING,
    QUIET_UNTIL_DAY_END,
    REMINDER,
    SENDING,
    SENT,
    SUPPRESSED,
    prefs_of,
    push_payload_of,
)

LEASE = timedelta(minutes=2)  # longer than a function's timeout
SWEEP_BATCH = 100
SWEEP_MAX_BATCHES = 20
log = logging.getLogger("stepping_stones.notifications")


@dataclass(frozen=True)
class Claim:
    attempts: int
    payload: dict
    devices: list[dict]


def _due(doc: dict, now: datetime) -> bool:
    return doc["status"] in (PENDING, SENDING) and doc.get("next_attempt_at") is not None \
        and doc["next_attempt_at"] <= now


def _claim(store: Store, uid: str, notification_id: str, now: datetime, tx: StoreTransaction):
    """Returns a Claim to send, or the outcome's name when there is nothing to send."""
    doc = tx.get_outbox(uid, notification_id)
    if doc is None or not _due(doc, now):
        return "skipped"
    profile = tx.get_profile(uid)
    if profile is None:
        tx.update_outbox(uid, notification_id, {"status": FAILED, "last_error": "no profile", "next_attempt_at": None})
        return FAILED
    zone, prefs, kind = profile["timezone"], prefs_of(profile), doc["kind"]
    today = timing.local_day(now, zone)
    away_today = False
    if kind == REMINDER:
        if doc["local_date"] != today.isoformat():
            return _suppress(tx, uid, notification_id, DAY_OVER)
        summary = tx.get_summary(uid)
        if summary and summary.checked_in_on(today):
            return _suppress(tx, uid, notification_id, CHECKED_IN)
        away_today = bool(summary) and summary.away_on(today)
    sent_today = _pushes_sent_today(tx, uid, doc, prefs, zone, today)
    decision = timing.decide(kind, prefs, now=now, timezone_name=zone, pushes_sent_today=sent_today,
                             away_today=away_today)
    if decision.action == "suppress":
        return _suppress(tx, uid, notification_id, decision.reason)
    if decision.action == "defer":
        if kind == REMINDER and timing.local_day(decision.at, zone).isoformat() != doc["local_date"]:
            return _suppress(tx, uid, notification_id, QUIET_UNTIL_DAY_END)
        tx.update_outbox(uid, notification_id, {"status": PENDING, "next_attempt_at": decision.at, "sent_at": None})
        return "deferred"
    devices = store.list_devices(uid)  # a plain read: devices need no lock
    if not devices:
        return _suppress(tx, uid, notification_id, NO_DEVICE)
    attempts = doc.get("attempts", 0) + 1
    tx.update_outbox(uid, notification_id, {"status": SENDING, "attempts": attempts, "sent_at": now,
                                            "next_attempt_at": now + LEASE})
    return Claim(attempts, push_payload_of(doc), devices)


def _pushes_sent_today(tx, uid, doc, prefs, zone, today) -> int:
    if prefs.max_per_day <= 0:
        return 0
    start, end = timing.local_day_bounds(today, zone)
    counted = tx.count_pushes_between(uid, start, end, prefs.max_per_day + 1)
    own = doc.get("sent_at")  # a re-claim after an expired lease must not count itself
    return counted - 1 if own is not None and start <= own < end else counted


def _suppress(tx, uid, notification_id, reason) -> str:
    tx.update_outbox(uid, notification_id, {"status": SUPPRESSED, "reason": reason, "next_attempt_at": None,
                                            "sent_at": None})
    return SUPPRESSED


def _record(uid: str, notification_id: str, claim: Claim, results: list[PushResult], now: datetime,
            tx: StoreTransaction) -> str:
    doc = tx.get_outbox(uid, notification_id)
    if doc is None or doc["status"] != SENDING or doc.get("attempts") != claim.attempts:
        return "superseded"  # our lease expired and another worker took over
    if any(result.ok for result in results):
        tx.update_outbox(uid, notification_id, {"status": SENT, "sent_at": now, "next_attempt_at": None,
                                                "last_error": None, "devices_reached": sum(r.ok for r in results)})
        return SENT
    if all(result.stale for result in results):
        return _suppress(tx, uid, notification_id, NO_DEVICE)
    transient = [result for result in results if result.transient]
    error = (transient or [r for r in results if not r.stale] or results)[0].error_code
    changes = timing.after_send_error(claim.attempts, error, now, transient=bool(transient))
    tx.update_outbox(uid, notification_id, {**changes, "sent_at": None})
    return "retry" if changes["status"] == PENDING else FAILED


def deliver(store: Store, uid: str, notification_id: str, now: datetime) -> str:
    """Send this notification's push if it is due and still unsent; returns what happened:
    sent, retry, failed, suppressed, deferred, skipped or superseded."""
    claim = store.run_transaction(partial(_claim, store, uid, notification_id, now))
    if not isinstance(claim, Claim):
        return claim
    tokens = [device["fcm_token"] for device in claim.devices]
    try:
        results = send_push(tokens, claim.payload)
    except Exception as error:  # noqa: BLE001 - send_push reports per token; this guards a broken one
        results = [PushResult(token, error=error) for token in tokens]
    for device, result in zip(claim.devices, results, strict=False):
        if result.stale:
            store.delete_device(uid, device["id"])
    outcome = store.run_transaction(partial(_record, uid, notification_id, claim, results, now))
    log.info("push %s", outcome, extra={"attempt": claim.attempts})
    return outcome


def sweep_outbox(store: Store, now: datetime, *, batch: int = SWEEP_BATCH,
                 max_batches: int = SWEEP_MAX_BATCHES) -> Counter:
    """Deliver every push whose time has come (retries, ends of quiet hours, missed triggers)."""
    outcomes: Counter = Counter()
    for _ in range(max_batches):
        due = store.outbox_due(now, batch)
        for uid, notification_id in due:
            try:
                outcomes[deliver(store, uid, notification_id, now)] += 1
            except Exception as error:  # noqa: BLE001 - one bad document must not hold up the rest
                log.error("sweeping a notification failed: %s", type(error).__name__)  # no ids, no paths
                outcomes["error"] += 1
        if len(due) < batch:
            break
    log.info("outbox sweep: %s", dict(outcomes))
    return outcomes
