"""Away time: days that neither break streaks nor lower adherence, and pause reminders."""
from __future__ import annotations

from datetime import datetime

from ..domain.records import AwayPeriod
from ..errors import NotFound
from ..storage import Store
from .summary import ADDITION, CORRECTION, DELETION, record_change, summary_in


def _view(period: AwayPeriod) -> dict:
    return {"id": period.id, "from_date": period.start, "to_date": period.end}


def put_away(store: Store, uid: str, period_id: str, fields: dict, now: datetime) -> tuple[dict, bool]:
    new = AwayPeriod(id=period_id, start=fields["from_date"], end=fields["to_date"])

    def work(tx):
        tx.prefetch(uid, away=[period_id])  # the summary and the period in one read
        summary = summary_in(tx, uid)
        old = tx.get_away(uid, period_id)
        if old != new:
            tx.set_away(uid, new)
            record_change(tx, uid, summary, old, new, CORRECTION if old else ADDITION, now)
        return _view(new), old is None

    return store.run_transaction(work, optimistic=True)


def delete_away(store: Store, uid: str, period_id: str, now: datetime) -> None:
    def work(tx):
        tx.prefetch(uid, away=[period_id])  # the summary and the period in one read
        summary = summary_in(tx, uid)
        old = tx.get_away(uid, period_id)
        if old is None:
            raise NotFound(f"No away time with id '{period_id}'.")
        tx.delete_away(uid, period_id)
        record_change(tx, uid, summary, old, None, DELETION, now)

    store.run_transaction(work, optimistic=True)


def list_away(store: Store, uid: str) -> list[dict]:
    return sorted((_view(period) for period in store.list_away(uid)), key=lambda v: v["from_date"])
