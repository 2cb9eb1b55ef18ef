"""PHQ-9 and GAD-7 as published, and their scoring: every band edge, reliable change, caseness, missing items, item 9."""
from __future__ import annotations

import pytest

from stepping_stones.domain.measures import (
    DIFFICULTY,
    FREQUENCY,
    GAD7,
    MEASURES,
    PHQ9,
    PHQ9_DIFFICULTY,
    PHQ9_ITEM9,
    UnknownMeasure,
    answer_problems,
    band,
    course_change,
    is_case,
    item9_positive,
    reliable_change,
    score,
)


def answers_totalling(measure, total: int, **overrides) -> dict:
    """Answers to every scored item adding up to `total` (3s first, then the remainder, then 0s)."""
    answers = {}
    for item in measure.scored_items:
        answers[item.code] = min(3, total)
        total -= answers[item.code]
    assert total == 0, "more than the measure's maximum"
    answers.update(overrides)
    return answers


# ---- the instruments as published ----------------------------------------------------------------------------

def test_the_phq9_carries_its_published_loinc_codes_in_order():
    assert (PHQ9.panel_code, PHQ9.total_code) == ("44249-1", "44261-6")
    assert [item.code for item in PHQ9.scored_items] == [
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"]
    assert PHQ9_ITEM9 == PHQ9.scored_items[8].code == "44260-8"
    assert [item.code for item in PHQ9.items if not item.scored] == [PHQ9_DIFFICULTY] == ["69722-7"]


def test_the_gad7_carries_its_published_loinc_codes_in_order():
    assert (GAD7.panel_code, GAD7.total_code) == ("69737-5", "70274-6")
    assert [item.code for item in GAD7.items] == [
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
    assert all(item.scored for item in GAD7.items)


def test_every_scored_item_answers_with_loinc_list_ll358_3_scored_0_to_3():
    expected = [("Not at all", "LA6568-5", 0), ("Several days", "LA6569-3", 1),
                ("More than half the days", "LA6570-1", 2), ("Nearly every day", "LA6571-9", 3)]
    assert [(a.text, a.code, a.score) for a in FREQUENCY] == expected
    for measure in MEASURES.values():
        for item in measure.scored_items:
            assert item.answers == FREQUENCY and item.answer_list == "LL358-3"


def test_the_phq9_difficulty_item_answers_with_ll359_1_and_is_never_scored():
    difficulty = PHQ9.item(PHQ9_DIFFICULTY)
    assert difficulty.answer_list == "LL359-1" and not difficulty.scored
    assert [(a.text, a.code, a.score) for a in DIFFICULTY] == [
        ("Not difficult at all", "LA6572-7", None), ("Somewhat difficult", "LA6573-5", None),
        ("Very difficult", "LA6575-0", None), ("Extremely difficult", "LA6574-3", None)]
    assert score("phq9", answers_totalling(PHQ9, 4, **{PHQ9_DIFFICULTY: 3})).total == 4


def test_the_wording_and_free_use_notice_are_the_published_ones():
    assert PHQ9.stem == "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    assert GAD7.stem == "Over the last 2 weeks, how often have you been bothered by the following problems?"
    assert PHQ9.items[0].text == "Little interest or pleasure in doing things"
    assert PHQ9.items[8].text == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert GAD7.items[0].text == "Feeling nervous, anxious, or on edge"
    for measure in (PHQ9, GAD7):
        assert "Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues" in measure.notice
        assert "educational grant from Pfizer Inc." in measure.notice
        assert "No permission required to reproduce, translate, display or distribute." in measure.notice


def test_each_measure_names_the_loinc_form_as_its_questionnaire():
    assert PHQ9.questionnaire == "http://loinc.org/q/44249-1"
    assert GAD7.questionnaire == "http://loinc.org/q/69737-5"


# ---- totals and bands ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("total", "expected"), [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (27, "severe")])
def test_a_phq9_total_falls_in_its_published_band_at_every_edge(total, expected):
    result = score("phq9", answers_totalling(PHQ9, total))
    assert (result.total, result.band, result.complete) == (total, expected, True)


@pytest.mark.parametrize(("total", "expected"), [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "severe"), (21, "severe")])
def test_a_gad7_total_falls_in_its_published_band_at_every_edge(total, expected):
    result = score("gad7", answers_totalling(GAD7, total))
    assert (result.total, result.band) == (total, expected)


@pytest.mark.parametrize(("key", "beyond"), [("phq9", 28), ("gad7", 22), ("phq9", -1)])
def test_a_total_outside_the_range_has_no_band(key, beyond):
    with pytest.raises(ValueError):
        band(key, beyond)


def test_an_unknown_measure_is_named():
    with pytest.raises(UnknownMeasure, match="phq2"):
        score("phq2", {})


# ---- missing items: stored, marked incomplete, never scored as 0 --------------------------------------------

def test_an_answer_with_a_missing_item_is_incomplete_and_has_no_total():
    answers = answers_totalling(PHQ9, 12)
    del answers["44252-5"]
    result = score("phq9", answers)
    assert (result.complete, result.total, result.band, result.case) == (False, None, None, None)
    assert result.missing == ("44252-5",)


def test_an_item_answered_none_counts_as_missing_not_as_zero():
    result = score("gad7", answers_totalling(GAD7, 3, **{"69736-7": None}))
    assert result.missing == ("69736-7",) and result.total is None


def test_the_unscored_difficulty_item_may_be_left_out_of_a_complete_phq9():
    result = score("phq9", answers_totalling(PHQ9, 10))
    assert result.complete and result.total == 10


def test_item_9_answered_above_0_is_flagged_even_when_the_answer_is_incomplete():
    assert score("phq9", {PHQ9_ITEM9: 1}).item9_positive
    assert not score("phq9", answers_totalling(PHQ9, 27, **{PHQ9_ITEM9: 0})).item9_positive


@pytest.mark.parametrize(("value", "flagged"), [(0, False), (1, True), (2, True), (3, True), (None, False)])
def test_item_9_is_flagged_for_any_answer_above_0(value, flagged):
    assert item9_positive({PHQ9_ITEM9: value}) is flagged
    assert item9_positive({}) is False


def test_answer_problems_name_the_item_and_accept_a_draft():
    assert answer_problems("phq9", {"44250-9": 2, PHQ9_DIFFICULTY: 3}) == {}
    problems = answer_problems("gad7", {"69725-0": 4, "44250-9": 1, "69734-2": True, "69735-9": "2"})
    assert set(problems) == {"69725-0", "44250-9", "69734-2", "69735-9"}
    assert "Not an item of the GAD-7." in problems["44250-9"]


# ---- caseness and reliable change (NHS Talking Therapies) ---------------------------------------------------

@pytest.mark.parametrize(("key", "total", "case"), [
    ("phq9", 9, False), ("phq9", 10, True), ("gad7", 7, False), ("gad7", 8, True)])
def test_caseness_starts_at_10_on_the_phq9_and_8_on_the_gad7(key, total, case):
    assert is_case(key, total) is case


@pytest.mark.parametrize(("key", "first", "latest", "expected"), [
    ("phq9", 18, 12, "improvement"), ("phq9", 18, 13, "none"), ("phq9", 12, 18, "deterioration"),
    ("phq9", 13, 18, "none"), ("gad7", 15, 11, "improvement"), ("gad7", 15, 12, "none"),
    ("gad7", 11, 15, "deterioration"), ("gad7", 12, 15, "none"), ("gad7", 9, 9, "none")])
def test_reliable_change_needs_6_points_on_the_phq9_and_4_on_the_gad7(key, first, latest, expected):
    assert reliable_change(key, first, latest) == expected


def test_change_is_measured_from_the_first_complete_score_of_the_course():
    change = course_change("phq9", [None, 16, 14, None, 9])
    assert (change.first, change.latest, change.difference, change.reliable) == (16, 9, -7, "improvement")
    assert (change.first_case, change.latest_case) == (True, False)
    assert course_change("gad7", [None, None]) is None
    single = course_change("gad7", [8])
    assert (single.difference, single.reliable) == (0, "none")
