"""Notifications: devices, the outbox (inbox and pushes), and users whose schedule is due."""
from __future__ import annotations

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain.bounds import DEVICES
from .budget import call_options
from .metering import commit_in_batches, count, read_all, read_one, read_owned
from .paths import Paths

MAX_DEVICES = DEVICES.limit  # devices a user's push goes to (read in one bounded query)


class NotificationStore:
    """Devices and the outbox of every user; the scheduled jobs' queries."""

    client: firestore.Client  # set by the store this is mixed into (storage.Store)
    paths: Paths

    def get_device(self, uid: str, device_id: str) -> dict | None:
        return read_one(self.paths.device(uid, device_id))

    def delete_device(self, uid: str, device_id: str) -> None:
        count(writes=1)
        self.paths.device(uid, device_id).delete(**call_options())

    def list_devices(self, uid: str) -> list[dict]:
        """The user's devices, most recently refreshed first, at most MAX_DEVICES."""
        query = self.paths.devices(uid).order_by("refreshed_at", direction=firestore.Query.DESCENDING)
        return read_all(query.limit(MAX_DEVICES))

    def devices_with_token(self, fcm_token: str, limit: int = 10) -> list[tuple[str, str]]:
        """(uid, device id) of every device holding this FCM token, under any user."""
        query = self.paths.device_group().where(filter=FieldFilter("fcm_token", "==", fcm_token))
        return read_owned(query.limit(limit).stream(**call_options()))

    def devices_refreshed_before(self, cutoff, limit: int) -> list[tuple[str, str]]:
        """(uid, device id) of devices, under any user, last refreshed before `cutoff`."""
        query = self.paths.device_group().where(filter=FieldFilter("refreshed_at", "<", cutoff))
        return read_owned(query.limit(limit).stream(**call_options()))

    def delete_devices(self, owned: list[tuple[str, str]]) -> None:
        commit_in_batches(self.client, [(self.paths.device(uid, device_id), None) for uid, device_id in owned])

    def get_outbox(self, uid: str, notification_id: str) -> dict | None:
        return read_one(self.paths.outbox_doc(uid, notification_id))

    def list_outbox(self, uid: str, *, key_before: str | None, limit: int) -> list[dict]:
        """The user's notifications newest first by `sort_key` (created_at|id)."""
        query = self.paths.outbox(uid)
        if key_before is not None:
            query = query.where(filter=FieldFilter("sort_key", "<", key_before))
        return read_all(query.order_by("sort_key", direction=firestore.Query.DESCENDING).limit(limit))

    def outbox_due(self, now, limit: int) -> list[tuple[str, str]]:
        """(uid, notification id), under any user, of pushes pending (or with an expired sending
        lease) whose `next_attempt_at` has come, oldest first."""
        query = (self.paths.outbox_group()
                 .where(filter=FieldFilter("status", "in", ["pending", "sending"]))
                 .where(filter=FieldFilter("next_attempt_at", "<=", now))
                 .order_by("next_attempt_at").limit(limit))
        return read_owned(query.stream(**call_options()))

    def users_due(self, field: str, bound, *, limit: int, after=None) -> tuple[list[tuple[str, dict]], object]:
        """Users whose schedule `field` (a UTC instant) is <= `bound`, a page of `limit` in
        (field, id) order; returns them and an opaque cursor to pass as `after` for the next page."""
        query = self.paths.users().where(filter=FieldFilter(field, "<=", bound)).order_by(field)
        if after is not None:
            query = query.start_after(after)
        snapshots = list(query.limit(limit).stream(**call_options()))
        count(reads=max(1, len(snapshots)))
        return [(s.id, s.to_dict()) for s in snapshots], (snapshots[-1] if snapshots else after)

    def has_win_earned_after(self, uid: str, since) -> bool:
        """Whether the client earned any win after `since` (one small query, at most one read)."""
        query = self.paths.wins(uid).where(filter=FieldFilter("earned_at", ">", since)).limit(1)
        return bool(read_all(query))
