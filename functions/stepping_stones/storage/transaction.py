"""Reads and writes inside one Firestore transaction, through the shared paths."""
from __future__ import annotations

from google.cloud.firestore_v1.base_query import FieldFilter

from .metering import count
from .paths import Paths


class StoreTransaction:
    """Reads and writes inside one Firestore transaction: every read comes before any write."""

    def __init__(self, paths: Paths, transaction):
        self._paths = paths
        self._tx = transaction

    def _get(self, ref) -> dict | None:
        count(reads=1)
        snapshot = ref.get(transaction=self._tx)
        return snapshot.to_dict() if snapshot.exists else None

    def _set(self, ref, data: dict) -> None:
        count(writes=1)
        self._tx.set(ref, data)

    def _delete(self, ref) -> None:
        count(writes=1)
        self._tx.delete(ref)

    def get_profile(self, uid: str) -> dict | None:
        return self._get(self._paths.user(uid))

    def set_profile(self, uid: str, profile: dict) -> None:
        self._set(self._paths.user(uid), profile)

    def get_entry(self, uid: str, kind: str, entry_id: str) -> dict | None:
        return self._get(self._paths.entry(uid, kind, entry_id))

    def set_entry(self, uid: str, kind: str, entry_id: str, doc: dict) -> None:
        self._set(self._paths.entry(uid, kind, entry_id), doc)

    def delete_entry(self, uid: str, kind: str, entry_id: str) -> None:
        self._delete(self._paths.entry(uid, kind, entry_id))

    def get_summary_doc(self, uid: str) -> dict | None:
        """The client's one summary document: time zone, progress state and earned wins."""
        return self._get(self._paths.summary(uid))

    def set_summary_doc(self, uid: str, doc: dict) -> None:
        self._set(self._paths.summary(uid), doc)

    def set_win(self, uid: str, win_id: str, doc: dict, *, keep_other_fields: bool = False) -> None:
        """Write a win; `keep_other_fields` keeps what others added (review state) on a restatement."""
        count(writes=1)
        self._tx.set(self._paths.win(uid, win_id), doc, merge=keep_other_fields)

    def delete_win(self, uid: str, win_id: str) -> None:
        self._delete(self._paths.win(uid, win_id))

    def get_goal(self, uid: str, goal_id: str) -> dict | None:
        return self._get(self._paths.goal(uid, goal_id))

    def set_goal(self, uid: str, goal_id: str, doc: dict) -> None:
        self._set(self._paths.goal(uid, goal_id), doc)

    def delete_goal(self, uid: str, goal_id: str) -> None:
        self._delete(self._paths.goal(uid, goal_id))

    def get_away(self, uid: str, period_id: str) -> dict | None:
        return self._get(self._paths.away(uid, period_id))

    def set_away(self, uid: str, period_id: str, doc: dict) -> None:
        self._set(self._paths.away(uid, period_id), doc)

    def delete_away(self, uid: str, period_id: str) -> None:
        self._delete(self._paths.away(uid, period_id))

    # -- therapists: invites, links, attempts, win reviews
    def get_invite(self, code: str) -> dict | None:
        return self._get(self._paths.invite(code))

    def set_invite(self, code: str, doc: dict) -> None:
        self._set(self._paths.invite(code), doc)

    def get_link(self, therapist_uid: str, client_uid: str) -> dict | None:
        """The therapist's side of a link (it also holds the therapist's win reviews)."""
        return self._get(self._paths.client_link(therapist_uid, client_uid))

    def set_link(self, therapist_uid: str, client_uid: str, shared: dict) -> None:
        """Write both sides of a link; fields only the therapist's side holds are kept."""
        count(writes=2)
        self._tx.set(self._paths.client_link(therapist_uid, client_uid), shared, merge=True)
        self._tx.set(self._paths.therapist_link(client_uid, therapist_uid), shared, merge=True)

    def set_win_review(self, therapist_uid: str, client_uid: str, win_id: str, review: dict) -> None:
        count(writes=1)
        self._tx.set(self._paths.client_link(therapist_uid, client_uid), {"reviewed": {win_id: review}}, merge=True)

    def delete_link(self, therapist_uid: str, client_uid: str) -> None:
        self._delete(self._paths.client_link(therapist_uid, client_uid))
        self._delete(self._paths.therapist_link(client_uid, therapist_uid))

    def get_win(self, uid: str, win_id: str) -> dict | None:
        return self._get(self._paths.win(uid, win_id))

    # -- notifications: devices, outbox, reminders
    def get_outbox(self, uid: str, notification_id: str) -> dict | None:
        return self._get(self._paths.outbox_doc(uid, notification_id))

    def set_outbox(self, uid: str, notification_id: str, doc: dict) -> None:
        self._set(self._paths.outbox_doc(uid, notification_id), doc)

    def update_outbox(self, uid: str, notification_id: str, changes: dict) -> None:
        count(writes=1)
        self._tx.set(self._paths.outbox_doc(uid, notification_id), changes, merge=True)

    def count_pushes_between(self, uid: str, start, end, limit: int) -> int:
        """Outbox documents with `sent_at` in [start, end), at most `limit` (sent_at is set only
        while a push is being sent or once it was sent)."""
        query = (self._paths.outbox(uid).where(filter=FieldFilter("sent_at", ">=", start))
                 .where(filter=FieldFilter("sent_at", "<", end)).limit(limit))
        found = sum(1 for _ in self._tx.get(query))
        count(reads=max(1, found))
        return found

    def update_profile(self, uid: str, changes: dict) -> None:
        """Change some fields of the user document (a schedule field), keeping the rest."""
        count(writes=1)
        self._tx.set(self._paths.user(uid), changes, merge=True)
