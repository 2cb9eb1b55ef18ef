"""Summaries of the first format (version 1: facts keyed by entry id, every win in full) are
converted when read and stored anew by the next write or by a repair; late entries and the horizon."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from stepping_stones.domain import summary_state
from stepping_stones.domain.records import CHECKIN, MOOD, BreathingPractice, CheckIn, MoodEntry
from stepping_stones.domain.summary import summarize
from stepping_stones.domain.wins import derive_wins
from stepping_stones.services import entries, summary
from stepping_stones.services.repair import recompute_client
from stepping_stones.services.summary import win_doc
from stepping_stones.storage import Stored, Summary
from tests.support.history import daily_records
from tests.support.push_fake import a_client

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
TODAY = date(2026, 3, 10)


def version_1_state(records) -> dict:
    """The state as version 1 stored it."""
    state = {"version": 1, "checkins": {}, "moods": {}, "breathing": {}, "experiments": {}, "goals": {}, "away": {}}
    for r in records:
        day = r.local_date.isoformat()
        if isinstance(r, CheckIn):
            state["checkins"][day] = [r.id, r.mood]
        elif isinstance(r, MoodEntry):
            state["moods"].setdefault(day, {})[r.id] = r.rating
        elif isinstance(r, BreathingPractice):
            started = r.started_at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
            state["breathing"].setdefault(day, {})[r.id] = [started, r.duration_seconds, r.stress_before, r.stress_after]
    return state


def seed_version_1(store, uid: str, records) -> dict:
    """A client whose summary document is still in version 1; returns the wins it holds."""
    a_client(store, uid, NOW)
    earned = derive_wins(summary_state.recompute(records), TODAY - timedelta(days=1))
    store.write_in_batches(uid, entries=[Stored(r, NOW) for r in records],
                           wins=[win_doc(w, NOW) for w in earned.values()],
                           summary_doc={"timezone": "Europe/Berlin", "state": json.dumps(version_1_state(records)),
                                        "earned": json.dumps(earned), "display_name": "Sam",
                                        "wins_through": (TODAY - timedelta(days=1)).isoformat(),
                                        "notified": json.dumps(sorted(earned))})
    return earned


def outbox_ids(store, uid) -> set[str]:
    return {doc["id"] for doc in store.list_outbox(uid, key_before=None, limit=200)}


def test_a_version_1_summary_reads_as_before_and_the_next_entry_stores_it_in_the_new_form(store):
    records = daily_records(TODAY - timedelta(days=1), 40)
    earned = seed_version_1(store, "v1", records)
    queued = outbox_ids(store, "v1")

    assert summary.read_summary(store, "v1", NOW) == {
        "as_of": TODAY, "timezone": "Europe/Berlin", **summarize(summary_state.recompute(records), TODAY)}

    saved = entries.put_entry(store, "v1", MOOD, "today", {"at": NOW, "rating": 6, "emotions": []}, NOW)

    doc = store.get_summary_doc("v1")
    assert json.loads(doc["state"])["version"] == summary_state.VERSION
    stored = store.all_entries("v1")
    # Version 1 never kept a practice's technique: its rated practices stay unknown, the rest is the entries'.
    unknown = [replace(r, technique="not kept") if r.kind == "breathing" else r for r in stored]
    assert Summary.from_doc(doc).state == summary_state.recompute(unknown, as_of=TODAY)
    kept = Summary.from_doc(doc).earned
    assert {w for w in earned if earned[w]["occurred_on"] >= (TODAY - timedelta(days=60)).isoformat()} <= set(kept)
    # Nothing earned before the conversion is queued again: only this entry's new wins are.
    assert len(outbox_ids(store, "v1") - queued) == len(saved.new_wins)
    assert not {w["id"] for w in saved.new_wins} & set(earned)


def test_a_repair_rewrites_a_version_1_summary_from_the_stored_records(store):
    records = daily_records(TODAY - timedelta(days=1), 40)
    seed_version_1(store, "v1-repair", records)

    report = recompute_client(store, "v1-repair", NOW)

    doc = store.get_summary_doc("v1-repair")
    assert json.loads(doc["state"])["version"] == summary_state.VERSION
    assert Summary.from_doc(doc).state == summary_state.recompute(records, as_of=TODAY)
    assert report["wins_written"] == 0  # the wins it held are those the records give


def test_a_very_late_entry_dated_before_the_horizon_counts_but_brings_and_sends_no_old_win(store):
    uid = a_client(store, "late", NOW)
    (first,) = entries.put_entry(store, uid, CHECKIN, "today", {"local_date": TODAY, "mood": 5}, NOW).new_wins
    queued = outbox_ids(store, uid)

    late = [entries.put_entry(store, uid, CHECKIN, f"old-{n}", {"local_date": date(2025, 11, n), "mood": 5}, NOW)
            for n in (1, 2, 3)]

    new = [win for saved in late for win in saved.new_wins]
    # Today's check-in now follows a long quiet spell: a win of today. Nothing dated before the horizon.
    assert [win["id"] for win in new] == ["welcome-back:2026-03-10"]
    assert len(outbox_ids(store, uid) - queued) == 1
    wins = {w["id"]: w for w in store.list_wins(uid, key_from=None, key_before=None, limit=50)}
    assert "streak-3:2025-11-03" not in wins  # older than the horizon: never derived
    assert wins[first["id"]]["occurred_on"] == "2025-11-01"  # the first check-in, rewritten with its date
    assert first["id"] not in Summary.from_doc(store.get_summary_doc(uid)).earned
    assert summary.read_summary(store, uid, NOW)["checkin_streak"]["longest"] == 3  # the facts count
