"""Logging, correcting and deleting entries idempotently under phone-chosen ids."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from ..domain.experiments import experiment_status
from ..domain.help import LOW_MOMENT_HINT
from ..domain.local_dates import (
    DATE_RANGE,
    EARLIEST_DATE,
    LATEST_DATE,
    at_clients_offset,
    date_at_its_offset,
    is_too_far_ahead,
    today_in,
)
from ..domain.records import (
    BREATHING,
    CHECKIN,
    EXPERIMENT,
    MOOD,
    RECORD_TYPES,
    CheckIn,
    Entry,
    Experiment,
    ExperimentOutcome,
)
from ..domain.summary_state import first_low_of_day
from ..errors import EntryConflict, NotFound, ValidationFailed
from ..storage import Store, Stored, Summary, timeline_key
from .paging import decode_cursor, page
from .profile import require_profile
from .summary import ADDITION, CORRECTION, DELETION, record_change, summary_in

# The field a client sent that decides each kind's local date, for error messages.
DATE_FIELD = {CHECKIN: "local_date", MOOD: "at", BREATHING: "started_at", EXPERIMENT: "planned_for"}


@dataclass(frozen=True)
class Saved:
    """An entry as stored, and what the request did to it."""

    stored: Stored[Entry]
    created: bool
    today: date  # the client's local date when it was saved
    new_wins: list = field(default_factory=list)  # micro-wins this change earned for the first time
    help: dict | None = None  # LOW_MOMENT_HINT for the first very low check-in or mood of a day

    def view(self) -> dict:
        view = entry_view(self.stored, self.today)
        return {**view, "help": self.help} if self.help else view


def build_record(kind: str, entry_id: str, fields: dict, timezone_name: str) -> Entry:
    """The record a validated request body describes; an instant is dated where the client was
    (its own offset, or the profile's time zone when it came in UTC: see at_clients_offset)."""
    if kind == MOOD:
        at = at_clients_offset(fields["at"], timezone_name)
        fields = {**fields, "at": at, "local_date": date_at_its_offset(at), "emotions": tuple(fields["emotions"])}
    elif kind == BREATHING:
        started_at = at_clients_offset(fields["started_at"], timezone_name)
        fields = {**fields, "started_at": started_at, "local_date": date_at_its_offset(started_at)}
    return RECORD_TYPES[kind](id=entry_id, **fields)


def check_in_range_where_lived(field_name: str, local_date: date) -> None:
    """400 naming the field when an instant sent in UTC, dated in the profile's time zone, falls
    outside the documented range (2000-01-01T03:00Z is 31 December 1999 in New York)."""
    if not EARLIEST_DATE <= local_date <= LATEST_DATE:
        raise ValidationFailed(
            "Dated in your time zone, that moment falls outside the dates the API keeps.",
            {field_name: [f"Dated in your time zone, that moment falls outside {DATE_RANGE}."]},
        )


def check_not_ahead(field_name: str, local_date: date, today: date) -> None:
    """400 naming the field when a date is more than one day after the client's today."""
    if is_too_far_ahead(local_date, today):
        raise ValidationFailed(
            "That date is more than one day ahead of your local date.",
            {field_name: ["Dates may be at most one day after today in your time zone."]},
        )


def put_entry(store: Store, uid: str, kind: str, entry_id: str, fields: dict, now: datetime) -> Saved:
    """Create or correct an entry, updating the summary and wins in the same transaction;
    the identical body again changes nothing."""
    def work(tx) -> Saved:
        tx.prefetch(uid, entries=[(kind, entry_id)])  # the summary and the entry in one read
        summary = summary_in(tx, uid)
        record = build_record(kind, entry_id, fields, summary.timezone)
        today = summary.today(now)
        check_in_range_where_lived(DATE_FIELD[kind], record.local_date)
        check_not_ahead(DATE_FIELD[kind], record.local_date, today)
        old_stored = tx.get_entry(uid, kind, entry_id)
        old = old_stored.record if old_stored else None
        new = replace(record, outcome=old.outcome) if kind == EXPERIMENT and old else record
        if kind == CHECKIN:
            _check_date_free(summary, old, new)
        # Decided from the state before the change; a resend of that entry answers the same.
        hint = LOW_MOMENT_HINT if first_low_of_day(summary.state, old, new) else None
        if old_stored is not None and old == new:
            return Saved(old_stored, False, today, help=hint)
        stored = Stored(new, old_stored.created_at, now) if old_stored else Stored(new, now)
        tx.set_entry(uid, stored)
        wins = record_change(tx, uid, summary, old, new, CORRECTION if old else ADDITION, now)
        return Saved(stored, old_stored is None, today, wins, help=hint)

    try:
        return store.run_transaction(work, optimistic=True)
    except _DateTaken as taken:
        raise _date_conflict(store, uid, taken.day) from None


class _DateTaken(Exception):
    def __init__(self, day: date):
        super().__init__(day)
        self.day = day


def _check_date_free(summary: Summary, old: CheckIn | None, new: CheckIn) -> None:
    """One check-in per local date. The summary knows only that a date is held; the stored old
    version of this check-in tells whether it is this one that holds it."""
    if summary.checked_in_on(new.local_date) and (old is None or old.local_date != new.local_date):
        raise _DateTaken(new.local_date)


def _date_conflict(store: Store, uid: str, day: date) -> EntryConflict:
    """The 409, naming the check-in that holds the date (one query, only on a conflict)."""
    found = store.list_entries(uid, kinds=(CHECKIN,), key_from=day.isoformat(),
                               key_before=(day + timedelta(days=1)).isoformat(), limit=1)
    holder = f" '{found[0].record.id}'" if found else ""
    return EntryConflict(
        f"There is already a check-in for {day.isoformat()}:{holder}. Correct that one instead.",
        {"local_date": [f"Already checked in on this date by check-in{holder}."]},
    )


def delete_entry(store: Store, uid: str, kind: str, entry_id: str, now: datetime) -> None:
    def work(tx) -> None:
        tx.prefetch(uid, entries=[(kind, entry_id)])
        summary = summary_in(tx, uid)
        old_stored = tx.get_entry(uid, kind, entry_id)
        if old_stored is None:
            raise NotFound(f"No {kind} with id '{entry_id}'.")
        tx.delete_entry(uid, kind, entry_id)
        record_change(tx, uid, summary, old_stored.record, None, DELETION, now)

    store.run_transaction(work, optimistic=True)


def get_entry(store: Store, uid: str, kind: str, entry_id: str, now: datetime) -> dict:
    """One entry as the API shows it (experiments with their status as of the client's today)."""
    stored = store.get_entry(uid, kind, entry_id)
    if stored is None:
        raise NotFound(f"No {kind} with id '{entry_id}'.")
    today = today_in(require_profile(store.get_profile(uid))["timezone"], now) if kind == EXPERIMENT else None
    return entry_view(stored, today)


def put_outcome(store: Store, uid: str, experiment_id: str, fields: dict, now: datetime) -> Saved:
    """Record (or correct) what happened in an experiment."""
    outcome = ExperimentOutcome(**fields)

    def work(tx) -> Saved:
        tx.prefetch(uid, entries=[(EXPERIMENT, experiment_id)])
        summary = summary_in(tx, uid)
        today = summary.today(now)
        check_not_ahead("done_on", outcome.done_on, today)
        old_stored = tx.get_entry(uid, EXPERIMENT, experiment_id)
        if old_stored is None:
            raise NotFound(f"No experiment with id '{experiment_id}': plan it first with PUT.")
        old = old_stored.record
        if old.outcome == outcome:
            return Saved(old_stored, False, today)
        new = replace(old, outcome=outcome)
        stored = Stored(new, old_stored.created_at, now)
        tx.set_entry(uid, stored)
        wins = record_change(tx, uid, summary, old, new, CORRECTION if old.outcome else ADDITION, now)
        return Saved(stored, old.outcome is None, today, wins)

    return store.run_transaction(work, optimistic=True)


def delete_outcome(store: Store, uid: str, experiment_id: str, now: datetime) -> None:
    def work(tx) -> None:
        tx.prefetch(uid, entries=[(EXPERIMENT, experiment_id)])
        summary = summary_in(tx, uid)
        old_stored = tx.get_entry(uid, EXPERIMENT, experiment_id)
        old = old_stored.record if old_stored else None
        if old is None or old.outcome is None:
            raise NotFound(f"Experiment '{experiment_id}' has no outcome recorded.")
        new = replace(old, outcome=None)
        tx.set_entry(uid, Stored(new, old_stored.created_at, now))
        record_change(tx, uid, summary, old, new, DELETION, now)

    store.run_transaction(work, optimistic=True)


def entry_view(stored: Stored[Entry], today=None) -> dict:
    """An entry as the API shows it: its record's fields plus id, kind and timestamps."""
    record = stored.record
    view = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    view.update(local_date=record.local_date, created_at=stored.created_at, updated_at=stored.updated_at)
    if isinstance(record, Experiment):
        view["outcome"] = dataclasses.asdict(record.outcome) if record.outcome else None
        if today is not None:
            view["status"] = experiment_status(record.planned_for, record.outcome is not None, today)
    return view


def list_experiments(store: Store, uid: str, now: datetime, limit: int, cursor: str | None) -> dict:
    """A page of experiments with their status, most recently planned first (one bounded query)."""
    profile = require_profile(store.get_profile(uid))
    today = today_in(profile["timezone"], now)
    stored = store.list_entries(uid, kinds=(EXPERIMENT,), key_before=decode_cursor(cursor) if cursor else None,
                                limit=limit + 1)
    found = page(stored, limit, by_timeline_key)
    return {**found, "items": [entry_view(s, today) for s in found["items"]]}


def by_timeline_key(stored: Stored[Entry]) -> str:
    return timeline_key(stored.record)
