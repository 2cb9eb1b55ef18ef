"""Domain records as stored: the one mapping between records and Firestore documents."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from ..domain import codec
from ..domain.records import RECORD_TYPES, AwayPeriod, Entry, Goal

R = TypeVar("R")


@dataclass(frozen=True)
class Stored(Generic[R]):
    """A record with when it was first saved and last changed (None until it is changed)."""

    record: R
    created_at: datetime
    updated_at: datetime | None = None


def timeline_key(record: Entry) -> str:
    """Sorts newest first by local date, then local time of day (date-only kinds at 00:00), kind, id."""
    moment = getattr(record, "at", None) or getattr(record, "started_at", None)
    time_of_day = moment.time().replace(tzinfo=None).isoformat() if moment else "00:00:00"
    return f"{record.local_date.isoformat()}|{time_of_day}|{record.kind}|{record.id}"


def entry_doc(stored: Stored[Entry]) -> dict:
    record = stored.record
    return {
        "kind": record.kind,
        "id": record.id,
        "local_date": record.local_date.isoformat(),
        "timeline_key": timeline_key(record),
        "record": codec.to_plain(record),
        "created_at": stored.created_at,
        "updated_at": stored.updated_at,
    }


def entry_from_doc(doc: dict) -> Stored[Entry]:
    return Stored(codec.from_plain(RECORD_TYPES[doc["kind"]], doc["record"]), doc["created_at"], doc["updated_at"])


def goal_doc(stored: Stored[Goal]) -> dict:
    return {"id": stored.record.id, "record": codec.to_plain(stored.record),
            "created_at": stored.created_at, "updated_at": stored.updated_at}


def goal_from_doc(doc: dict) -> Stored[Goal]:
    return Stored(codec.from_plain(Goal, doc["record"]), doc["created_at"], doc["updated_at"])


def away_doc(period: AwayPeriod) -> dict:
    return {"id": period.id, "start": period.start.isoformat(), "end": period.end.isoformat()}


def away_from_doc(doc: dict) -> AwayPeriod:
    return AwayPeriod(id=doc["id"], start=date.fromisoformat(doc["start"]), end=date.fromisoformat(doc["end"]))
