"""The unit of work's write buffer: reads see earlier writes, one write per document, items undone alone."""
from __future__ import annotations

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from stepping_stones.storage.paths import Paths
from stepping_stones.storage.transaction import StoreTransaction, _merged


@pytest.fixture
def unit():
    client = firestore.Client(project="demo-unit", credentials=AnonymousCredentials())  # builds paths; no I/O here
    return StoreTransaction(Paths(client), locking=False)


def test_a_read_after_a_write_sees_the_write_and_a_delete_reads_as_absent(unit):
    unit.set_entry("u", "mood", "m1", {"id": "m1", "rating": 5})
    assert unit.get_entry("u", "mood", "m1") == {"id": "m1", "rating": 5}
    unit.delete_entry("u", "mood", "m1")
    assert unit.get_entry("u", "mood", "m1") is None
    assert unit.pending_writes() == 1  # one document, one write


def test_a_merge_after_a_set_merges_into_it_and_stays_one_write(unit):
    unit.set_profile("u", {"display_name": "Sam", "notifications": {"reminders": True}})
    unit.update_profile("u", {"notifications": {"digest": False}})
    assert unit.get_profile("u") == {"display_name": "Sam", "notifications": {"reminders": True, "digest": False}}
    assert unit.pending_writes() == 1


def test_restoring_a_mark_drops_only_the_writes_made_after_it(unit):
    unit.set_entry("u", "mood", "kept", {"id": "kept"})
    mark = unit.mark()
    unit.set_entry("u", "mood", "dropped", {"id": "dropped"})
    unit.set_entry("u", "mood", "kept", {"id": "kept", "changed": True})
    unit.restore(mark)
    assert unit.pending_writes() == 1
    assert unit.get_entry("u", "mood", "kept") == {"id": "kept"}


def test_a_returned_document_is_a_copy_the_caller_cannot_change_in_the_buffer(unit):
    unit.set_entry("u", "mood", "m1", {"id": "m1", "emotions": ["calm"]})
    unit.get_entry("u", "mood", "m1")["emotions"].append("tense")
    assert unit.get_entry("u", "mood", "m1") == {"id": "m1", "emotions": ["calm"]}


def test_merge_is_deep_for_maps_and_replaces_everything_else():
    base = {"a": {"x": 1, "y": {"z": 1}}, "b": [1], "c": 1}
    assert _merged(base, {"a": {"y": {"w": 2}}, "b": [2]}) == {"a": {"x": 1, "y": {"z": 1, "w": 2}}, "b": [2], "c": 1}
    assert base == {"a": {"x": 1, "y": {"z": 1}}, "b": [1], "c": 1}
