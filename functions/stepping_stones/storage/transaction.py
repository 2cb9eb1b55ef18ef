"""A unit of work: batched, cached reads and buffered writes committed at once, through the shared paths.

Two ways to commit (CoreStore.run_transaction chooses, and retries either within the request's budget):

- optimistic (the client's own write path, the hot one): reads take no locks (one BatchGet for
  everything a change needs); the commit is one atomic batch in which every written document that
  was read carries a precondition (still absent, or unchanged since it was read). A concurrent
  change makes the commit fail as a whole and the work is run again. Nothing is held while the
  service computes, so parallel writers of one client never wait on each other's locks.
- locking: a Firestore transaction (BeginTransaction, reads, Commit or Rollback), for work that
  reads through a query or decides on documents it does not write.

Writes are buffered until the commit, so reads may follow writes (a batch of changes reads what
its earlier items wrote), several changes to one document become one write, and a failure before
the commit leaves nothing behind. `mark()`/`restore()` undo the writes of one item of a batch.

One module, over 300 lines, because both commit modes share one read cache and one write buffer; apart, each
would have to expose them to the other.
"""
from __future__ import annotations

import contextlib
import contextvars
import copy
from dataclasses import dataclass
from typing import Iterator

from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain.records import AwayPeriod, Entry, Goal
from . import sdk_private
from .budget import call_timeout
from .documents import Stored, away_doc, away_from_doc, entry_doc, entry_from_doc, goal_doc, goal_from_doc
from .metering import count
from .paths import Paths
from .summary import Summary


@dataclass(frozen=True)
class _Write:
    ref: object
    stored: dict | None  # None: delete
    merge: bool = False
    summary: Summary | None = None  # a summary as written: encoded only when committed or read as a document

    @property
    def data(self) -> dict | None:
        return self.summary.to_doc() if self.summary is not None else self.stored


def _merged(base: dict | None, changes: dict) -> dict:
    """What a merge-set leaves: nested maps merged key by key, other values replaced."""
    result = copy.deepcopy(base) if base else {}
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


_joined: contextvars.ContextVar["StoreTransaction | None"] = contextvars.ContextVar("joined_unit", default=None)


@contextlib.contextmanager
def joined(tx: "StoreTransaction") -> Iterator[None]:
    """Inside the block, run_transaction runs its work in `tx` instead of a unit of its own (a batch
    of changes, committed once by whoever opened `tx`)."""
    token = _joined.set(tx)
    try:
        yield
    finally:
        _joined.reset(token)


def joined_unit() -> "StoreTransaction | None":
    return _joined.get()


class StoreTransaction:
    """Reads and writes of one unit of work (see the module docstring)."""

    def __init__(self, paths: Paths, *, locking: bool = True):
        self._paths = paths
        self._client = paths.client
        self._locking = locking
        self._tx = paths.client.transaction() if locking else None
        self._read: dict[str, tuple[dict | None, object]] = {}  # path -> (data, update_time) as read
        self._writes: dict[str, _Write] = {}
        self.id: bytes | None = None

    # -- life cycle (called by CoreStore.run_transaction)
    def begin(self) -> None:
        if not self._locking:
            return
        self.id = sdk_private.begin_transaction(self._client, self._tx, call_timeout())

    def commit(self) -> bool:
        """Commit the buffered writes at once; False when there was nothing to write (no commit sent)."""
        if not self._writes:
            self.abandon()
            return False
        pbs = [pb for path, write in self._writes.items() for pb in self._write_pbs(path, write)]
        sdk_private.commit(self._client, pbs, self.id if self._locking else None, call_timeout())
        count(writes=len(self._writes))
        self.id = None
        return True

    def abandon(self) -> None:
        """Release a locking transaction's locks (best effort: a failed rollback expires by itself)."""
        if self._locking and self.id is not None:
            transaction, self.id = self.id, None
            try:
                sdk_private.rollback(self._client, transaction, min(call_timeout(), 2.0))
            except Exception:  # noqa: BLE001 - the lock lapses on its own
                pass

    def _write_pbs(self, path: str, write: _Write) -> list:
        pbs = sdk_private.write_pbs(path, write.data, merge=write.merge)  # a summary is encoded here, once
        if not self._locking and path in self._read:
            sdk_private.require_unchanged(pbs[0], self._read[path][1])
        return pbs

    # -- items of a batch
    def mark(self) -> dict:
        return dict(self._writes)

    def pending_writes(self) -> int:
        return len(self._writes)

    def restore(self, mark: dict) -> None:
        self._writes = dict(mark)

    # -- reads and writes
    def _fetch(self, refs) -> None:
        """Read every reference not yet read or written, in one BatchGet."""
        missing = {ref._document_path: ref for ref in refs if ref._document_path not in self._read
                   and not (ref._document_path in self._writes and not self._writes[ref._document_path].merge)}
        if not missing:
            return
        count(reads=len(missing))
        snapshots = self._client.get_all(list(missing.values()), transaction=self._tx, retry=None,
                                         timeout=call_timeout())
        for snapshot in snapshots:
            data = snapshot.to_dict() if snapshot.exists else None
            self._read[snapshot.reference._document_path] = (data, snapshot.update_time if snapshot.exists else None)

    def _get(self, ref) -> dict | None:
        path = ref._document_path
        write = self._writes.get(path)
        if write is not None and not write.merge:
            return copy.deepcopy(write.data)
        self._fetch([ref])
        data = self._read[path][0] if path in self._read else None
        if write is not None:  # a merge-set over what was read
            return _merged(data, write.data or {})
        return copy.deepcopy(data)

    def _put(self, ref, data: dict | None, merge: bool = False) -> None:
        path = ref._document_path
        previous = self._writes.get(path)
        if merge and previous is not None:
            if previous.data is None:
                merge = False  # a merge after a delete creates the document with just these fields
            else:
                data, merge = _merged(previous.data, data or {}), previous.merge
        self._writes[path] = _Write(ref, copy.deepcopy(data), merge)

    def _set(self, ref, data: dict) -> None:
        self._put(ref, data)

    def _delete(self, ref) -> None:
        self._put(ref, None)

    def prefetch(self, uid: str, *, summary: bool = True, entries=(), goals=(), away=(), agenda=(), erasure: bool = False,
                 profile: bool = False, measures: bool = False, safety_plan=(), suggestions=(), outbox=()) -> None:
        """Read, in one round trip, what the coming changes will read: the client's summary document
        and the given entries ((kind, id) pairs), goals, away periods, suggestions and inbox items (and the
        profile, the measures and the erasure record when asked, and the safety plan when `safety_plan` is truthy)."""
        refs = [self._paths.summary(uid)] if summary else []
        refs += [self._paths.erasure(uid)] if erasure else []
        refs += [self._paths.user(uid)] if profile else []
        refs += [self._paths.measures(uid)] if measures else []
        refs += [self._paths.entry(uid, kind, entry_id) for kind, entry_id in entries]
        refs += [self._paths.goal(uid, goal_id) for goal_id in goals]
        refs += [self._paths.away(uid, period_id) for period_id in away]
        refs += [self._paths.safety_plan(uid)] if safety_plan else []
        refs += [self._paths.suggestion(uid, suggestion_id) for suggestion_id in suggestions]
        refs += [self._paths.outbox_doc(uid, notification_id) for notification_id in outbox]
        refs += [self._paths.agenda_item(uid, item_id) for item_id in agenda]
        self._fetch(refs)

    def get_profile(self, uid: str) -> dict | None:
        return self._get(self._paths.user(uid))

    def set_profile(self, uid: str, profile: dict) -> None:
        self._set(self._paths.user(uid), profile)

    def get_entry(self, uid: str, kind: str, entry_id: str) -> Stored[Entry] | None:
        doc = self._get(self._paths.entry(uid, kind, entry_id))
        return entry_from_doc(doc) if doc is not None else None

    def set_entry(self, uid: str, stored: Stored[Entry]) -> None:
        self._set(self._paths.entry(uid, stored.record.kind, stored.record.id), entry_doc(stored))

    def delete_entry(self, uid: str, kind: str, entry_id: str) -> None:
        self._delete(self._paths.entry(uid, kind, entry_id))

    def get_summary(self, uid: str) -> Summary | None:
        """The client's one summary: time zone, progress state and the wins of the horizon."""
        ref = self._paths.summary(uid)
        write = self._writes.get(ref._document_path)
        if write is not None and write.summary is not None:
            return write.summary  # a batch's later change reads what an earlier one wrote, without re-decoding it
        doc = self._get(ref)
        return Summary.from_doc(doc) if doc is not None else None

    def set_summary(self, uid: str, summary: Summary) -> None:
        """Kept as the Summary (immutable: changes make new ones) and encoded once, at the commit."""
        ref = self._paths.summary(uid)
        self._writes[ref._document_path] = _Write(ref, None, False, summary)

    def set_win(self, uid: str, win_id: str, doc: dict, *, keep_other_fields: bool = False) -> None:
        """Write a win; `keep_other_fields` keeps what others added (review state) on a restatement."""
        self._put(self._paths.win(uid, win_id), doc, merge=keep_other_fields)

    def delete_win(self, uid: str, win_id: str) -> None:
        self._delete(self._paths.win(uid, win_id))

    def get_goal(self, uid: str, goal_id: str) -> Stored[Goal] | None:
        doc = self._get(self._paths.goal(uid, goal_id))
        return goal_from_doc(doc) if doc is not None else None

    def set_goal(self, uid: str, stored: Stored[Goal]) -> None:
        self._set(self._paths.goal(uid, stored.record.id), goal_doc(stored))

    def delete_goal(self, uid: str, goal_id: str) -> None:
        self._delete(self._paths.goal(uid, goal_id))

    def get_away(self, uid: str, period_id: str) -> AwayPeriod | None:
        doc = self._get(self._paths.away(uid, period_id))
        return away_from_doc(doc) if doc is not None else None

    def set_away(self, uid: str, period: AwayPeriod) -> None:
        self._set(self._paths.away(uid, period.id), away_doc(period))

    def delete_away(self, uid: str, period_id: str) -> None:
        self._delete(self._paths.away(uid, period_id))

    def get_measures(self, uid: str) -> dict | None:
        return self._get(self._paths.measures(uid))

    def set_measures(self, uid: str, doc: dict) -> None:
        self._set(self._paths.measures(uid), doc)

    def get_safety_plan(self, uid: str) -> dict | None:
        return self._get(self._paths.safety_plan(uid))

    def set_safety_plan(self, uid: str, plan: dict) -> None:
        self._set(self._paths.safety_plan(uid), plan)

    def delete_safety_plan(self, uid: str) -> None:
        self._delete(self._paths.safety_plan(uid))

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
        self._put(self._paths.client_link(therapist_uid, client_uid), shared, merge=True)
        self._put(self._paths.therapist_link(client_uid, therapist_uid), shared, merge=True)

    def set_win_review(self, therapist_uid: str, client_uid: str, win_id: str, review: dict) -> None:
        self._put(self._paths.client_link(therapist_uid, client_uid), {"reviewed": {win_id: review}}, merge=True)

    def set_moment_acknowledged(self, therapist_uid: str, client_uid: str, day: str, acknowledged: dict) -> None:
        self._put(self._paths.client_link(therapist_uid, client_uid), {"acknowledged": {day: acknowledged}}, merge=True)

    def delete_link(self, therapist_uid: str, client_uid: str) -> None:
        self._delete(self._paths.client_link(therapist_uid, client_uid))
        self._delete(self._paths.therapist_link(client_uid, therapist_uid))

    def get_win(self, uid: str, win_id: str) -> dict | None:
        return self._get(self._paths.win(uid, win_id))

    def get_session(self, therapist_uid: str, client_uid: str, day: str) -> dict | None:
        return self._get(self._paths.session(therapist_uid, client_uid, day))

    def set_session(self, therapist_uid: str, client_uid: str, day: str, doc: dict) -> None:
        self._set(self._paths.session(therapist_uid, client_uid, day), doc)

    def get_suggestion(self, client_uid: str, suggestion_id: str) -> dict | None:
        return self._get(self._paths.suggestion(client_uid, suggestion_id))

    def set_suggestion(self, client_uid: str, suggestion_id: str, doc: dict) -> None:
        self._set(self._paths.suggestion(client_uid, suggestion_id), doc)

    def delete_suggestion(self, client_uid: str, suggestion_id: str) -> None:
        self._delete(self._paths.suggestion(client_uid, suggestion_id))

    def suggestions_from(self, client_uid: str, therapist_uid: str, limit: int) -> list[dict]:
        """The suggestions this therapist made to the client (at most `limit`), read and held in the transaction."""
        query = self._paths.suggestions(client_uid).where(
            filter=FieldFilter("therapist_uid", "==", therapist_uid)).limit(limit)
        return [snapshot.to_dict() for snapshot in self._query(query)]

    def unread_notes_from(self, client_uid: str, therapist_uid: str, limit: int) -> int:
        """How many of this therapist's notes the client has not read yet (at most `limit`)."""
        query = (self._paths.outbox(client_uid).where(filter=FieldFilter("kind", "==", "therapist_note"))
                 .where(filter=FieldFilter("therapist_uid", "==", therapist_uid))
                 .where(filter=FieldFilter("read_at", "==", None)).limit(limit))
        return len(self._query(query))

    def set_next_session(self, therapist_uid: str, client_uid: str, planned: dict | None) -> None:
        """The next session on the therapist's side; on the client's only its date, and only when shown."""
        shown = planned["date"] if planned and planned["show_to_client"] else None
        self._put(self._paths.client_link(therapist_uid, client_uid), {"next_session": planned}, merge=True)
        self._put(self._paths.therapist_link(client_uid, therapist_uid), {"next_session": shown}, merge=True)

    def get_agenda_item(self, uid: str, item_id: str) -> dict | None:
        return self._get(self._paths.agenda_item(uid, item_id))

    def set_agenda_item(self, uid: str, item: dict) -> None:
        self._set(self._paths.agenda_item(uid, item["id"]), item)

    def delete_agenda_item(self, uid: str, item_id: str) -> None:
        self._delete(self._paths.agenda_item(uid, item_id))

    def list_agenda(self, uid: str, limit: int) -> list[dict]:
        """The client's agenda items (a bounded collection), read in the locking transaction."""
        return [s.to_dict() for s in self._query(self._paths.agenda(uid).order_by("__name__").limit(limit))]

    def get_reflection(self, therapist_uid: str, reflection_id: str) -> dict | None:
        return self._get(self._paths.reflection(therapist_uid, reflection_id))

    def set_reflection(self, therapist_uid: str, reflection_id: str, doc: dict | None) -> None:
        """Write (or, with None, delete) one of the therapist's reflections."""
        self._put(self._paths.reflection(therapist_uid, reflection_id), doc)

    def append_access(self, client_uid: str, record: dict) -> None:
        """Append to the client's access log (the API offers no way to change or remove a record)."""
        self._set(self._paths.access_record(client_uid, record["id"]), record)

    # -- erasure: the record every write naming a uid re-reads inside its unit of work
    def get_erasure(self, uid: str) -> dict | None:
        return self._get(self._paths.erasure(uid))

    def get_erasures(self, *uids: str) -> dict[str, dict | None]:
        """Several users' erasure records, in one round trip with nothing else pending."""
        self._fetch([self._paths.erasure(uid) for uid in uids])
        return {uid: self.get_erasure(uid) for uid in uids}

    # -- devices
    def get_device(self, uid: str, device_id: str) -> dict | None:
        return self._get(self._paths.device(uid, device_id))

    def set_device(self, uid: str, device_id: str, doc: dict) -> None:
        self._set(self._paths.device(uid, device_id), doc)

    # -- notifications: devices, outbox, reminders
    def get_outbox(self, uid: str, notification_id: str) -> dict | None:
        return self._get(self._paths.outbox_doc(uid, notification_id))

    def set_outbox(self, uid: str, notification_id: str, doc: dict) -> None:
        self._set(self._paths.outbox_doc(uid, notification_id), doc)

    def update_outbox(self, uid: str, notification_id: str, changes: dict) -> None:
        self._put(self._paths.outbox_doc(uid, notification_id), changes, merge=True)

    def count_pushes_between(self, uid: str, start, end, limit: int) -> int:
        """Outbox documents with `sent_at` in [start, end), at most `limit` (sent_at is set only
        while a push is being sent or once it was sent)."""
        query = (self._paths.outbox(uid).where(filter=FieldFilter("sent_at", ">=", start))
                 .where(filter=FieldFilter("sent_at", "<", end)).limit(limit))
        return len(self._query(query))

    def list_client_links(self, therapist_uid: str) -> list[dict]:
        """The therapist's side of each of their links, read (and held) in the transaction."""
        query = self._paths.client_links(therapist_uid).order_by("__name__")
        return [snapshot.to_dict() for snapshot in self._query(query)]

    def _query(self, query) -> list:
        if self._tx is None:  # an optimistic unit of work
            raise RuntimeError("A query inside a unit of work needs a locking transaction.")
        snapshots = list(self._tx.get(query, retry=None, timeout=call_timeout()))
        count(reads=max(1, len(snapshots)))
        return snapshots

    def update_profile(self, uid: str, changes: dict) -> None:
        """Change some fields of the user document (a schedule field), keeping the rest."""
        self._put(self._paths.user(uid), changes, merge=True)
