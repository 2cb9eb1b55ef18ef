"""Applying a batch of changes from a phone's offline queue: one read and one commit per chunk.

Each change runs the very service function its single route runs, inside one shared unit of work
(storage.joined): the first change reads the summary document (and every entry the batch names,
prefetched in the same BatchGet), later changes read what earlier ones wrote, and the chunk commits
once. A change that fails is undone alone (its writes are dropped) and answered with its own error;
the others go on. Contention on the commit runs the whole chunk again, so the results always
describe what was committed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Generic, TypeVar

from ..storage import Store, StoreTransaction, joined

MAX_WRITES_PER_COMMIT = 500  # Firestore's limit of writes in one commit

R = TypeVar("R")


@dataclass(frozen=True)
class Change(Generic[R]):
    """One change of a batch: `run()` applies it (through the single route's code) and returns its
    result; `failed(result)` says whether the change must be undone; `reads` names the documents it
    will read, for the batch's one prefetch."""

    run: Callable[[], R]
    failed: Callable[[R], bool]
    reads: dict = field(default_factory=dict)  # entries, goals, away, agenda, suggestions, outbox: ids; measures: bool; safety_plan: [uid]


def apply_batch(store: Store, uid: str, changes: list[Change[R]]) -> list[R]:
    """Every change's result, in order; one commit per chunk of at most MAX_WRITES_PER_COMMIT writes."""
    results: list[R] = []
    while len(results) < len(changes):
        rest = changes[len(results):]
        results += store.run_transaction(lambda tx: _chunk(tx, uid, rest), optimistic=True)  # noqa: B023 - called within this iteration
    return results


def _chunk(tx: StoreTransaction, uid: str, changes: list[Change[R]]) -> list[R]:
    reads: dict = {"entries": [], "goals": [], "away": [], "agenda": [], "measures": False, "safety_plan": [],
                   "suggestions": [], "outbox": []}
    for change in changes:
        for name, keys in change.reads.items():
            if name == "measures":
                reads[name] = reads[name] or keys
            else:
                reads[name] += keys
    tx.prefetch(uid, **reads)  # the summary and every document the batch names, in one round trip
    done: list[R] = []
    with joined(tx):
        for change in changes:
            mark = tx.mark()
            result = change.run()
            if change.failed(result):
                tx.restore(mark)  # nothing of a failed change is committed
            elif tx.pending_writes() > MAX_WRITES_PER_COMMIT:
                if not done:
                    raise RuntimeError("One change needs more writes than a commit allows.")
                tx.restore(mark)  # this change starts the next chunk
                break
            done.append(result)
    return done
