"""The unit of work's write buffer: reads see earlier writes, one write per document, items undone alone."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from stepping_stones.domain.records import MoodEntry
from stepping_stones.storage import Stored
from stepping_stones.storage.paths import Paths
from stepping_stones.storage.transaction import StoreTransaction, _merged

SAVED_AT = datetime(2026, 3, 10, 12, tzinfo=UTC)


def a_mood(mood_id: str, rating: int = 5) -> Stored[MoodEntry]:
    return Stored(MoodEntry(id=mood_id, at=SAVED_AT, local_date=date(2026, 3, 10), rating=rating), SAVED_AT)


@pytest.fixture
def unit():
    client = firestore.Client(project="demo-unit", credentials=AnonymousCredentials())  # builds paths; no I/O here
    return StoreTransaction(Paths(client), locking=False)


def test_a_read_after_a_write_sees_the_write_and_a_delete_reads_as_absent(unit):
    unit.set_entry("u", a_mood("m1"))
    assert unit.get_entry("u", "mood", "m1") == a_mood("m1")
    unit.delete_entry("u", "mood", "m1")
    assert unit.get_entry("u", "mood", "m1") is None
    assert unit.pending_writes() == 1  # one document, one write


def test_a_merge_after_a_set_merges_into_it_and_stays_one_write(unit):
    unit.set_profile("u", {"display_name": "Sam", "notifications": {"reminders": True}})
    unit.update_profile("u", {"notifications": {"digest": False}})
    assert unit.get_profile("u") == {"display_name": "Sam", "notifications": {"reminders": True, "digest": False}}
    assert unit.pending_writes() == 1


def test_restoring_a_mark_drops_only_the_writes_made_after_it(unit):
    unit.set_entry("u", a_mood("kept"))
    mark = unit.mark()
    unit.set_entry("u", a_mood("dropped"))
    unit.set_entry("u", a_mood("kept", rating=2))
    unit.restore(mark)
    assert unit.pending_writes() == 1
    assert unit.get_entry("u", "mood", "kept") == a_mood("kept")


def test_a_returned_document_is_a_copy_the_caller_cannot_change_in_the_buffer(unit):
    unit.set_profile("u", {"display_name": "Sam", "reminder_times": ["08:00"]})
    unit.get_profile("u")["reminder_times"].append("20:00")
    assert unit.get_profile("u") == {"display_name": "Sam", "reminder_times": ["08:00"]}


def test_merge_is_deep_for_maps_and_replaces_everything_else():
    base = {"a": {"x": 1, "y": {"z": 1}}, "b": [1], "c": 1}
    assert _merged(base, {"a": {"y": {"w": 2}}, "b": [2]}) == {"a": {"x": 1, "y": {"z": 1, "w": 2}}, "b": [2], "c": 1}
    assert base == {"a": {"x": 1, "y": {"z": 1}}, "b": [1], "c": 1}
