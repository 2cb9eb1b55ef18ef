"""Entries in the real emulator: transactions keep one check-in per date and count their I/O."""
from __future__ import annotations

import threading
from datetime import date, datetime, timezone

import pytest

from stepping_stones.domain.records import CHECKIN
from stepping_stones.errors import EntryConflict
from stepping_stones.services import entries, profile
from stepping_stones.storage import metering

NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)


@pytest.fixture
def uid(store, request):
    uid = f"storage-{request.node.name[:40]}"
    profile.save_profile(store, uid, "client", {"display_name": "A", "timezone": "Europe/Berlin"}, NOW)
    return uid


def test_logging_an_entry_reads_the_summary_and_the_entry_and_commits_entry_summary_and_wins(store, uid):
    with metering() as meter:
        saved = entries.put_entry(store, uid, CHECKIN, "c1", {"local_date": date(2026, 3, 9), "mood": 5}, NOW)
    assert [w["rule"] for w in saved.new_wins] == ["first-entry"]
    # plus, for the new win, one read (is its notification there?) and one write (its outbox document)
    assert (meter.reads, meter.writes) == (2, 3 + 1)  # + the win's notification, in the same commit


def test_an_identical_retry_writes_nothing(store, uid):
    entries.put_entry(store, uid, CHECKIN, "c1", {"local_date": date(2026, 3, 9), "mood": 5}, NOW)
    with metering() as meter:
        saved = entries.put_entry(store, uid, CHECKIN, "c1", {"local_date": date(2026, 3, 9), "mood": 5}, NOW)
    assert not saved.created
    assert meter.writes == 0


def test_two_phones_racing_for_the_same_date_leave_exactly_one_check_in(store, uid):
    outcomes: list[str] = []

    def log(entry_id: str) -> None:
        try:
            entries.put_entry(store, uid, CHECKIN, entry_id, {"local_date": date(2026, 3, 9), "mood": 5}, NOW)
            outcomes.append("saved")
        except EntryConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=log, args=(f"c{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "saved"]
    stored = [s for s in store.list_entries(uid) if s.record.kind == CHECKIN]
    assert len(stored) == 1


def test_the_same_retry_arriving_twice_at_once_creates_one_entry(store, uid):
    results = []

    def log() -> None:
        results.append(entries.put_entry(store, uid, CHECKIN, "c1", {"local_date": date(2026, 3, 9), "mood": 5}, NOW))

    threads = [threading.Thread(target=log) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r.created for r in results) == [False, False, True]
    assert len(store.list_entries(uid)) == 1
