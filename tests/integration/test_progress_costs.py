"""The cost design, measured: logging is one transaction with one summary read; reading the summary
is one document whatever the length of history."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from stepping_stones.domain.records import CHECKIN, MOOD
from stepping_stones.services import entries, profile, summary
from stepping_stones.storage import metering
from tests.support.history import daily_records, import_history

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)


def client_with_history(store, uid: str, days: int) -> str:
    profile.save_profile(store, uid, "client", {"display_name": "A", "timezone": "Europe/Berlin"}, NOW)
    import_history(store, uid, daily_records(date(2026, 3, 9), days), TODAY)
    return uid


def reads_and_writes(work) -> tuple[int, int]:
    with metering() as meter:
        work()
    return meter.reads, meter.writes


@pytest.mark.parametrize("days", [7, 3 * 365])
def test_reading_the_summary_reads_one_document_whatever_the_history(store, days):
    uid = client_with_history(store, f"history-{days}", days)

    reads, writes = reads_and_writes(lambda: summary.read_summary(store, uid, NOW))

    assert (reads, writes) == (1, 0)


def test_a_week_and_three_years_of_history_cost_the_same_to_log_and_to_read(store):
    costs = {}
    for days in (7, 3 * 365):
        uid = client_with_history(store, f"same-cost-{days}", days)
        log = reads_and_writes(lambda: entries.put_entry(
            store, uid, MOOD, "new-mood",  # noqa: B023 - called within this iteration
            {"at": datetime(2026, 3, 10, 9, tzinfo=timezone.utc), "rating": 6, "emotions": []}, NOW))
        read = reads_and_writes(lambda: summary.read_summary(store, uid, NOW))  # noqa: B023 - called within this iteration
        costs[days] = (log, read)
    assert costs[7] == costs[3 * 365]
    (log_reads, log_writes), _ = costs[7]
    assert log_reads == 2  # the summary document and the entry
    assert log_writes >= 2  # the entry and the summary, plus any new wins, in one commit


def test_three_years_of_state_fit_comfortably_in_one_document(store):
    uid = client_with_history(store, "big", 3 * 365)
    doc = store.get_summary_doc(uid)
    size = sum(len(str(value)) for value in doc.values())
    assert size < 600_000  # Firestore's limit is 1 MiB


def test_the_summary_after_logging_matches_a_recompute_from_all_entries(store):
    from stepping_stones.services.repair import recompute_client

    uid = client_with_history(store, "repair", 30)
    entries.put_entry(store, uid, CHECKIN, "c-2026-03-10", {"local_date": TODAY, "mood": 7}, NOW)
    before = store.get_summary_doc(uid)

    report = recompute_client(store, uid, NOW)

    assert report == {"state_changed": False, "wins_written": 0}
    assert json.loads(store.get_summary_doc(uid)["state"]) == json.loads(before["state"])


def test_recompute_repairs_a_damaged_summary(store):
    from stepping_stones.services.repair import recompute_client
    from stepping_stones.storage import Summary

    uid = client_with_history(store, "damaged", 30)
    good = store.get_summary_doc(uid)
    store.write_in_batches(uid, summary_doc=Summary("Europe/Berlin").to_doc())

    report = recompute_client(store, uid, NOW)

    assert report["state_changed"] is True
    assert json.loads(store.get_summary_doc(uid)["state"]) == json.loads(good["state"])
