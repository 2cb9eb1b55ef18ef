"""The therapist's profile and weekly digest: counts only, at the weekday and local time they chose.

The therapist profile (users/{uid}, role therapist) holds `display_name`, `timezone` and `digest`
({weekday, time}, or null for no digest) and, while a digest is wanted, `next_digest_due`: the UTC
slot of the next one. The job at `now` pages through therapists with `next_digest_due <= slot`,
counts the linked clients who earned a micro-win since the last digest (one query with limit 1 a
client), and creates that ISO week's digest (id from the week, so never twice). A digest with
nothing to count stays in the inbox without a push.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta
from functools import partial

from ..domain import notify_messages as messages
from ..domain import notify_timing as timing
from ..errors import NotFound
from ..storage import Store, StoreTransaction
from .erasure import guard
from .notifications import DIGEST, NOTHING_NEW, for_each_due, outbox_doc, with_schedule

THERAPIST = "therapist"
FIELD = "next_digest_due"
BATCH = 200


def get_therapist_profile(store: Store, uid: str) -> dict:
    profile = store.get_profile(uid)
    if profile is None:
        raise NotFound("No therapist profile yet: create it with PUT /v1/therapist/profile.")
    return {**profile, "uid": uid}


def save_therapist_profile(store: Store, uid: str, fields: dict, now: datetime) -> tuple[dict, bool]:
    """Create (True) or replace the therapist's profile, and schedule their next digest."""

    def work(tx: StoreTransaction):
        tx.prefetch(uid, summary=False, erasure=True, profile=True)  # one round trip
        guard(tx, uid)
        existing = tx.get_profile(uid)
        profile = {**(existing or {}), **fields, "role": THERAPIST,
                   "created_at": existing["created_at"] if existing else now, "updated_at": now}
        profile = with_digest_schedule(profile, existing, now)
        tx.set_profile(uid, profile)
        return profile, existing is None, (existing or {}).get("display_name") != profile.get("display_name")

    profile, created, renamed = store.run_transaction(work)
    if renamed:  # clients see the name beside each link; the access log keeps the name of the time
        rename_on_links(store, uid, profile.get("display_name"))
    return {**profile, "uid": uid}, created


RENAMES_PER_COMMIT = 200  # two writes a link: under Firestore's 500 a commit


def rename_on_links(store: Store, therapist_uid: str, name: str | None) -> int:
    """Copy a therapist's new display name into both sides of each of their links (so a client's
    list of links needs no read of the therapist's profile); returns how many links changed. Each
    commit writes only links its transaction read: a link an erasure or an unlink deletes meanwhile
    is never written back."""
    def work(tx: StoreTransaction) -> int:
        stale = [link["client_uid"] for link in tx.list_client_links(therapist_uid) if link.get("therapist_name") != name]
        for client_uid in stale[:RENAMES_PER_COMMIT]:
            tx.set_link(therapist_uid, client_uid, {"therapist_name": name})
        return min(len(stale), RENAMES_PER_COMMIT)

    changed = total = store.run_transaction(work)
    while changed == RENAMES_PER_COMMIT:
        changed = store.run_transaction(work)
        total += changed
    return total


def with_digest_schedule(profile: dict, existing: dict | None, now: datetime) -> dict:
    """The profile about to be saved, with its next digest slot while a digest is wanted."""
    digest = profile.get("digest")
    return with_schedule(
        profile, existing, FIELD, inputs=("digest", "timezone"), wanted=bool(digest), was_wanted=True,
        next_due=lambda: timing.next_digest_due(digest["weekday"], time.fromisoformat(digest["time"]),
                                                profile["timezone"], now),
    )


def send_digests(store: Store, now: datetime, *, batch: int = BATCH) -> Counter:
    """One run of the digest job; returns how many therapists ended how (created, nothing_new, ...)."""
    def handle(uid: str, profile: dict) -> str:
        since = profile.get("last_digest_at") or profile[FIELD] - timedelta(days=7)
        clients = [link["client_uid"] for link in store.list_client_links(uid)]
        with_wins = sum(1 for client_uid in clients if store.has_win_earned_after(client_uid, since))
        return store.run_transaction(partial(_digest, uid, with_wins, now))

    return for_each_due(store, FIELD, timing.floor_to_slot(now), handle, batch=batch, job="digest")


def _digest(uid: str, clients_with_new_wins: int, now: datetime, tx: StoreTransaction) -> str:
    profile = tx.get_profile(uid)
    due, digest = (profile or {}).get(FIELD), (profile or {}).get("digest")
    bound = timing.floor_to_slot(now)
    if due is None or due > bound or not digest:
        return "not_due"  # changed since the query
    zone = profile["timezone"]
    notification_id = timing.digest_notification_id(*timing.digest_week(due, zone))
    outcome = "exists"
    if tx.get_outbox(uid, notification_id) is None:
        counts = {"clients_with_new_wins": clients_with_new_wins}
        text = messages.inbox_text(DIGEST, counts=counts)
        reason = None if clients_with_new_wins else NOTHING_NEW
        tx.set_outbox(uid, notification_id, outbox_doc(notification_id, DIGEST, text, now, reason=reason, counts=counts))
        outcome = reason or "created"
    next_due = timing.next_digest_due(digest["weekday"], time.fromisoformat(digest["time"]), zone, bound)
    tx.update_profile(uid, {FIELD: next_due, "last_digest_at": now})
    return outcome
