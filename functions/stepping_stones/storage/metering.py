"""The one metering point: every document read and write of a request is counted here."""
from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass
from typing import Iterator, Sequence

from .budget import call_options


@dataclass
class Meter:
    """Firestore document reads and writes made while serving one request."""

    reads: int = 0
    writes: int = 0
    retries: int = 0  # units of work run again after contention or a transient error


_meter: contextvars.ContextVar[Meter | None] = contextvars.ContextVar("firestore_meter", default=None)


@contextlib.contextmanager
def metering(meter: Meter | None = None) -> Iterator[Meter]:
    """Count the document reads and writes made inside the block (into `meter` when given: a
    streamed body adds to its request's meter)."""
    meter = Meter() if meter is None else meter
    token = _meter.set(meter)
    try:
        yield meter
    finally:
        _meter.reset(token)


def count(reads: int = 0, writes: int = 0) -> None:
    meter = _meter.get()
    if meter is not None:
        meter.reads += reads
        meter.writes += writes


def count_retry() -> None:
    meter = _meter.get()
    if meter is not None:
        meter.retries += 1


def read_one(ref) -> dict | None:
    """One document's data, or None when it does not exist (one read either way)."""
    count(reads=1)
    snapshot = ref.get(**call_options())
    return snapshot.to_dict() if snapshot.exists else None


def read_all(query) -> list[dict]:
    """Every document a query finds (Firestore bills an empty query as one read)."""
    docs = [snapshot.to_dict() for snapshot in query.stream(**call_options())]
    count(reads=max(1, len(docs)))
    return docs


def read_owned(snapshots) -> list[tuple[str, str]]:
    """(owner uid, document id) of documents found by a collection group query under users/{uid}."""
    found = [(snapshot.reference.parent.parent.id, snapshot.id) for snapshot in snapshots]
    count(reads=max(1, len(found)))
    return found


def commit_in_batches(client, operations: Sequence[tuple[object, dict | None]], limit: int = 500) -> None:
    """Set (or delete, for None) each (reference, data), `limit` writes a commit (not atomic across commits)."""
    for start in range(0, len(operations), limit):
        batch = client.batch()
        chunk = operations[start:start + limit]
        for ref, data in chunk:
            batch.delete(ref) if data is None else batch.set(ref, data)
        batch.commit(**call_options())
        count(writes=len(chunk))
