"""The devices a user's pushes go to: registered and refreshed by the app, pruned when left unused."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from ..domain.bounds import DEVICES
from ..errors import ProfileRequired
from ..storage import Store
from .erasure import guard
from .summary import limit_reached

STALE_AFTER = timedelta(days=60)
PRUNE_BATCH = 500
PRUNE_MAX_BATCHES = 40
log = logging.getLogger("stepping_stones.notifications")
NO_PROFILE_FOR_DEVICE = ("Create your profile first (PUT /v1/me; a therapist PUT /v1/therapist/profile): "
                         "pushes follow your profile's time zone and quiet hours.")


def device_view(doc: dict) -> dict:
    return {key: doc.get(key) for key in ("id", "platform", "app_version", "created_at", "refreshed_at")}


def put_device(store: Store, uid: str, device_id: str, fields: dict, now: datetime) -> tuple[dict, bool]:
    """Register (True) or refresh (False) a device. A token holds one user only: on a shared phone
    the previous user's registration of the same token is removed, so their pushes stop there.
    A device needs a profile: pushes follow its time zone and quiet hours, and a token signed in
    before an erasure must not start a new account's data with a device."""
    def work(tx):
        tx.prefetch(uid, summary=False, erasure=True, profile=True)
        guard(tx, uid)  # in the transaction: an erasure starting meanwhile waits for it, then deletes it
        if tx.get_profile(uid) is None:
            raise ProfileRequired(NO_PROFILE_FOR_DEVICE)
        existing = tx.get_device(uid, device_id)
        if existing is None and len(store.list_devices(uid)) >= DEVICES.limit:  # one query of at most 20 small documents
            raise limit_reached(DEVICES)
        doc = {
            "id": device_id,
            "fcm_token": fields["fcm_token"],
            "platform": fields["platform"],
            "app_version": fields.get("app_version"),
            "created_at": existing["created_at"] if existing else now,
            "refreshed_at": now,
        }
        tx.set_device(uid, device_id, doc)
        return doc, existing

    doc, existing = store.run_transaction(work)
    for owner, other_id in store.devices_with_token(fields["fcm_token"]):
        if (owner, other_id) != (uid, device_id):
            store.delete_device(owner, other_id)
    return device_view(doc), existing is None


def delete_device(store: Store, uid: str, device_id: str) -> None:
    """Stop pushes to a device (on sign-out); deleting one already gone is fine."""
    store.delete_device(uid, device_id)


def prune_devices(store: Store, now: datetime, *, batch: int = PRUNE_BATCH,
                  max_batches: int = PRUNE_MAX_BATCHES) -> int:
    """Remove devices, under every user, not refreshed for 60 days; returns how many."""
    removed = 0
    for _ in range(max_batches):
        stale = store.devices_refreshed_before(now - STALE_AFTER, batch)
        store.delete_devices(stale)
        removed += len(stale)
        if len(stale) < batch:
            break
    log.info("devices pruned: %d", removed)
    return removed
