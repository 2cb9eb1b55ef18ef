"""What a linked therapist sees of a client's entries, and the statement the client reads."""
from __future__ import annotations

import json

import pytest

from stepping_stones.domain.sharing import FREE_TEXT_FIELDS, sharing_statement, visible_to_therapist


def a_checkin_view(**fields):
    return {"id": "c1", "kind": "checkin", "local_date": "2026-03-02", "mood": 3, "energy": 4,
            "sleep_hours": 7.5, "went_well": "Walked to the shop", "note": "Felt shaky", **fields}


def an_experiment_view(outcome="default"):
    if outcome == "default":
        outcome = {"done_on": "2026-03-04", "what_happened": "I asked", "outcome_rating": 4,
                   "sensations": "Warm face", "thoughts": "They'll laugh", "learned": "Nobody laughed"}
    return {"id": "e1", "kind": "experiment", "strength": "bravery", "plan": "Ask one question",
            "prediction": "I will blush", "planned_for": "2026-03-03", "status": "done", "outcome": outcome}


def a_goal_view():
    return {"id": "g1", "title": "Finish the essay", "why": "It matters to me",
            "steps": [{"id": "s1", "title": "Write one line", "done_when": "one line is written",
                       "done_on": "2026-03-05", "note": "Hard to start"},
                      {"id": "s2", "title": "Write a paragraph", "done_when": "it exists", "note": None}]}


def test_free_text_fields_are_listed_for_every_kind_as_agreed():
    assert FREE_TEXT_FIELDS == {
        "checkin": ("went_well", "note"),
        "mood": ("note",),
        "breathing": (),
        "experiment": ("plan", "prediction", "outcome.what_happened", "outcome.sensations",
                       "outcome.thoughts", "outcome.learned"),
        "step": ("done_when", "note"),
        "goal": ("why", "steps.done_when", "steps.note", "next_step.done_when"),
    }


def test_without_note_sharing_a_check_ins_words_are_hidden_and_its_ratings_kept():
    assert visible_to_therapist(a_checkin_view(), "checkin", share_notes=False) == {
        **a_checkin_view(), "went_well": None, "note": None, "notes_hidden": True}


def test_with_note_sharing_a_check_in_is_shown_untouched():
    assert visible_to_therapist(a_checkin_view(), "checkin", share_notes=True) == a_checkin_view()


def test_a_mood_entry_keeps_its_rating_and_emotions_but_not_its_note():
    view = {"id": "m1", "rating": 2, "emotions": ["sad", "tired"], "intensity": 4, "note": "Long day"}
    assert visible_to_therapist(view, "mood", share_notes=False) == {**view, "note": None, "notes_hidden": True}


def test_a_breathing_practice_has_no_words_to_hide_and_gets_no_marker():
    view = {"id": "b1", "duration_seconds": 300, "technique": "box", "stress_before": 6, "stress_after": 3}
    assert visible_to_therapist(view, "breathing", share_notes=False) == view


def test_without_note_sharing_an_experiment_keeps_its_strength_dates_and_status_but_not_its_words():
    visible = visible_to_therapist(an_experiment_view(), "experiment", share_notes=False)
    assert visible == {
        **an_experiment_view(), "plan": None, "prediction": None, "notes_hidden": True,
        "outcome": {"done_on": "2026-03-04", "what_happened": None, "outcome_rating": 4,
                    "sensations": None, "thoughts": None, "learned": None},
    }


def test_an_experiment_without_an_outcome_stays_without_one():
    visible = visible_to_therapist(an_experiment_view(outcome=None), "experiment", share_notes=False)
    assert visible["outcome"] is None and visible["plan"] is None


def test_a_goals_why_and_its_steps_done_when_and_notes_are_hidden_and_the_titles_and_dates_kept():
    goal = visible_to_therapist(a_goal_view(), "goal", share_notes=False)
    assert goal["why"] is None and goal["notes_hidden"] is True
    assert [(step["done_when"], step["note"]) for step in goal["steps"]] == [(None, None), (None, None)]
    assert goal["title"] == "Finish the essay" and goal["steps"][0]["done_on"] == "2026-03-05"
    step = visible_to_therapist(a_goal_view()["steps"][0], "step", share_notes=False)
    assert (step["done_when"], step["note"], step["title"]) == (None, None, "Write one line")


def test_the_note_switch_names_exactly_the_words_the_statement_lists_as_shared_with_notes():
    statement = sharing_statement(True)
    assert statement["notes_switch"] == sharing_statement(False)["notes_switch"]
    words = [item for item in statement["therapist_sees"] if item not in sharing_statement(False)["therapist_sees"]]
    assert words == [f"The words you write: {statement['notes_switch']}."]


def test_hiding_adds_no_field_the_view_did_not_have():
    visible = visible_to_therapist({"id": "c1", "mood": 3}, "checkin", share_notes=False)
    assert visible == {"id": "c1", "mood": 3, "notes_hidden": True}


@pytest.mark.parametrize("share_notes", [True, False])
def test_the_view_passed_in_is_never_changed(share_notes):
    original = an_experiment_view()
    visible = visible_to_therapist(original, "experiment", share_notes=share_notes)
    visible["outcome"]["learned"] = "changed"
    assert original == an_experiment_view()


def test_an_unknown_kind_is_refused_rather_than_shown():
    with pytest.raises(ValueError):
        visible_to_therapist({"secret": "words"}, "diary", share_notes=False)


# The statement

@pytest.mark.parametrize("share_notes", [True, False])
def test_the_statement_is_plain_json_and_echoes_the_choice(share_notes):
    statement = sharing_statement(share_notes)
    assert json.loads(json.dumps(statement)) == statement
    assert statement["share_notes"] is share_notes


@pytest.mark.parametrize("share_notes", [True, False])
def test_the_statement_names_everything_the_therapist_always_sees(share_notes):
    seen = " ".join(sharing_statement(share_notes)["therapist_sees"]).lower()
    for thing in ["dates", "check-ins", "ratings", "mood", "emotions", "breathing", "strength",
                  "where each one stands", "goals", "micro-steps", "micro-wins", "away",
                  "something to talk about at your next session"]:
        assert thing in seen


@pytest.mark.parametrize("share_notes", [True, False])
def test_the_statement_says_the_email_address_is_never_seen(share_notes):
    statement = sharing_statement(share_notes)
    assert "email" in " ".join(statement["therapist_does_not_see"]).lower()
    assert "email" not in " ".join(statement["therapist_sees"]).lower()


def test_without_note_sharing_the_words_you_write_are_listed_as_not_seen():
    statement = sharing_statement(False)
    assert any("words you write" in item for item in statement["therapist_does_not_see"])
    assert not any("words you write" in item for item in statement["therapist_sees"])
    assert "not the words you write" in statement["summary"]


def test_with_note_sharing_the_words_you_write_are_listed_as_seen():
    statement = sharing_statement(True)
    assert any("words you write" in item for item in statement["therapist_sees"])
    assert not any("words you write" in item for item in statement["therapist_does_not_see"])


def test_the_statement_says_sharing_can_change_and_the_link_can_be_cut_at_any_time():
    choices = " ".join(sharing_statement(False)["your_choices"])
    assert "on or off at any time" in choices and "unlink" in choices


def test_the_statement_promises_no_real_time_monitoring_and_says_it_is_not_a_crisis_service():
    text = sharing_statement(False)["not_real_time"]
    assert "not as it happens" in text and "not a crisis service" in text


def test_the_words_of_an_agenda_item_follow_note_sharing_in_the_statement():
    words = "what you'd like to talk about next session"
    assert any(words in item for item in sharing_statement(True)["therapist_sees"])
    assert any(words in item for item in sharing_statement(False)["therapist_does_not_see"])
