"""Summary documents stored by earlier code decode to the same state and re-encode to the same bytes."""
from __future__ import annotations

import json

import pytest

from tests.unit.fixtures.summary_documents import CHANGES, FIXTURE, built_states, decoded, encoded, reading

STORED = json.loads(FIXTURE.read_text())
DOCUMENTS, CHANGED, VERSION_1 = STORED["documents"], STORED["changes"], STORED["version_1"]
EVERY_STORED = {**DOCUMENTS, **CHANGED, "migrated from version 1": VERSION_1}


@pytest.mark.parametrize("name", sorted(EVERY_STORED))
def test_a_stored_summary_reads_as_the_code_that_stored_it_read_it(name):
    assert reading(decoded(EVERY_STORED[name]["stored"])) == EVERY_STORED[name]["reading"]


@pytest.mark.parametrize("name", sorted(EVERY_STORED))
def test_a_stored_summary_decoded_and_encoded_again_is_the_same_bytes(name):
    stored = EVERY_STORED[name]["stored"]
    assert encoded(decoded(stored)) == stored


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_same_records_build_the_same_stored_bytes_as_before(name):
    assert encoded(built_states()[name]) == DOCUMENTS[name]["stored"]


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_change_to_a_stored_summary_stores_the_bytes_the_earlier_code_stored(name):
    start, change = CHANGES[name]
    assert CHANGED[name]["from"] == start
    assert encoded(change(decoded(DOCUMENTS[start]["stored"]))) == CHANGED[name]["stored"]


def test_a_version_1_summary_converts_to_the_bytes_the_earlier_code_converted_it_to():
    from stepping_stones.storage import Progress

    assert encoded(Progress.from_doc(VERSION_1["doc"]).state) == VERSION_1["stored"]
