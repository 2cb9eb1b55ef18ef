"""The rhythm's pure rules: which session starts the review, how a held session takes up the agenda, and what a
therapist reads of an item."""
from __future__ import annotations

from datetime import date

from stepping_stones.domain.sessions import (
    agenda_changes,
    agenda_for_review,
    agenda_view,
    last_held_session,
    reflection_is_empty,
)


def a_session(day: str, state: str | None = None) -> dict:
    return {"date": day, "note": None, **({"state": state} if state else {})}


def an_item(item_id: str, added_on: str, talked_about_on: str | None = None, closed_by: str | None = None) -> dict:
    return {"id": item_id, "text": f"words of {item_id}", "added_on": added_on, "about": None,
            "talked_about_on": talked_about_on, "closed_by": closed_by}


def test_the_last_held_session_ignores_missed_cancelled_and_future_ones_and_old_sessions_count_as_held():
    sessions = [a_session("2026-03-01"), a_session("2026-03-05", "held"), a_session("2026-03-07", "missed"),
                a_session("2026-03-08", "cancelled"), a_session("2026-03-20", "held")]
    assert last_held_session(sessions, date(2026, 3, 10)) == date(2026, 3, 5)
    assert last_held_session([a_session("2026-03-07", "missed")], date(2026, 3, 10)) is None


def test_a_held_session_closes_open_items_added_up_to_its_day_and_no_other():
    items = [an_item("a", "2026-03-01"), an_item("b", "2026-03-09"), an_item("c", "2026-03-11"),
             an_item("d", "2026-03-02", talked_about_on="2026-03-03", closed_by="t1")]
    changed = agenda_changes(items, "t1", "2026-03-09", held=True)
    assert [(i["id"], i["talked_about_on"], i["closed_by"]) for i in changed] == [
        ("a", "2026-03-09", "t1"), ("b", "2026-03-09", "t1")]


def test_a_session_no_longer_held_reopens_only_what_it_closed():
    items = [an_item("a", "2026-03-01", "2026-03-09", "t1"), an_item("b", "2026-03-01", "2026-03-09", "t2"),
             an_item("c", "2026-03-01", "2026-03-03", "t1")]
    changed = agenda_changes(items, "t1", "2026-03-09", held=False)
    assert [(i["id"], i["talked_about_on"]) for i in changed] == [("a", None)]


def test_the_review_lists_open_items_first_then_those_talked_about_in_the_window_with_words_only_when_shared():
    items = [an_item("old", "2026-02-01", "2026-02-10", "t1"), an_item("done", "2026-03-02", "2026-03-05", "t1"),
             an_item("later", "2026-03-08"), an_item("first", "2026-03-06")]
    shared = agenda_for_review(items, True, date(2026, 3, 5), date(2026, 3, 10))
    assert [(i["id"], i["text"]) for i in shared] == [
        ("first", "words of first"), ("later", "words of later"), ("done", "words of done")]
    hidden = agenda_for_review(items, False, date(2026, 3, 5), date(2026, 3, 10))
    assert {(i["text"], i["text_shared"]) for i in hidden} == {(None, False)}


def test_the_client_sees_an_item_without_who_closed_it():
    assert "closed_by" not in agenda_view(an_item("a", "2026-03-01", "2026-03-09", "t1"))


def test_a_reflection_with_only_blank_prompts_is_empty():
    assert reflection_is_empty({"what_happened": "  ", "what_i_felt": None})
    assert not reflection_is_empty({"try_next_time": "Slow down"})
