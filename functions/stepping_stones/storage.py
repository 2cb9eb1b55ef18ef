"""The only module that imports Firestore: every document path and query lives here, metered."""
from __future__ import annotations

import contextlib
import contextvars
import threading
from dataclasses import dataclass
from typing import Callable, Iterator, TypeVar

from firebase_admin import firestore as admin_firestore
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .config import Config
from .firebase_app import get_firebase_app

T = TypeVar("T")

USERS = "users"
ENTRIES = "entries"
PRIVATE = "private"
SUMMARY_DOC = "summary"
WINS = "wins"
GOALS = "goals"
AWAY = "away"
INVITES = "invites"
CLIENT_LINKS = "clients"
THERAPIST_LINKS = "therapists"
SESSIONS = "sessions"
ACCESS_LOG = "access_log"
LINK_ATTEMPTS_DOC = "link_attempts"
EXPORT_PAGE = 300
DEVICES = "devices"
OUTBOX = "outbox"
MAX_DEVICES = 20  # devices a user's push goes to (read in one bounded query)
BATCH_LIMIT = 500  # Firestore's limit of writes in one commit


@dataclass
class Meter:
    """Firestore document reads and writes made while serving one request."""

    reads: int = 0
    writes: int = 0


_meter: contextvars.ContextVar[Meter | None] = contextvars.ContextVar("firestore_meter", default=None)


@contextlib.contextmanager
def metering() -> Iterator[Meter]:
    """Count the document reads and writes made inside the block."""
    meter = Meter()
    token = _meter.set(meter)
    try:
        yield meter
    finally:
        _meter.reset(token)


def _count(reads: int = 0, writes: int = 0) -> None:
    meter = _meter.get()
    if meter is not None:
        meter.reads += reads
        meter.writes += writes


def _entry_doc_id(kind: str, entry_id: str) -> str:
    return f"{kind}:{entry_id}"


class StoreTransaction:
    """Reads and writes inside one Firestore transaction: every read comes before any write."""

    def __init__(self, store: "Store", transaction: firestore.Transaction):
        self._store = store
        self._tx = transaction

    def _get(self, ref) -> dict | None:
        _count(reads=1)
        snapshot = ref.get(transaction=self._tx)
        return snapshot.to_dict() if snapshot.exists else None

    def _set(self, ref, data: dict) -> None:
        _count(writes=1)
        self._tx.set(ref, data)

    def _delete(self, ref) -> None:
        _count(writes=1)
        self._tx.delete(ref)

    def get_profile(self, uid: str) -> dict | None:
        return self._get(self._store._user(uid))

    def set_profile(self, uid: str, profile: dict) -> None:
        self._set(self._store._user(uid), profile)

    def get_entry(self, uid: str, kind: str, entry_id: str) -> dict | None:
        return self._get(self._store._entry(uid, kind, entry_id))

    def set_entry(self, uid: str, kind: str, entry_id: str, doc: dict) -> None:
        self._set(self._store._entry(uid, kind, entry_id), doc)

    def delete_entry(self, uid: str, kind: str, entry_id: str) -> None:
        self._delete(self._store._entry(uid, kind, entry_id))

    def get_summary_doc(self, uid: str) -> dict | None:
        """The client's one summary document: time zone, progress state and earned wins."""
        return self._get(self._store._summary(uid))

    def set_summary_doc(self, uid: str, doc: dict) -> None:
        self._set(self._store._summary(uid), doc)

    def set_win(self, uid: str, win_id: str, doc: dict, *, keep_other_fields: bool = False) -> None:
        """Write a win; `keep_other_fields` keeps what others added (review state) on a restatement."""
        _count(writes=1)
        self._tx.set(self._store._win(uid, win_id), doc, merge=keep_other_fields)

    def delete_win(self, uid: str, win_id: str) -> None:
        self._delete(self._store._win(uid, win_id))

    def get_goal(self, uid: str, goal_id: str) -> dict | None:
        return self._get(self._store._goal(uid, goal_id))

    def set_goal(self, uid: str, goal_id: str, doc: dict) -> None:
        self._set(self._store._goal(uid, goal_id), doc)

    def delete_goal(self, uid: str, goal_id: str) -> None:
        self._delete(self._store._goal(uid, goal_id))

    def get_away(self, uid: str, period_id: str) -> dict | None:
        return self._get(self._store._away(uid, period_id))

    def set_away(self, uid: str, period_id: str, doc: dict) -> None:
        self._set(self._store._away(uid, period_id), doc)

    def delete_away(self, uid: str, period_id: str) -> None:
        self._delete(self._store._away(uid, period_id))

    # -- therapists: invites, links, attempts, win reviews
    def get_invite(self, code: str) -> dict | None:
        return self._get(self._store._invite(code))

    def set_invite(self, code: str, doc: dict) -> None:
        self._set(self._store._invite(code), doc)

    def get_link(self, therapist_uid: str, client_uid: str) -> dict | None:
        """The therapist's side of a link (it also holds the therapist's win reviews)."""
        return self._get(self._store._client_link(therapist_uid, client_uid))

    def set_link(self, therapist_uid: str, client_uid: str, shared: dict) -> None:
        """Write both sides of a link; fields only the therapist's side holds are kept."""
        _count(writes=2)
        self._tx.set(self._store._client_link(therapist_uid, client_uid), shared, merge=True)
        self._tx.set(self._store._therapist_link(client_uid, therapist_uid), shared, merge=True)

    def set_win_review(self, therapist_uid: str, client_uid: str, win_id: str, review: dict) -> None:
        _count(writes=1)
        self._tx.set(self._store._client_link(therapist_uid, client_uid), {"reviewed": {win_id: review}}, merge=True)

    def delete_link(self, therapist_uid: str, client_uid: str) -> None:
        self._delete(self._store._client_link(therapist_uid, client_uid))
        self._delete(self._store._therapist_link(client_uid, therapist_uid))

    def get_link_attempts(self, uid: str) -> dict | None:
        return self._get(self._store._link_attempts(uid))

    def set_link_attempts(self, uid: str, doc: dict) -> None:
        self._set(self._store._link_attempts(uid), doc)

    def get_win(self, uid: str, win_id: str) -> dict | None:
        return self._get(self._store._win(uid, win_id))

    # -- notifications: devices, outbox, reminders
    def get_outbox(self, uid: str, notification_id: str) -> dict | None:
        return self._get(self._store._outbox_doc(uid, notification_id))

    def set_outbox(self, uid: str, notification_id: str, doc: dict) -> None:
        self._set(self._store._outbox_doc(uid, notification_id), doc)

    def update_outbox(self, uid: str, notification_id: str, changes: dict) -> None:
        _count(writes=1)
        self._tx.set(self._store._outbox_doc(uid, notification_id), changes, merge=True)

    def count_pushes_between(self, uid: str, start, end, limit: int) -> int:
        """Outbox documents with `sent_at` in [start, end), at most `limit` (sent_at is set only
        while a push is being sent or once it was sent)."""
        query = (self._store._outbox(uid).where(filter=FieldFilter("sent_at", ">=", start))
                 .where(filter=FieldFilter("sent_at", "<", end)).limit(limit))
        found = sum(1 for _ in self._tx.get(query))
        _count(reads=max(1, found))
        return found

    def update_profile(self, uid: str, changes: dict) -> None:
        """Change some fields of the user document (a schedule field), keeping the rest."""
        _count(writes=1)
        self._tx.set(self._store._user(uid), changes, merge=True)


class Store:
    """Firestore access for the app; create one per process with `get_store`."""

    def __init__(self, client: firestore.Client):
        self.client = client

    # -- paths: nothing outside this class builds one
    def _user(self, uid: str):
        return self.client.collection(USERS).document(uid)

    def _entries(self, uid: str):
        return self._user(uid).collection(ENTRIES)

    def _entry(self, uid: str, kind: str, entry_id: str):
        return self._entries(uid).document(_entry_doc_id(kind, entry_id))

    def _summary(self, uid: str):
        return self._user(uid).collection(PRIVATE).document(SUMMARY_DOC)

    def _win(self, uid: str, win_id: str):
        return self._user(uid).collection(WINS).document(win_id)

    def _goal(self, uid: str, goal_id: str):
        return self._user(uid).collection(GOALS).document(goal_id)

    def _away(self, uid: str, period_id: str):
        return self._user(uid).collection(AWAY).document(period_id)

    def _invite(self, code: str):
        return self.client.collection(INVITES).document(code)

    def _client_link(self, therapist_uid: str, client_uid: str):
        return self._user(therapist_uid).collection(CLIENT_LINKS).document(client_uid)

    def _therapist_link(self, client_uid: str, therapist_uid: str):
        return self._user(client_uid).collection(THERAPIST_LINKS).document(therapist_uid)

    def _link_attempts(self, uid: str):
        return self._user(uid).collection(PRIVATE).document(LINK_ATTEMPTS_DOC)

    def _session(self, therapist_uid: str, client_uid: str, day: str):
        return self._client_link(therapist_uid, client_uid).collection(SESSIONS).document(day)

    def _access_log(self, client_uid: str):
        return self._user(client_uid).collection(ACCESS_LOG)

    # -- operations
    def run_transaction(self, work: Callable[[StoreTransaction], T]) -> T:
        """Run `work` in one transaction; Firestore retries it on contention."""

        @firestore.transactional
        def attempt(transaction):
            return work(StoreTransaction(self, transaction))

        return attempt(self.client.transaction())

    def get_profile(self, uid: str) -> dict | None:
        _count(reads=1)
        snapshot = self._user(uid).get()
        return snapshot.to_dict() if snapshot.exists else None

    def get_entry(self, uid: str, kind: str, entry_id: str) -> dict | None:
        _count(reads=1)
        snapshot = self._entry(uid, kind, entry_id).get()
        return snapshot.to_dict() if snapshot.exists else None

    def list_entries(
        self,
        uid: str,
        *,
        kinds: tuple[str, ...] | None = None,
        key_from: str | None = None,
        key_before: str | None = None,
        limit: int = 50,
    ) -> list[dict]:
        """Entries newest first by `timeline_key`, from `key_from` up to but excluding `key_before`."""
        query = self._entries(uid)
        if kinds:
            query = query.where(filter=FieldFilter("kind", "in", list(kinds)))
        if key_from is not None:
            query = query.where(filter=FieldFilter("timeline_key", ">=", key_from))
        if key_before is not None:
            query = query.where(filter=FieldFilter("timeline_key", "<", key_before))
        return self._all(query.order_by("timeline_key", direction=firestore.Query.DESCENDING).limit(limit))

    def list_entries_of_kind(self, uid: str, kind: str) -> list[dict]:
        return self._all(self._entries(uid).where(filter=FieldFilter("kind", "==", kind)))

    def get_summary_doc(self, uid: str) -> dict | None:
        _count(reads=1)
        snapshot = self._summary(uid).get()
        return snapshot.to_dict() if snapshot.exists else None

    def list_wins(self, uid: str, *, key_from: str | None, key_before: str | None, limit: int) -> list[dict]:
        """Wins newest first by `sort_key` (occurred_on|id)."""
        query = self._user(uid).collection(WINS)
        if key_from is not None:
            query = query.where(filter=FieldFilter("sort_key", ">=", key_from))
        if key_before is not None:
            query = query.where(filter=FieldFilter("sort_key", "<", key_before))
        return self._all(query.order_by("sort_key", direction=firestore.Query.DESCENDING).limit(limit))

    def list_goals(self, uid: str) -> list[dict]:
        return self._all(self._user(uid).collection(GOALS))

    def list_away(self, uid: str) -> list[dict]:
        return self._all(self._user(uid).collection(AWAY))

    def all_entries(self, uid: str) -> list[dict]:
        return self._all(self._entries(uid))

    def list_win_ids(self, uid: str) -> list[str]:
        ids = [ref.id for ref in self._user(uid).collection(WINS).list_documents()]
        _count(reads=max(1, len(ids)))
        return ids

    def write_in_batches(self, uid: str, *, entries=(), wins=(), summary_doc: dict | None = None,
                         delete_win_ids=()) -> None:
        """Bulk writes for history imports and repairs (not atomic across batches of 500)."""
        operations = [(self._entry(uid, d["kind"], d["id"]), d) for d in entries]
        operations += [(self._win(uid, w["id"]), w) for w in wins]
        operations += [(self._win(uid, win_id), None) for win_id in delete_win_ids]
        if summary_doc is not None:
            operations.append((self._summary(uid), summary_doc))
        for start in range(0, len(operations), BATCH_LIMIT):
            batch = self.client.batch()
            for ref, data in operations[start:start + BATCH_LIMIT]:
                batch.delete(ref) if data is None else batch.set(ref, data)
            batch.commit()
            _count(writes=len(operations[start:start + BATCH_LIMIT]))

    # -- therapists: links, sessions, access log, export and erasure
    def list_client_links(self, therapist_uid: str) -> list[dict]:
        return self._all(self._user(therapist_uid).collection(CLIENT_LINKS))

    def list_therapist_links(self, client_uid: str) -> list[dict]:
        return self._all(self._user(client_uid).collection(THERAPIST_LINKS))

    def get_link(self, therapist_uid: str, client_uid: str) -> dict | None:
        _count(reads=1)
        snapshot = self._client_link(therapist_uid, client_uid).get()
        return snapshot.to_dict() if snapshot.exists else None

    def get_summary_docs(self, uids: list[str]) -> dict[str, dict | None]:
        """Several clients' summary documents in one round trip (one read each)."""
        if not uids:
            return {}
        _count(reads=len(uids))
        found = {s.reference.parent.parent.id: s.to_dict()
                 for s in self.client.get_all([self._summary(uid) for uid in uids]) if s.exists}
        return {uid: found.get(uid) for uid in uids}

    def get_profiles(self, uids: list[str]) -> dict[str, dict | None]:
        if not uids:
            return {}
        _count(reads=len(uids))
        found = {s.id: s.to_dict() for s in self.client.get_all([self._user(uid) for uid in uids]) if s.exists}
        return {uid: found.get(uid) for uid in uids}

    def set_session(self, therapist_uid: str, client_uid: str, day: str, doc: dict) -> None:
        _count(writes=1)
        self._session(therapist_uid, client_uid, day).set(doc)

    def get_session(self, therapist_uid: str, client_uid: str, day: str) -> dict | None:
        _count(reads=1)
        snapshot = self._session(therapist_uid, client_uid, day).get()
        return snapshot.to_dict() if snapshot.exists else None

    def list_sessions(self, therapist_uid: str, client_uid: str) -> list[dict]:
        return self._all(self._client_link(therapist_uid, client_uid).collection(SESSIONS))

    def append_access(self, client_uid: str, record: dict) -> None:
        """Append to the client's access log (the API offers no way to change or remove a record)."""
        _count(writes=1)
        self._access_log(client_uid).document().set(record)

    def list_access_log(self, client_uid: str, *, key_before: str | None, limit: int) -> list[dict]:
        query = self._access_log(client_uid)
        if key_before is not None:
            query = query.where(filter=FieldFilter("sort_key", "<", key_before))
        return self._all(query.order_by("sort_key", direction=firestore.Query.DESCENDING).limit(limit))

    def list_entries_between(self, uid: str, key_from: str, key_before: str) -> list[dict]:
        return self._all(self._entries(uid).where(filter=FieldFilter("timeline_key", ">=", key_from))
                         .where(filter=FieldFilter("timeline_key", "<", key_before)))

    def list_wins_between(self, uid: str, key_from: str, key_before: str) -> list[dict]:
        return self._all(self._user(uid).collection(WINS).where(filter=FieldFilter("sort_key", ">=", key_from))
                         .where(filter=FieldFilter("sort_key", "<", key_before)))

    def iter_user_documents(self, uid: str, page_size: int = EXPORT_PAGE) -> Iterator[tuple[str, str, dict]]:
        """Every document under the user, as (collection path below the user, id, data), a page at a time."""
        user = self._user(uid)
        snapshot = user.get()
        _count(reads=1)
        if snapshot.exists:
            yield "", uid, snapshot.to_dict()
        yield from self._iter_collections(user, "", page_size)

    def _iter_collections(self, parent, prefix: str, page_size: int):
        for collection in parent.collections():
            path = f"{prefix}{collection.id}"
            last = None
            while True:
                query = collection.order_by("__name__").limit(page_size)
                if last is not None:
                    query = query.start_after(last)
                snapshots = list(query.stream())
                _count(reads=max(1, len(snapshots)))
                for snapshot in snapshots:
                    yield path, snapshot.id, snapshot.to_dict()
                    yield from self._iter_collections(snapshot.reference, f"{path}/{snapshot.id}/", page_size)
                if len(snapshots) < page_size:
                    break
                last = snapshots[-1]

    def invites_of(self, therapist_uid: str) -> list[str]:
        query = self.client.collection(INVITES).where(filter=FieldFilter("therapist_uid", "==", therapist_uid))
        codes = [snapshot.id for snapshot in query.stream()]
        _count(reads=max(1, len(codes)))
        return codes

    def invites_used_by(self, client_uid: str) -> list[str]:
        query = self.client.collection(INVITES).where(filter=FieldFilter("used_by", "==", client_uid))
        codes = [snapshot.id for snapshot in query.stream()]
        _count(reads=max(1, len(codes)))
        return codes

    def erase_user(self, uid: str, *, link_pairs: list[tuple[str, str]], invite_codes: list[str]) -> int:
        """Delete everything under the user, both sides of the given (therapist, client) links with
        their subcollections, and the given invites. Returns the number of documents deleted."""
        deleted = self.client.recursive_delete(self._user(uid))
        for therapist_uid, client_uid in link_pairs:
            deleted += self.client.recursive_delete(self._client_link(therapist_uid, client_uid))
            deleted += self.client.recursive_delete(self._therapist_link(client_uid, therapist_uid))
        for code in invite_codes:
            self._invite(code).delete()
            deleted += 1
        _count(writes=deleted)
        return deleted

    def _all(self, query) -> list[dict]:
        docs = [snapshot.to_dict() for snapshot in query.stream()]
        _count(reads=max(1, len(docs)))  # Firestore bills an empty query as one read
        return docs

    # -- notifications: devices, outbox, reminders
    def _device(self, uid: str, device_id: str):
        return self._user(uid).collection(DEVICES).document(device_id)

    def _outbox(self, uid: str):
        return self._user(uid).collection(OUTBOX)

    def _outbox_doc(self, uid: str, notification_id: str):
        return self._outbox(uid).document(notification_id)

    @staticmethod
    def _owned(snapshots) -> list[tuple[str, str]]:
        """(owner uid, document id) of documents found by a collection group query under users/{uid}."""
        found = [(snapshot.reference.parent.parent.id, snapshot.id) for snapshot in snapshots]
        _count(reads=max(1, len(found)))
        return found

    def get_device(self, uid: str, device_id: str) -> dict | None:
        _count(reads=1)
        snapshot = self._device(uid, device_id).get()
        return snapshot.to_dict() if snapshot.exists else None

    def set_device(self, uid: str, device_id: str, doc: dict) -> None:
        _count(writes=1)
        self._device(uid, device_id).set(doc)

    def delete_device(self, uid: str, device_id: str) -> None:
        _count(writes=1)
        self._device(uid, device_id).delete()

    def list_devices(self, uid: str) -> list[dict]:
        """The user's devices, most recently refreshed first, at most MAX_DEVICES."""
        query = self._user(uid).collection(DEVICES).order_by("refreshed_at", direction=firestore.Query.DESCENDING)
        return self._all(query.limit(MAX_DEVICES))

    def devices_with_token(self, fcm_token: str, limit: int = 10) -> list[tuple[str, str]]:
        """(uid, device id) of every device holding this FCM token, under any user."""
        query = self.client.collection_group(DEVICES).where(filter=FieldFilter("fcm_token", "==", fcm_token))
        return self._owned(query.limit(limit).stream())

    def devices_refreshed_before(self, cutoff, limit: int) -> list[tuple[str, str]]:
        """(uid, device id) of devices, under any user, last refreshed before `cutoff`."""
        query = self.client.collection_group(DEVICES).where(filter=FieldFilter("refreshed_at", "<", cutoff))
        return self._owned(query.limit(limit).stream())

    def delete_devices(self, owned: list[tuple[str, str]]) -> None:
        for start in range(0, len(owned), BATCH_LIMIT):
            batch = self.client.batch()
            for uid, device_id in owned[start:start + BATCH_LIMIT]:
                batch.delete(self._device(uid, device_id))
            batch.commit()
            _count(writes=len(owned[start:start + BATCH_LIMIT]))

    def get_outbox(self, uid: str, notification_id: str) -> dict | None:
        _count(reads=1)
        snapshot = self._outbox_doc(uid, notification_id).get()
        return snapshot.to_dict() if snapshot.exists else None

    def list_outbox(self, uid: str, *, key_before: str | None, limit: int) -> list[dict]:
        """The user's notifications newest first by `sort_key` (created_at|id)."""
        query = self._outbox(uid)
        if key_before is not None:
            query = query.where(filter=FieldFilter("sort_key", "<", key_before))
        return self._all(query.order_by("sort_key", direction=firestore.Query.DESCENDING).limit(limit))

    def outbox_due(self, now, limit: int) -> list[tuple[str, str]]:
        """(uid, notification id), under any user, of pushes pending (or with an expired sending
        lease) whose `next_attempt_at` has come, oldest first."""
        query = (self.client.collection_group(OUTBOX)
                 .where(filter=FieldFilter("status", "in", ["pending", "sending"]))
                 .where(filter=FieldFilter("next_attempt_at", "<=", now))
                 .order_by("next_attempt_at").limit(limit))
        return self._owned(query.stream())

    def users_due(self, field: str, bound, *, limit: int, after=None) -> tuple[list[tuple[str, dict]], object]:
        """Users whose schedule `field` (a UTC instant) is <= `bound`, a page of `limit` in
        (field, id) order; returns them and an opaque cursor to pass as `after` for the next page."""
        query = self.client.collection(USERS).where(filter=FieldFilter(field, "<=", bound)).order_by(field)
        if after is not None:
            query = query.start_after(after)
        snapshots = list(query.limit(limit).stream())
        _count(reads=max(1, len(snapshots)))
        return [(s.id, s.to_dict()) for s in snapshots], (snapshots[-1] if snapshots else after)

    def has_win_earned_after(self, uid: str, since) -> bool:
        """Whether the client earned any win after `since` (one small query, at most one read)."""
        query = self._user(uid).collection(WINS).where(filter=FieldFilter("earned_at", ">", since)).limit(1)
        return bool(self._all(query))

    def write_users_in_batches(self, users: list[tuple[str, dict, dict | None]]) -> None:
        """Bulk-write (uid, profile, summary document) triples, 500 writes a commit (seeding, imports)."""
        operations = [(self._user(uid), profile) for uid, profile, _ in users]
        operations += [(self._summary(uid), summary) for uid, _, summary in users if summary is not None]
        for start in range(0, len(operations), BATCH_LIMIT):
            batch = self.client.batch()
            for ref, data in operations[start:start + BATCH_LIMIT]:
                batch.set(ref, data)
            batch.commit()
            _count(writes=len(operations[start:start + BATCH_LIMIT]))


_stores: dict[Config, Store] = {}
_stores_lock = threading.Lock()


def get_store(config: Config) -> Store:
    """The process-wide Store for this config, with its Firestore client created on first use."""
    with _stores_lock:
        if config not in _stores:
            app = get_firebase_app(config)
            _stores[config] = Store(admin_firestore.client(app))
        return _stores[config]
