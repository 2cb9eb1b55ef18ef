"""Pure rules of suggestions and notes: answers are idempotent, bounds count open ones, the oldest answered drop."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from stepping_stones.domain import suggestions as rules
from stepping_stones.domain.notify_messages import push_payload


def test_the_same_answer_again_changes_nothing_and_the_other_answer_is_refused():
    assert rules.answer(rules.OPEN, rules.TAKE) == rules.TAKEN
    assert rules.answer(rules.OPEN, rules.LET_GO) == rules.NOT_TAKEN
    assert rules.answer(rules.TAKEN, rules.TAKE) is None
    assert rules.answer(rules.NOT_TAKEN, rules.LET_GO) is None
    with pytest.raises(rules.AlreadyAnswered):
        rules.answer(rules.NOT_TAKEN, rules.TAKE)
    with pytest.raises(rules.AlreadyAnswered):
        rules.answer(rules.TAKEN, rules.LET_GO)


def test_only_open_suggestions_count_against_the_open_bound():
    assert not rules.over_open_limit([rules.OPEN, rules.TAKEN, rules.NOT_TAKEN], 2)
    assert rules.over_open_limit([rules.OPEN, rules.OPEN, rules.TAKEN], 2)


def test_the_oldest_answered_suggestions_drop_out_to_make_room_and_open_ones_never_do():
    at = lambda day: datetime(2026, 3, day, tzinfo=timezone.utc)  # noqa: E731
    kept = [("a", rules.OPEN, at(1)), ("b", rules.TAKEN, at(2)), ("c", rules.NOT_TAKEN, at(3)), ("d", rules.OPEN, at(4))]
    assert rules.to_drop(kept, keep=5) == []
    assert rules.to_drop(kept, keep=4) == ["b"]
    assert rules.to_drop(kept, keep=3) == ["b", "c"]


def test_a_note_has_one_inbox_item_per_therapist_and_subject():
    assert rules.note_id("t1", "win:x") == rules.note_id("t1", "win:x")
    assert len({rules.note_id("t1", "win:x"), rules.note_id("t2", "win:x"), rules.note_id("t1", "moment:2026-03-04")}) == 3


def test_the_words_name_the_therapist_and_say_nothing_of_the_client():
    assert rules.note_title("Dr Rua Tane") == "A note from Dr Rua Tane"
    assert rules.note_title(None) == "A note from your therapist"
    assert rules.suggested_by("Dr Rua Tane") == "Suggested by Dr Rua Tane"


def test_a_notes_push_says_only_that_a_note_is_waiting():
    payload = push_payload("therapist_note", "note-1")
    assert payload["body"] == "A note is waiting for you in Stepping Stones"
    assert payload["data"] == {"notification_id": "note-1", "type": "therapist_note"}


def test_filling_a_field_the_suggestion_left_empty_is_not_a_change_but_rewording_one_it_set_is():
    proposal = {"title": "Phone out of the bedroom", "done_when": None, "due_on": None}
    filled = {"title": "Phone out of the bedroom", "done_when": "Three nights", "due_on": "2026-03-20"}
    assert rules.changed("step", proposal, filled) is False
    assert rules.changed("step", proposal, {**filled, "title": "Phone in the hall"}) is True
    assert rules.changed("step", {**proposal, "done_when": "Two nights"}, filled) is True
