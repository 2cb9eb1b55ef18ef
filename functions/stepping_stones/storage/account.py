"""Whole accounts: every document of a user read or deleted a page at a time, the erasure record,
session notes detached from an erased client, bulk seeding."""
from __future__ import annotations

import random
import time
from datetime import datetime
from typing import Callable, Iterator, Sequence

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .metering import commit_in_batches, count, read_one
from .paths import NESTED_COLLECTIONS, PRIVATE, SUMMARY_DOC, USER_COLLECTIONS, Paths, document_id_problem
from .summary import Summary, readable_summary

# Where a walk over a user's documents stands: (collection below the user, "" for the profile
# document itself; the parent document's id for a nested collection, else None; the id of the last
# document read in that collection, else None). Collections are read in a fixed order, each by
# __name__, so a position names exactly what is still to come.
Position = tuple[str, str | None, str | None]
START: Position = ("", None, None)
QUERY_PAGE = 500  # documents a query; also the largest delete batch (Firestore's 500 writes a commit)
ORDER = ("", *USER_COLLECTIONS)
DELETE_BATCH = 499  # + the erasure record's counter, in the same commit


def is_position(value) -> bool:
    """Whether `value` is a position a walk could have stopped at (a cursor's, decoded as a list)."""
    try:
        name, parent, after = value
    except (TypeError, ValueError):
        return False
    return (name in ORDER and all(v is None or (isinstance(v, str) and document_id_problem(v) is None)
                                  for v in (parent, after))
            and (name != "" or (parent is None and after is None)))


def _source_path(name: str, parent: str | None) -> str:
    return name if parent is None else f"{name}/{parent}/{NESTED_COLLECTIONS[name]}"


LOCKED_ATTEMPTS = 6  # a delete batch that meets a writer's transaction lock is sent again, with backoff


def _commit_waiting_for_locks(batch) -> None:
    """Commit a batch of deletes, again after a jittered backoff when a transaction holding one of its
    documents made it fail (ABORTED: the writer commits first, then the delete takes what it wrote).
    A failed commit applied nothing, so sending it again counts nothing twice."""
    for attempt in range(1, LOCKED_ATTEMPTS + 1):
        try:
            batch.commit()
            return
        except gexc.Aborted:
            if attempt == LOCKED_ATTEMPTS:
                raise
            time.sleep(random.uniform(0, min(1.0, 0.05 * 2 ** attempt)))


def _readable(collection: str, doc_id: str, data: dict) -> dict:
    return readable_summary(data) if (collection, doc_id) == (PRIVATE, SUMMARY_DOC) else data


class AccountStore:
    """Everything under one user, read or deleted with paged queries: no per-document listing."""

    client: firestore.Client  # set by the store this is mixed into (storage.Store)
    paths: Paths

    # -- walking a user's documents
    def read_account_page(self, uid: str, position: Position, *, limit: int,
                          time_left: Callable[[], float]) -> tuple[list[tuple[str, str, dict]], Position | None]:
        """Up to `limit` documents of the user from `position`, as (collection path below the user,
        id, data), and the position after them (None when none are left). Stops early, after at
        least one query, when `time_left()` is no longer positive. The summary's JSON text and
        compressed archive are shown as JSON (this is what the export shows)."""
        found, after = self._walk(uid, position, limit, time_left, names_only=False)
        documents = [(path, snapshot.id, _readable(path, snapshot.id, snapshot.to_dict())) for path, snapshot in found]
        return documents, after

    def _walk(self, uid: str, position: Position, limit: int, time_left, *, names_only: bool):
        found: list = []
        queried = False
        for name, parent, after in self._sources(uid, position):
            if name == "":
                if after is None:
                    queried = True
                    count(reads=1)
                    snapshot = self.paths.user(uid).get()
                    if snapshot.exists:
                        found.append(("", snapshot))
                continue
            collection = (self.paths.user_collection(uid, name) if parent is None
                          else self.paths.nested_collection(uid, name, parent))
            path = _source_path(name, parent)
            while True:
                if len(found) >= limit or (queried and time_left() <= 0):
                    return found, (name, parent, after)
                wanted = min(QUERY_PAGE, limit - len(found))
                query = collection.order_by("__name__").limit(wanted)
                if names_only:
                    query = query.select(["__name__"])
                if after is not None:
                    query = query.start_after({"__name__": after})
                snapshots = list(query.stream())
                queried = True
                count(reads=max(1, len(snapshots)))
                found += [(path, snapshot) for snapshot in snapshots]
                if len(snapshots) < wanted:
                    break
                after = snapshots[-1].id
        return found, None

    def _sources(self, uid: str, position: Position) -> Iterator[Position]:
        """The user's collections in their fixed order from `position`, each with where to start."""
        name, parent, after = position
        if name not in ORDER:
            raise ValueError(f"unknown collection in position: {name!r}")
        start = ORDER.index(name)
        for index in range(start, len(ORDER)):
            current = ORDER[index]
            at_start = index == start
            if not at_start or parent is None:
                yield current, None, after if at_start else None
            if current in NESTED_COLLECTIONS:
                for parent_id in self._parent_ids(uid, current):
                    if at_start and parent is not None and parent_id < parent:
                        continue
                    yield current, parent_id, after if (at_start and parent_id == parent) else None

    def _parent_ids(self, uid: str, name: str) -> list[str]:
        """Ids of the documents that hold nested collections, including ones deleted since (a link
        that ended leaves the therapist's session notes under its id). One listing of this
        collection, never of the documents below."""
        ids = sorted(ref.id for ref in self.paths.user_collection(uid, name).list_documents(page_size=QUERY_PAGE))
        count(reads=max(1, len(ids)))
        return ids

    # -- erasing a user's documents
    def delete_account_page(self, uid: str, position: Position, *, limit: int,
                            time_left: Callable[[], float]) -> tuple[int, Position | None]:
        """Delete up to `limit` of the user's documents from `position` (batches of 499, each
        committed with the erasure record's count, so the count is exact after a crash). Returns
        the number deleted and the position after them (None when none were left)."""
        found, after = self._walk(uid, position, limit, time_left, names_only=True)
        self.delete_counted(uid, [snapshot.reference for _, snapshot in found])
        return len(found), after

    def delete_counted(self, uid: str, refs: list) -> None:
        """Delete documents known to exist, adding them to the erasure record's count in the same commit."""
        for start in range(0, len(refs), DELETE_BATCH):
            chunk = refs[start:start + DELETE_BATCH]
            batch = self.client.batch()
            for ref in chunk:
                batch.delete(ref)
            batch.update(self.paths.erasure(uid), {"deleted_documents": firestore.Increment(len(chunk))})
            _commit_waiting_for_locks(batch)
            count(writes=len(chunk) + 1)

    # -- the erasure record (the job's state, and what refuses an erased account's tokens)
    def get_erasure(self, uid: str) -> dict | None:
        return read_one(self.paths.erasure(uid))

    def start_erasure(self, uid: str, record: dict, *, signed_in_at: float = 0.0) -> tuple[dict, bool]:
        """Create the erasure record unless there is one, or replace a finished one older than the
        caller's sign-in (the uid's new account); (the record, whether it was written).

        The same commit deletes the client's summary document (counted): every entry, goal and away
        write read it and commits only if it is unchanged, so none that began before can land after."""
        ref, summary = self.paths.erasure(uid), self.paths.summary(uid)

        @firestore.transactional
        def attempt(transaction):
            count(reads=2)
            snapshots = {s.reference.path: s for s in self.client.get_all([ref, summary], transaction=transaction)}
            old = snapshots[ref.path].to_dict() if snapshots[ref.path].exists else None
            if old is not None and not (old["state"] == "done" and old["requested_at"].timestamp() < signed_in_at):
                return old, False
            written = {**record, "deleted_documents": record["deleted_documents"] + int(snapshots[summary.path].exists)}
            transaction.set(ref, written)
            transaction.delete(summary)
            count(writes=2)
            return written, True

        return attempt(self.client.transaction())

    def claim_erasure(self, uid: str, now: datetime, lease_until: datetime) -> dict | None:
        """Take the job's lease when it is running and nobody holds a live lease; the record, or None."""
        def decide(record):
            if record is None or record["state"] != "running":
                return None, None
            if record.get("lease_until") is not None and record["lease_until"] > now:
                return None, None
            changes = {"lease_until": lease_until, "updated_at": now}
            return changes, {**record, **changes}

        return self._read_then_write(self.paths.erasure(uid), decide)

    def _read_then_write(self, ref, decide):
        """In one transaction: read `ref`, and merge in the changes `decide(data or None)` returns
        with its result as (changes or None, result)."""
        @firestore.transactional
        def attempt(transaction):
            count(reads=1)
            snapshot = ref.get(transaction=transaction)
            changes, result = decide(snapshot.to_dict() if snapshot.exists else None)
            if changes is not None:
                count(writes=1)
                transaction.set(ref, changes, merge=True)
            return result

        return attempt(self.client.transaction())

    def update_erasure(self, uid: str, changes: dict) -> None:
        count(writes=1)
        self.paths.erasure(uid).update(changes)

    def stalled_erasures(self, now: datetime, limit: int = 50) -> list[str]:
        """Uids of running erasures whose lease is free or has expired (a crash, a redeploy)."""
        query = self.paths.erasures().where(filter=FieldFilter("state", "==", "running")).limit(limit)
        records = [(snapshot.id, snapshot.to_dict()) for snapshot in query.stream()]
        count(reads=max(1, len(records)))
        return [uid for uid, record in records
                if record.get("lease_until") is None or record["lease_until"] <= now]

    # -- links, invites and session notes, as an erasure ends them
    def link_docs_of(self, uid: str, role: str) -> list[tuple[str, str]]:
        """(therapist, client) pairs of the user's live links, from their own side."""
        if role == "therapist":
            return [(uid, snapshot.id) for snapshot in self._ids_in(self.paths.client_links(uid))]
        return [(snapshot.id, uid) for snapshot in self._ids_in(self.paths.therapist_links(uid))]

    def _ids_in(self, collection) -> list:
        snapshots = list(collection.select(["__name__"]).stream())
        count(reads=max(1, len(snapshots)))
        return snapshots

    def existing(self, refs: list) -> list:
        """The references among `refs` whose documents exist (one read each, one round trip)."""
        if not refs:
            return []
        count(reads=len(refs))
        return [snapshot.reference for snapshot in self.client.get_all(refs) if snapshot.exists]

    def link_refs(self, therapist_uid: str, client_uid: str) -> list:
        return [self.paths.client_link(therapist_uid, client_uid), self.paths.therapist_link(client_uid, therapist_uid)]

    def session_notes_about(self, therapist_uid: str, client_uid: str) -> list[tuple[str, dict]]:
        """The therapist's session notes about the client, linked or not: (date id, data)."""
        query = self.paths.sessions(therapist_uid, client_uid).order_by("__name__")
        snapshots = list(query.stream())
        count(reads=max(1, len(snapshots)))
        return [(snapshot.id, snapshot.to_dict()) for snapshot in snapshots]

    def reflections_about(self, therapist_uid: str, client_uid: str) -> list[tuple[str, dict]]:
        """The therapist's reflections naming the client: (id, data)."""
        query = self.paths.reflections(therapist_uid).where(filter=FieldFilter("client_uid", "==", client_uid))
        snapshots = list(query.stream())
        count(reads=max(1, len(snapshots)))
        return [(snapshot.id, snapshot.to_dict()) for snapshot in snapshots]

    def detach_session_notes(self, therapist_uid: str, client_uid: str, detached_id: str, former: dict,
                             notes: list[tuple[str, dict]], reflections: Sequence[tuple[str, dict]] = ()) -> None:
        """Move the notes to users/{therapist}/former_clients/{detached_id}/sessions and the reflections
        to ids naming `detached_id` (the therapist's record, with no trace of the client's uid),
        deleting them under the client's uid."""
        operations: list[tuple[object, dict | None]] = [(self.paths.former_client(therapist_uid, detached_id), former)]
        operations += [(self.paths.former_client_session(therapist_uid, detached_id, day), data) for day, data in notes]
        operations += [(self.paths.session(therapist_uid, client_uid, day), None) for day, _ in notes]
        for reflection_id, data in reflections:
            kept = {**{k: v for k, v in data.items() if k != "client_uid"}, "former_client": detached_id}
            operations.append((self.paths.reflection(therapist_uid, f"{data['kind']}:{data['date']}:{detached_id}"), kept))
            operations.append((self.paths.reflection(therapist_uid, reflection_id), None))
        commit_in_batches(self.client, operations)

    def invite_refs(self, field: str, uid: str) -> list:
        """Invites the user issued (`therapist_uid`) or used (`used_by`)."""
        query = self.paths.invites().where(filter=FieldFilter(field, "==", uid)).select(["therapist_uid"])
        snapshots = list(query.stream())
        count(reads=max(1, len(snapshots)))
        return snapshots

    def write_users_in_batches(self, users: list[tuple[str, dict, Summary | None]]) -> None:
        """Bulk-write (uid, profile, summary) triples, 500 writes a commit (seeding, imports)."""
        operations = [(self.paths.user(uid), profile) for uid, profile, _ in users]
        operations += [(self.paths.summary(uid), summary.to_doc()) for uid, _, summary in users if summary is not None]
        commit_in_batches(self.client, operations)
