"""Gentle daily reminders in each client's own time, found through a precomputed UTC slot.

The profile (users/{uid}) carries `next_reminder_due`: the UTC start of the 15-minute slot of the
client's next reminder, present only while a reminder time is set and reminders are on. The job
at `now` queries `next_reminder_due <= reminder_query_bound(now)` a page at a time, so its cost
grows with the clients due, not with all clients, and a missed run is caught up by the next.
For each client due it ALWAYS stores the next slot (run_reminder), and creates the day's reminder
(id from the local date, so never twice) unless they checked in that day or are away, and, when a
questionnaire a linked therapist assigned is due that day, its own neutral reminder (services/measures.py).
"""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from functools import partial

from ..domain import notify_messages as messages
from ..domain import notify_timing as timing
from ..storage import Store, StoreTransaction
from .measures import questionnaire_reminder
from .notifications import REMINDER, for_each_due, outbox_doc, prefs_of, with_schedule

FIELD = "next_reminder_due"
BATCH = 200


def with_reminder_schedule(profile: dict, existing: dict | None, now: datetime) -> dict:
    """The profile about to be saved, with its next reminder slot while reminders are wanted."""
    return with_schedule(
        profile, existing, FIELD, inputs=("reminder_time", "timezone"),
        wanted=bool(profile.get("reminder_time")) and prefs_of(profile).reminders,
        was_wanted=bool(existing) and prefs_of(existing).reminders,
        next_due=lambda: timing.next_reminder_due(time.fromisoformat(profile["reminder_time"]),
                                                  profile["timezone"], now),
    )


def send_reminders(store: Store, now: datetime, *, batch: int = BATCH) -> Counter:
    """One run of the reminder job; returns how many clients ended how (created, checked_in, ...)."""
    return for_each_due(store, FIELD, timing.reminder_query_bound(now),
                        lambda uid, _: store.run_transaction(partial(_remind, uid, now)), batch=batch, job="reminder")


def _remind(uid: str, now: datetime, tx: StoreTransaction) -> str:
    profile = tx.get_profile(uid)
    due = (profile or {}).get(FIELD)
    if due is None or due > timing.reminder_query_bound(now):
        return "not_due"  # changed since the query (a profile save, or an overlapping run)
    run = timing.run_reminder(time.fromisoformat(profile["reminder_time"]), profile["timezone"], due=due, now=now)
    outcome = "day_over" if run.remind_for is None else _reminder_for(tx, uid, run.remind_for, now)
    if run.remind_for is not None:
        questionnaire_reminder(tx, uid, run.remind_for, now)
    tx.update_profile(uid, {FIELD: run.next_due})
    return outcome


def _reminder_for(tx: StoreTransaction, uid: str, day: date, now: datetime) -> str:
    summary = tx.get_summary(uid)
    if summary is not None:
        if summary.checked_in_on(day):
            return "checked_in"
        if summary.away_on(day):
            return "away"
    notification_id = timing.reminder_notification_id(day)
    if tx.get_outbox(uid, notification_id) is not None:
        return "exists"
    text = messages.inbox_text(REMINDER, local_date=day)
    tx.set_outbox(uid, notification_id, outbox_doc(notification_id, REMINDER, text, now, local_date=day.isoformat()))
    return "created"
