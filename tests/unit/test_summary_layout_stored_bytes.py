"""Summary documents stored by earlier code decode to the same state and re-encode to the same bytes."""
from __future__ import annotations

import base64
import json
import zlib

import pytest

from stepping_stones.domain.summary_state import DayCell, archive_contents, stress_drop
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


def as_stored_before_techniques(state: dict) -> dict:
    """The state less what later code adds to the same records (each rated practice's technique, a day
    cell's `techniques`): what the code that wrote the fixture built from them."""
    def cells(days: list) -> list:
        return [DayCell.from_list(cell)._replace(techniques=()).to_list() if cell else cell for cell in days]

    stripped = {**state, "days": cells(state["days"])}
    if state["archive"] is not None:
        archived = archive_contents(state["archive"])
        archived["days"] = cells(archived["days"])
        stripped["archive"] = zlib.compress(json.dumps(archived, separators=(",", ":")).encode(), 9)
    return stripped


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_same_records_build_the_same_stored_bytes_as_before_and_add_only_the_techniques(name):
    assert encoded(as_stored_before_techniques(built_states()[name])) == DOCUMENTS[name]["stored"]


def test_the_techniques_added_name_each_rated_practice_of_the_fixture():
    state = built_states()["a week of everything"]
    rated = [number for cell in state["days"] if isinstance(cell, list) for number in DayCell.from_list(cell).techniques]
    assert rated == [1, 1, 1]  # b1, b2 and b4 were rated, all "box"


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_change_to_a_stored_summary_stores_the_bytes_the_earlier_code_stored(name):
    start, change = CHANGES[name]
    assert CHANGED[name]["from"] == start
    assert encoded(change(decoded(DOCUMENTS[start]["stored"]))) == CHANGED[name]["stored"]


def test_a_version_1_summary_converts_to_the_bytes_the_earlier_code_converted_it_to():
    from stepping_stones.storage import Summary

    assert encoded(Summary.from_doc(VERSION_1["doc"]).state) == VERSION_1["stored"]


def stored_cells(stored: dict) -> list:
    """Every stored day cell of a document: its state's days and its archive's."""
    cells = list(json.loads(stored["state"])["days"])
    if stored["archive"]:
        cells += archive_contents(base64.b64decode(stored["archive"]))["days"]
    return cells


@pytest.mark.parametrize("name", sorted(EVERY_STORED))
def test_every_stored_day_cell_reads_as_a_day_cell_and_writes_back_the_same_list(name):
    cells = stored_cells(EVERY_STORED[name]["stored"])
    assert [DayCell.from_list(cell).to_list() for cell in cells] == cells


def test_a_day_cell_names_each_stored_position_and_drops_trailing_empty_ones():
    key = (480 + 1440) * 21 + 8 - 3 + 10  # practised at 08:00 UTC, stress 8 then 3
    cell = DayCell.from_list([4, 2, 7, 1, 300, [key], 1])
    assert cell == DayCell(checkin_mood=4, moods=2, mood_sum=7, sessions=1, seconds=300, stress=(key,), low_moods=1)
    assert cell.stress_drops() == [stress_drop(key)] == [5]
    assert DayCell(moods=1, mood_sum=3).to_list() == [None, 1, 3]
    assert DayCell(checkin_mood=0).to_list() == [0]  # a check-in of mood 0 is not an empty day
    assert DayCell(moods=1, low_moods=1).to_list() == [None, 1, 0, 0, 0, [], 1]
    assert DayCell().to_list() == 0 and DayCell.from_list(0) == DayCell()


def test_a_day_cell_keeps_each_rated_practices_technique_and_stores_none_when_all_are_unknown():
    early, late = (480 + 1440) * 21 + 15, (600 + 1440) * 21 + 12
    cell = DayCell(sessions=2).with_rated([(late, 3), (early, 1)])
    assert cell.to_list() == [None, 0, 0, 2, 0, [early, late], 0, [1, 3]]
    assert DayCell.from_list(cell.to_list()) == cell and cell.rated() == [(early, 1), (late, 3)]
    stored_before = [None, 0, 0, 2, 0, [early, late]]  # a cell stored before techniques were kept
    assert DayCell.from_list(stored_before).rated() == [(early, 0), (late, 0)]
    assert DayCell.from_list(stored_before).with_rated([(early, 0)]).to_list() == [None, 0, 0, 2, 0, [early]]
