"""A client's own records: profile, entries, summary document, wins, goals, away time and the safety plan."""
from __future__ import annotations

import random
import time
from typing import Callable, Iterable, TypeVar

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain.records import AwayPeriod, Entry, Goal
from ..errors import ServiceUnavailable
from . import budget
from .documents import Stored, away_from_doc, entry_doc, entry_from_doc, goal_from_doc
from .metering import commit_in_batches, count, count_retry, read_all, read_one
from .paths import Paths
from .summary import Summary
from .transaction import StoreTransaction, joined_unit

T = TypeVar("T")

FIRST_BACKOFF = 0.02  # seconds; the n-th retry waits a random time up to FIRST_BACKOFF * 2**n ...
MAX_BACKOFF = 1.0  # ... and at most this
MIN_ATTEMPT = 0.3  # seconds an attempt needs: with less left, answer 503 instead
ATTEMPTS_WITHOUT_BUDGET = 6  # scheduled jobs and triggers, which have no request budget
# An optimistic commit whose documents changed since they were read: "still absent" fails with
# ALREADY_EXISTS, "unchanged since" with FAILED_PRECONDITION (or NOT_FOUND once deleted).
PRECONDITION_FAILED = (gexc.FailedPrecondition, gexc.AlreadyExists, gexc.NotFound)


class CoreStore:
    """The store's base: the client, its paths, transactions and a client's own records."""

    def __init__(self, client: firestore.Client):
        self.client = client
        self.paths = Paths(client)

    def run_transaction(self, work: Callable[[StoreTransaction], T], *, optimistic: bool = False) -> T:
        """Run `work` as one unit of work and commit it (see transaction.py for the two ways).

        Contention and transient backend errors run it again after a jittered backoff while the
        request's budget lasts; then ServiceUnavailable (503 with Retry-After). `work` must only
        read and compute: it may run several times, and only the last run's writes are committed.
        """
        outer = joined_unit()
        if outer is not None:  # one change of a batch: the batch commits
            return work(outer)
        attempt, maybe_saved = 0, False
        while True:
            attempt += 1
            tx = StoreTransaction(self.paths, locking=not optimistic)
            committing = False
            try:
                tx.begin()
                result = work(tx)
                committing = True
                tx.commit()
                return result
            except ServiceUnavailable:
                tx.abandon()
                raise budget.unavailable(maybe_saved=maybe_saved) from None
            except Exception as error:
                tx.abandon()
                contended = isinstance(error, gexc.Aborted) or (
                    optimistic and committing and isinstance(error, PRECONDITION_FAILED))
                if not (contended or budget.is_transient(error)):
                    raise
                count_retry()
                maybe_saved = maybe_saved or (committing and not contended)
                delay = random.uniform(0, min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** attempt))
                left = budget.remaining()
                if (left is None and attempt >= ATTEMPTS_WITHOUT_BUDGET) or (
                        left is not None and left < delay + MIN_ATTEMPT):
                    retry_after = random.randint(1, 2 * budget.BUSY_RETRY_AFTER) if contended else budget.DOWN_RETRY_AFTER
                    raise budget.unavailable(retry_after=retry_after, maybe_saved=maybe_saved) from error
                time.sleep(delay)

    def get_profile(self, uid: str) -> dict | None:
        return read_one(self.paths.user(uid))

    def get_safety_plan(self, uid: str) -> dict | None:
        return read_one(self.paths.safety_plan(uid))

    def get_entry(self, uid: str, kind: str, entry_id: str) -> Stored[Entry] | None:
        doc = read_one(self.paths.entry(uid, kind, entry_id))
        return entry_from_doc(doc) if doc is not None else None

    def list_entries(
        self,
        uid: str,
        *,
        kinds: tuple[str, ...] | None = None,
        key_from: str | None = None,
        key_before: str | None = None,
        limit: int = 50,
    ) -> list[Stored[Entry]]:
        """Entries newest first by `timeline_key`, from `key_from` up to but excluding `key_before`."""
        query = self.paths.entries(uid)
        if kinds:
            query = query.where(filter=FieldFilter("kind", "in", list(kinds)))
        if key_from is not None:
            query = query.where(filter=FieldFilter("timeline_key", ">=", key_from))
        if key_before is not None:
            query = query.where(filter=FieldFilter("timeline_key", "<", key_before))
        docs = read_all(query.order_by("timeline_key", direction=firestore.Query.DESCENDING).limit(limit))
        return [entry_from_doc(doc) for doc in docs]

    def all_entries(self, uid: str) -> list[Entry]:
        """Every entry's record, in no particular order (repair and bulk tools)."""
        return [entry_from_doc(doc).record for doc in read_all(self.paths.entries(uid))]

    def get_summary_doc(self, uid: str) -> dict | None:
        """The summary document as stored (for bulk tools and tests; services read `get_summary`)."""
        return read_one(self.paths.summary(uid))

    def get_summary(self, uid: str) -> Summary | None:
        """The client's summary: time zone, progress state and the wins of the horizon; None without a profile."""
        doc = read_one(self.paths.summary(uid))
        return Summary.from_doc(doc) if doc is not None else None

    def get_measures(self, uid: str) -> dict | None:
        """The client's measures document (assignments and answers), or None before any."""
        return read_one(self.paths.measures(uid))

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
        ids = [ref.id for ref in self.paths.wins(uid).list_documents(**budget.call_options())]
        count(reads=max(1, len(ids)))
        return ids

    def all_goals(self, uid: str) -> list[Goal]:
        return [goal_from_doc(doc).record for doc in read_all(self.paths.goals(uid))]

    def list_goals_after(self, uid: str, after_id: str | None, limit: int) -> list[Stored[Goal]]:
        """Up to `limit` goals in id order, after the goal `after_id` (one bounded query)."""
        query = self.paths.goals(uid).order_by("__name__")
        if after_id is not None:
            query = query.where(filter=FieldFilter("__name__", ">",
                                                   self.paths.goal(uid, after_id)))
        return [goal_from_doc(doc) for doc in read_all(query.limit(limit))]

    def list_away(self, uid: str) -> list[AwayPeriod]:
        return [away_from_doc(doc) for doc in read_all(self.paths.away_periods(uid))]

    def write_in_batches(self, uid: str, *, entries: Iterable[Stored[Entry]] = (), wins=(),
                         summary: Summary | None = None, summary_doc: dict | None = None, delete_win_ids=()) -> None:
        """Bulk writes for history imports and repairs (not atomic across batches of 500)."""
        operations: list[tuple[object, dict | None]] = [
            (self.paths.entry(uid, s.record.kind, s.record.id), entry_doc(s)) for s in entries]
        operations += [(self.paths.win(uid, w["id"]), w) for w in wins]
        operations += [(self.paths.win(uid, win_id), None) for win_id in delete_win_ids]
        if summary is not None:
            summary_doc = summary.to_doc()
        if summary_doc is not None:  # a document as stored: imports of older formats, tests
            operations.append((self.paths.summary(uid), summary_doc))
        commit_in_batches(self.client, operations)
