"""What helps me: each rule, its minimum (just below and at it), and the year's window."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

from stepping_stones.domain.summary_state import apply_put, empty_state, prune, recompute
from stepping_stones.domain.what_helps import WINDOW_DAYS, what_helps
from tests.support.builders import a_breathing, a_checkin, a_mood, an_experiment, away

TODAY = date(2026, 6, 30)


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def practice(days_ago: int, technique: str = "box", before: int | None = 7, after: int | None = 4, hour: int = 8):
    at = datetime.combine(TODAY - timedelta(days=days_ago), time(hour), timezone.utc)
    return replace(a_breathing(on=ago(days_ago), before=before, after=after, at=at), technique=technique)


def experiment(days_ago: int, strength: str = "bravery", predicted: int | None = None, outcome: int = 5):
    made = an_experiment(planned_for=ago(days_ago + 1), strength=strength, done_on=ago(days_ago))
    return replace(made, prediction_rating=predicted, outcome=replace(made.outcome, outcome_rating=outcome))


def helps(*records, periods=()):
    return what_helps(recompute(records, (), periods, as_of=TODAY), TODAY)


# Stress by technique ---------------------------------------------------------------------------------

def test_two_rated_practices_of_a_technique_show_no_average_and_say_one_more_is_needed():
    result = helps(practice(1, "paced"), practice(2, "paced"))["stress_by_technique"]
    assert result["items"] == [{"technique": "paced", "practices": 2, "needs": 1, "average_drop": None,
                                "text": "Paced breathing: 1 more practice with stress rated before and after, "
                                        "and this shows how your ratings changed."}]


def test_three_rated_practices_of_a_technique_show_the_average_stress_change_in_plain_words():
    records = [practice(1, "box", 8, 3), practice(2, "box", 6, 4), practice(3, "box", 5, 4)]
    [item] = helps(*records)["stress_by_technique"]["items"]
    assert (item["practices"], item["needs"], item["average_drop"]) == (3, 0, 2.7)
    assert item["text"] == "After box breathing, your stress rating was on average 2.7 points lower than before (3 practices)."


def test_each_technique_counts_only_its_own_practices_and_unrated_ones_count_for_none():
    records = [practice(1, "box"), practice(2, "box"), practice(3, "box"), practice(4, "4-7-8"),
               practice(5, "4-7-8", None, None), practice(6, "physiological_sigh", 3, 5)]
    items = helps(*records)["stress_by_technique"]["items"]
    assert [(i["technique"], i["practices"], i["needs"]) for i in items] == [
        ("box", 3, 0), ("4-7-8", 1, 2), ("physiological_sigh", 1, 2)]


def test_a_stress_rating_that_rose_is_said_plainly_as_higher():
    records = [practice(day, "other", 3, 4) for day in (1, 2, 3)]
    [item] = helps(*records)["stress_by_technique"]["items"]
    assert item["text"] == ("After other breathing practices, your stress rating was on average 1 point higher "
                            "than before (3 practices).")


def test_without_any_rated_practice_only_a_gentle_note_is_shown():
    result = helps(practice(1, "box", None, None))["stress_by_technique"]
    assert result["items"] == [] and "after 3 practices of one kind" in result["text"]


def test_practices_stored_before_techniques_were_kept_are_left_out_of_every_technique():
    state = recompute([practice(1), practice(2), practice(3)], as_of=TODAY)
    state = {**state, "days": [cell[:6] if isinstance(cell, list) else cell for cell in state["days"]]}
    assert what_helps(state, TODAY)["stress_by_technique"]["items"] == []


# Mood with and without a practice ------------------------------------------------------------------

def mood_days(with_practice: int, without: int, mood_with: int = 7, mood_without: int = 5) -> list:
    records = []
    for day in range(with_practice):
        records += [a_checkin(on=ago(day), mood=mood_with), practice(day)]
    for day in range(with_practice, with_practice + without):
        records.append(a_checkin(on=ago(day), mood=mood_without))
    return records


def test_two_days_with_a_practice_keep_the_mood_comparison_hidden_and_say_how_many_more_days():
    result = helps(*mood_days(2, 3))["mood_and_practice"]
    assert (result["mood_with"], result["mood_without"], result["needs_with"], result["needs_without"]) == (
        None, None, 1, 0)
    assert result["text"] == ("Your mood on days with and without a breathing practice shows here after "
                              "1 more day with a breathing practice, with a mood logged.")


def test_two_days_without_a_practice_keep_it_hidden_too():
    result = helps(*mood_days(3, 2))["mood_and_practice"]
    assert result["mood_with"] is None and result["needs_without"] == 1
    assert result["text"].endswith("after 1 more day without a practice, with a mood logged.")


def test_both_sides_short_name_both_counts():
    result = helps(*mood_days(1, 0))["mood_and_practice"]
    assert "after 2 more days with a breathing practice and 3 more days without one" in result["text"]


def test_three_days_of_each_set_the_average_moods_side_by_side_never_as_a_cause():
    records = mood_days(3, 3) + [a_mood(on=ago(0), rating=9)]  # day 0: check-in 7 and a 9, averaging 8.0
    result = helps(*records)["mood_and_practice"]
    assert (result["days_with"], result["days_without"], result["mood_with"], result["mood_without"]) == (3, 3, 7.3, 5.0)
    assert result["text"] == ("On days you did a breathing practice, your mood averaged 7.3; on other days, 5.0 "
                              "(3 and 3 days).")
    assert "because" not in result["text"] and "help" not in result["text"]


def test_days_with_a_practice_but_no_mood_logged_count_on_neither_side():
    records = mood_days(3, 3) + [practice(day) for day in range(10, 20)]
    assert helps(*records)["mood_and_practice"]["days_with"] == 3


# Strengths and predictions ----------------------------------------------------------------------------

def test_no_experiment_with_an_outcome_lists_no_strength_and_says_what_will_appear():
    planned_only = an_experiment(planned_for=ago(1), strength="bravery")
    result = helps(planned_only)["strengths"]
    assert result["items"] == [] and result["needs"] == 1
    assert result["text"] == "When you note how an experiment went, the strength it tested appears here."


def test_one_experiment_with_an_outcome_lists_its_strength_most_tested_first():
    result = helps(experiment(1, "kindness"))["strengths"]
    assert result["items"] == [{"strength": "kindness", "name": "kindness", "experiments": 1}]
    more = helps(experiment(1, "kindness"), experiment(2, "bravery"), experiment(3, "bravery"))["strengths"]
    assert more["text"] == "Strengths you tested in the past year: bravery (2), kindness (1)."


def test_two_experiments_with_both_ratings_are_not_yet_compared():
    result = helps(experiment(1, predicted=3, outcome=6), experiment(2, predicted=5, outcome=5))["predictions"]
    assert (result["compared"], result["needs"]) == (2, 1)
    assert result["text"] == ("Your predictions set beside how things went appear after 1 more experiment with both "
                              "a prediction rating and an outcome rating.")


def test_three_experiments_with_both_ratings_say_how_often_the_outcome_was_rated_above_the_prediction():
    records = [experiment(1, predicted=3, outcome=6), experiment(2, predicted=5, outcome=5),
               experiment(3, predicted=6, outcome=2), experiment(4, predicted=2, outcome=3)]
    result = helps(*records)["predictions"]
    assert (result["compared"], result["higher"], result["same"], result["lower"]) == (4, 2, 1, 1)
    assert result["text"] == ("In 2 of 4 experiments with both ratings, you rated how it went higher than you had "
                              "predicted; 1 the same, 1 lower.")


def test_an_experiment_without_a_prediction_rating_still_counts_as_a_strength_tested_but_is_not_compared():
    records = [experiment(1, predicted=None), experiment(2, predicted=2, outcome=8), experiment(3, predicted=4)]
    result = helps(*records)
    assert result["strengths"]["items"][0]["experiments"] == 3
    assert (result["predictions"]["compared"], result["predictions"]["needs"]) == (2, 1)


def test_a_corrected_prediction_rating_replaces_the_old_comparison_and_a_deleted_experiment_leaves_none():
    old = experiment(1, predicted=2, outcome=8)
    state = prune(apply_put(empty_state(), None, old), TODAY)
    new = replace(old, prediction_rating=9)
    corrected = apply_put(state, old, new)
    assert corrected == recompute([new], as_of=TODAY)
    assert what_helps(corrected, TODAY)["predictions"]["lower"] == 1


# The year's window and the chart's days ---------------------------------------------------------------

def test_only_the_last_366_days_count_and_the_days_run_one_a_day_with_mood_and_away():
    records = [practice(WINDOW_DAYS, "paced"), practice(1, "paced"), a_checkin(on=ago(0), mood=6),
               a_mood(on=ago(0), rating=3), experiment(WINDOW_DAYS + 3, predicted=1, outcome=9)]
    result = helps(*records, periods=[away(ago(5), ago(4))])
    assert result["stress_by_technique"]["items"][0]["practices"] == 1
    assert result["strengths"]["items"] == []
    days = result["days"]
    assert len(days) == WINDOW_DAYS and days[0]["date"] == TODAY - timedelta(days=WINDOW_DAYS - 1)
    assert days[-1] == {"date": TODAY, "mood": 4.5, "away": False}
    assert [d["date"] for d in days if d["away"]] == [TODAY - timedelta(days=5), TODAY - timedelta(days=4)]
    assert days[-2]["mood"] is None


def test_a_year_in_the_archive_is_read_from_the_archive():
    records = [practice(day, "4-7-8") for day in (300, 301, 302)]
    state = recompute(records, as_of=TODAY)
    assert state["boundary"] is not None and state["archive"] is not None  # the practices were archived
    assert what_helps(state, TODAY)["stress_by_technique"]["items"][0]["practices"] == 3


def test_a_stress_rating_unchanged_on_average_is_said_to_be_the_same():
    records = [practice(1, "paced", 5, 6), practice(2, "paced", 6, 5), practice(3, "paced", 4, 4)]
    [item] = helps(*records)["stress_by_technique"]["items"]
    assert item["text"] == "After paced breathing, your stress rating was on average the same as before (3 practices)."


def test_the_strengths_listed_stop_at_their_bound_and_the_rest_are_counted():
    records = [experiment(day % 300, f"custom:{'x' * 55}{day:05d}") for day in range(30)]  # the longest labels
    result = helps(*records)["strengths"]
    assert (len(result["items"]), result["more"]) == (24, 6)
    assert result["text"].endswith(", and 6 more.") and len(result["text"]) < 2000
