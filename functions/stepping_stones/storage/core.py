"""A client's own records: profile, entries, summary document, wins, goals and away time."""
from __future__ import annotations

from typing import Callable, TypeVar

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .metering import commit_in_batches, count, read_all, read_one
from .paths import Paths
from .transaction import StoreTransaction

T = TypeVar("T")


class CoreStore:
    """The store's base: the client, its paths, transactions and a client's own records."""

    def __init__(self, client: firestore.Client):
        self.client = client
        self.paths = Paths(client)

    def run_transaction(self, work: Callable[[StoreTransaction], T]) -> T:
        """Run `work` in one transaction; Firestore retries it on contention."""

        @firestore.transactional
        def attempt(transaction):
            return work(StoreTransaction(self.paths, transaction))

        return attempt(self.client.transaction())

    def get_profile(self, uid: str) -> dict | None:
        return read_one(self.paths.user(uid))

    def get_entry(self, uid: str, kind: str, entry_id: str) -> dict | None:
        return read_one(self.paths.entry(uid, kind, entry_id))

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
        query = self.paths.entries(uid)
        if kinds:
            query = query.where(filter=FieldFilter("kind", "in", list(kinds)))
        if key_from is not None:
            query = query.where(filter=FieldFilter("timeline_key", ">=", key_from))
        if key_before is not None:
            query = query.where(filter=FieldFilter("timeline_key", "<", key_before))
        return read_all(query.order_by("timeline_key", direction=firestore.Query.DESCENDING).limit(limit))

    def list_entries_of_kind(self, uid: str, kind: str) -> list[dict]:
        return read_all(self.paths.entries(uid).where(filter=FieldFilter("kind", "==", kind)))

    def all_entries(self, uid: str) -> list[dict]:
        return read_all(self.paths.entries(uid))

    def get_summary_doc(self, uid: str) -> dict | None:
        return read_one(self.paths.summary(uid))

    def list_wins(self, uid: str, *, key_from: str | None, key_before: str | None, limit: int) -> list[dict]:
        """Wins newest first by `sort_key` (occurred_on|id)."""
        query = self.paths.wins(uid)
        if key_from is not None:
            query = query.where(filter=FieldFilter("sort_key", ">=", key_from))
        if key_before is not None:
            query = query.where(filter=FieldFilter("sort_key", "<", key_before))
        return read_all(query.order_by("sort_key", direction=firestore.Query.DESCENDING).limit(limit))

    def list_wins_between(self, uid: str, key_from: str, key_before: str) -> list[dict]:
        return read_all(self.paths.wins(uid).where(filter=FieldFilter("sort_key", ">=", key_from))
                        .where(filter=FieldFilter("sort_key", "<", key_before)))

    def list_win_ids(self, uid: str) -> list[str]:
        ids = [ref.id for ref in self.paths.wins(uid).list_documents()]
        count(reads=max(1, len(ids)))
        return ids

    def list_goals(self, uid: str) -> list[dict]:
        return read_all(self.paths.goals(uid))

    def list_away(self, uid: str) -> list[dict]:
        return read_all(self.paths.away_periods(uid))

    def write_in_batches(self, uid: str, *, entries=(), wins=(), summary_doc: dict | None = None,
                         delete_win_ids=()) -> None:
        """Bulk writes for history imports and repairs (not atomic across batches of 500)."""
        operations = [(self.paths.entry(uid, d["kind"], d["id"]), d) for d in entries]
        operations += [(self.paths.win(uid, w["id"]), w) for w in wins]
        operations += [(self.paths.win(uid, win_id), None) for win_id in delete_win_ids]
        if summary_doc is not None:
            operations.append((self.paths.summary(uid), summary_doc))
        commit_in_batches(self.client, operations)
