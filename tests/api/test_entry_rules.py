"""What each kind of entry accepts: ranges, vocabularies, local dates and one check-in per date."""
from __future__ import annotations

import pytest

from tests.support.bodies import a_breathing, a_checkin, a_mood, a_profile, an_experiment, an_outcome


def test_a_second_check_in_on_the_same_date_is_409_naming_the_first(client_with_profile):
    client_with_profile.put("/v1/checkins/morning", a_checkin(on="2026-03-05"))

    response = client_with_profile.put("/v1/checkins/evening", a_checkin(on="2026-03-05", mood=3))

    assert response.status_code == 409
    assert "morning" in response.json["error"]["message"]
    assert "local_date" in response.json["error"]["fields"]
    assert client_with_profile.get("/v1/checkins/evening").status_code == 404


def test_moving_a_check_in_to_another_date_frees_the_old_date(client_with_profile):
    client_with_profile.put("/v1/checkins/a", a_checkin(on="2026-03-05"))
    assert client_with_profile.put("/v1/checkins/a", a_checkin(on="2026-03-06")).status_code == 200

    assert client_with_profile.put("/v1/checkins/b", a_checkin(on="2026-03-05")).status_code == 201
    assert client_with_profile.put("/v1/checkins/c", a_checkin(on="2026-03-06")).status_code == 409


def test_deleting_a_check_in_frees_its_date(client_with_profile):
    client_with_profile.put("/v1/checkins/a", a_checkin(on="2026-03-05"))
    client_with_profile.delete("/v1/checkins/a")
    assert client_with_profile.put("/v1/checkins/b", a_checkin(on="2026-03-05")).status_code == 201


@pytest.mark.parametrize(
    "collection, body, field",
    [
        ("checkins", a_checkin(mood=11), "mood"),
        ("checkins", a_checkin(mood=-1), "mood"),
        ("checkins", a_checkin(mood="6"), "mood"),
        ("checkins", a_checkin(mood=5.5), "mood"),
        ("checkins", a_checkin(mood=True), "mood"),
        ("checkins", a_checkin(energy=12), "energy"),
        ("checkins", a_checkin(sleep_hours=25), "sleep_hours"),
        ("checkins", a_checkin(sleep_hours="7"), "sleep_hours"),
        ("checkins", a_checkin(went_well="x" * 501), "went_well"),
        ("checkins", a_checkin(note="x" * 2001), "note"),
        ("checkins", a_checkin(on="2026-02-30"), "local_date"),
        ("checkins", a_checkin(on="2026-03-02T10:00:00"), "local_date"),
        ("checkins", {"mood": 5}, "local_date"),
        ("moods", a_mood(at="2026-03-02T09:30:00"), "at"),
        ("moods", a_mood(at="yesterday"), "at"),
        ("moods", a_mood(rating=None), "rating"),
        ("moods", a_mood(emotions=["calm", "joyful"]), "emotions"),
        ("moods", a_mood(emotions=["calm", "sad", "tired", "happy", "proud", "bored"]), "emotions"),
        ("moods", a_mood(emotions=["calm", "calm"]), "emotions"),
        ("moods", a_mood(emotions="calm"), "emotions"),
        ("moods", a_mood(intensity=11), "intensity"),
        ("breathing", a_breathing(seconds=9), "duration_seconds"),
        ("breathing", a_breathing(seconds=7201), "duration_seconds"),
        ("breathing", a_breathing(technique="holotropic"), "technique"),
        ("breathing", a_breathing(stress_before=11), "stress_before"),
        ("breathing", a_breathing(stress_after=-2), "stress_after"),
        ("experiments", an_experiment(strength="charisma"), "strength"),
        ("experiments", an_experiment(strength="custom:"), "strength"),
        ("experiments", an_experiment(strength="custom:" + "x" * 61), "strength"),
        ("experiments", an_experiment(plan=""), "plan"),
        ("experiments", an_experiment(planned_for=None), "planned_for"),
    ],
)
def test_an_out_of_range_or_wrongly_typed_value_is_400_naming_the_field(client_with_profile, collection, body, field):
    response = client_with_profile.put(f"/v1/{collection}/e-1", body)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"], response.json


def test_a_mood_is_dated_at_the_offset_the_phone_sent(client_with_profile):
    late_evening_in_auckland = a_mood(at="2026-03-02T23:30:00+13:00")
    response = client_with_profile.put("/v1/moods/m-1", late_evening_in_auckland)
    assert response.json["local_date"] == "2026-03-02"
    assert response.json["at"] == "2026-03-02T23:30:00+13:00"


def test_a_custom_strength_with_a_label_is_accepted(client_with_profile):
    response = client_with_profile.put("/v1/experiments/x", an_experiment(strength="custom:staying with discomfort"))
    assert response.status_code == 201
    assert response.json["strength"] == "custom:staying with discomfort"


@pytest.mark.parametrize(
    "collection, body, field",
    [
        ("checkins", a_checkin(on="2026-03-12"), "local_date"),
        ("moods", a_mood(at="2026-03-12T08:00:00+01:00"), "at"),
        ("breathing", a_breathing(at="2026-03-12T08:00:00+01:00"), "started_at"),
        ("experiments", an_experiment(planned_for="2026-03-12"), "planned_for"),
    ],
)
def test_a_date_more_than_one_day_ahead_of_the_clients_today_is_refused(client_with_profile, collection, body, field):
    # The clock says 2026-03-10 12:00 UTC: 13:00 on the 10th in Berlin.
    response = client_with_profile.put(f"/v1/{collection}/e-1", body)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


def test_tomorrow_and_backfilled_past_dates_are_accepted(client_with_profile):
    assert client_with_profile.put("/v1/checkins/t", a_checkin(on="2026-03-11")).status_code == 201
    assert client_with_profile.put("/v1/checkins/old", a_checkin(on="2025-01-15")).status_code == 201


def test_today_is_the_clients_own_date_not_the_servers(new_user, clock):
    auckland = new_user()
    auckland.put("/v1/me", a_profile(timezone="Pacific/Auckland"))
    clock.set("2026-03-10T12:00:00+00:00")  # already 2026-03-11 01:00 in Auckland

    assert auckland.put("/v1/checkins/a", a_checkin(on="2026-03-12")).status_code == 201
    assert auckland.put("/v1/checkins/b", a_checkin(on="2026-03-13")).status_code == 400


class TestExperiments:
    def test_an_outcome_marks_the_experiment_done_and_a_retry_changes_nothing(self, client_with_profile):
        client_with_profile.put("/v1/experiments/x", an_experiment(planned_for="2026-03-08"))

        first = client_with_profile.put("/v1/experiments/x/outcome", an_outcome(done_on="2026-03-09", learned="It was fine"))
        again = client_with_profile.put("/v1/experiments/x/outcome", an_outcome(done_on="2026-03-09", learned="It was fine"))

        assert first.status_code == 201
        assert first.json["status"] == "done"
        assert first.json["outcome"]["learned"] == "It was fine"
        assert again.status_code == 200
        assert again.json == first.json

    def test_correcting_the_plan_keeps_the_outcome(self, client_with_profile):
        client_with_profile.put("/v1/experiments/x", an_experiment(planned_for="2026-03-08"))
        client_with_profile.put("/v1/experiments/x/outcome", an_outcome(done_on="2026-03-09"))

        corrected = client_with_profile.put("/v1/experiments/x", an_experiment(planned_for="2026-03-08", plan="Ask two"))

        assert corrected.json["outcome"]["done_on"] == "2026-03-09"
        assert corrected.json["status"] == "done"

    def test_an_outcome_for_an_unknown_experiment_is_404(self, client_with_profile):
        assert client_with_profile.put("/v1/experiments/nope/outcome", an_outcome()).status_code == 404

    @pytest.mark.parametrize("body, field", [
        (an_outcome(rating=11), "outcome_rating"),
        (an_outcome(what_happened=""), "what_happened"),
        (an_outcome(done_on="2026-03-20"), "done_on"),
        (an_outcome(status="done"), "status"),
    ])
    def test_an_invalid_outcome_is_refused_naming_the_field(self, client_with_profile, body, field):
        client_with_profile.put("/v1/experiments/x", an_experiment(planned_for="2026-03-08"))
        response = client_with_profile.put("/v1/experiments/x/outcome", body)
        assert response.status_code == 400
        assert field in response.json["error"]["fields"]

    def test_the_list_derives_planned_done_and_lapsed(self, client_with_profile):
        # Today is 2026-03-10 in Berlin.
        client_with_profile.put("/v1/experiments/soon", an_experiment(planned_for="2026-03-11"))
        client_with_profile.put("/v1/experiments/three-days-ago", an_experiment(planned_for="2026-03-07"))
        client_with_profile.put("/v1/experiments/four-days-ago", an_experiment(planned_for="2026-03-06"))
        client_with_profile.put("/v1/experiments/done", an_experiment(planned_for="2026-03-01"))
        client_with_profile.put("/v1/experiments/done/outcome", an_outcome(done_on="2026-03-02"))

        items = client_with_profile.get("/v1/experiments").json["items"]

        assert {item["id"]: item["status"] for item in items} == {
            "soon": "planned", "three-days-ago": "planned", "four-days-ago": "lapsed", "done": "done",
        }
        assert [item["id"] for item in items][0] == "soon"

    def test_deleting_the_outcome_returns_the_experiment_to_planned(self, client_with_profile):
        client_with_profile.put("/v1/experiments/x", an_experiment(planned_for="2026-03-09"))
        client_with_profile.put("/v1/experiments/x/outcome", an_outcome(done_on="2026-03-09"))

        assert client_with_profile.delete("/v1/experiments/x/outcome").status_code == 204
        assert client_with_profile.get("/v1/experiments/x").json["status"] == "planned"
        assert client_with_profile.delete("/v1/experiments/x/outcome").status_code == 404
