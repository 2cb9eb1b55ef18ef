"""Records survive storage unchanged; experiment status and strength vocabulary."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from stepping_stones.domain import codec
from stepping_stones.domain.experiments import experiment_status, strength_problem
from stepping_stones.domain.records import BreathingPractice, Experiment, ExperimentOutcome, Goal, MoodEntry, Step


@pytest.mark.parametrize("record", [
    MoodEntry(id="m", at=datetime(2026, 3, 2, 23, 0, tzinfo=timezone(timedelta(hours=13))),
              local_date=date(2026, 3, 2), rating=4, emotions=("calm", "sad")),
    BreathingPractice(id="b", started_at=datetime(2026, 3, 2, 8, tzinfo=timezone.utc), local_date=date(2026, 3, 2),
                      duration_seconds=300, technique="box", stress_before=6, stress_after=3),
    Experiment(id="x", strength="bravery", plan="p", prediction="q", prediction_rating=3, planned_for=date(2026, 3, 2),
               outcome=ExperimentOutcome(done_on=date(2026, 3, 3), what_happened="w", outcome_rating=6)),
    Goal(id="g", title="t", why="w", steps=(Step(id="s", title="a", done_when="b", done_on=date(2026, 1, 1)),)),
])
def test_a_record_round_trips_through_its_stored_form_keeping_the_offset(record):
    assert codec.from_plain(type(record), codec.to_plain(record)) == record


def test_an_experiment_stored_before_prediction_ratings_reads_as_unrated():
    stored_before = {"id": "x", "strength": "bravery", "plan": "p", "prediction": "q", "planned_for": "2026-03-02",
                     "outcome": None, "kind": "experiment"}
    experiment = codec.from_plain(Experiment, stored_before)
    assert (experiment.prediction_rating, experiment.planned_for) == (None, date(2026, 3, 2))


def test_a_stored_timestamp_keeps_the_phones_offset():
    mood = MoodEntry(id="m", at=datetime(2026, 3, 2, 23, 0, tzinfo=timezone(timedelta(hours=13))),
                     local_date=date(2026, 3, 2), rating=4)
    assert codec.to_plain(mood)["at"] == "2026-03-02T23:00:00+13:00"


@pytest.mark.parametrize("planned, has_outcome, today, status", [
    (date(2026, 3, 10), False, date(2026, 3, 10), "planned"),
    (date(2026, 3, 7), False, date(2026, 3, 10), "planned"),
    (date(2026, 3, 6), False, date(2026, 3, 10), "lapsed"),
    (date(2026, 3, 1), True, date(2026, 3, 10), "done"),
])
def test_an_experiment_lapses_once_its_date_is_more_than_three_days_past(planned, has_outcome, today, status):
    assert experiment_status(planned, has_outcome, today) == status


@pytest.mark.parametrize("strength, ok", [
    ("curiosity", True), ("love_of_learning", True), ("custom:speaking up", True),
    ("Curiosity", False), ("custom:", False), ("custom:   ", False), ("custom:" + "x" * 61, False), ("", False),
])
def test_strengths_are_via_ids_or_labelled_custom_ones(strength, ok):
    assert (strength_problem(strength) is None) is ok
