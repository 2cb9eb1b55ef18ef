"""An experiment's prediction rating (0-10, optional): stored, refused out of range, synced, exported, and set
beside the outcome's rating in the therapist's review; experiments stored before it existed read as unrated."""
from __future__ import annotations

import json

import pytest
from google.cloud import firestore

from stepping_stones.storage import get_store
from tests.support.bodies import an_experiment, an_outcome
from tests.support.export_check import download, verify_export


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


def test_a_prediction_rating_is_stored_and_read_back_with_the_experiment(client_with_profile):
    saved = client_with_profile.put("/v1/experiments/x", an_experiment(planned_for="2026-03-08", prediction_rating=3))

    assert saved.status_code == 201
    assert saved.json["prediction_rating"] == 3
    assert client_with_profile.get("/v1/experiments/x").json["prediction_rating"] == 3
    assert client_with_profile.get("/v1/experiments").json["items"][0]["prediction_rating"] == 3


@pytest.mark.parametrize("rating", [0, 10])
def test_both_ends_of_the_scale_are_a_prediction_rating(client_with_profile, rating):
    saved = client_with_profile.put("/v1/experiments/x", an_experiment(prediction_rating=rating))
    assert (saved.status_code, saved.json["prediction_rating"]) == (201, rating)


@pytest.mark.parametrize("rating", [11, -1, 2.5, "3", True])
def test_a_prediction_rating_off_the_scale_is_400_naming_the_field_and_nothing_is_stored(client_with_profile, rating):
    response = client_with_profile.put("/v1/experiments/x", an_experiment(prediction_rating=rating))

    assert response.status_code == 400
    assert list(response.json["error"]["fields"]) == ["prediction_rating"]
    assert client_with_profile.get("/v1/experiments/x").status_code == 404


def test_an_experiment_planned_without_a_rating_has_a_null_one(client_with_profile):
    assert client_with_profile.put("/v1/experiments/x", an_experiment()).json["prediction_rating"] is None
    assert client_with_profile.put("/v1/experiments/y", an_experiment(prediction_rating=None)).json[
        "prediction_rating"] is None


def test_an_experiment_stored_before_prediction_ratings_reads_and_takes_an_outcome_as_unrated(
        client_with_profile, store):
    client_with_profile.put("/v1/experiments/old", an_experiment(planned_for="2026-03-08"))
    document = store.paths.entry(client_with_profile.uid, "experiment", "old")
    document.update({"record.prediction_rating": firestore.DELETE_FIELD})
    assert "prediction_rating" not in document.get().to_dict()["record"]

    assert client_with_profile.get("/v1/experiments/old").json["prediction_rating"] is None
    done = client_with_profile.put("/v1/experiments/old/outcome", an_outcome(done_on="2026-03-09", rating=6))
    assert done.status_code == 201, done.json
    assert (done.json["prediction_rating"], done.json["outcome"]["outcome_rating"]) == (None, 6)


def test_recording_the_outcome_keeps_the_prediction_rating_beside_it(client_with_profile):
    client_with_profile.put("/v1/experiments/x", an_experiment(planned_for="2026-03-08", prediction_rating=3))

    done = client_with_profile.put("/v1/experiments/x/outcome", an_outcome(done_on="2026-03-09", rating=7)).json

    assert (done["prediction_rating"], done["outcome"]["outcome_rating"]) == (3, 7)


def test_a_sync_batch_stores_each_rating_and_refuses_only_the_item_off_the_scale(client_with_profile):
    operations = [
        {"method": "PUT", "path": "/v1/experiments/a", "body": an_experiment(prediction_rating=2)},
        {"method": "PUT", "path": "/v1/experiments/b", "body": an_experiment(prediction_rating=11)},
        {"method": "PUT", "path": "/v1/experiments/c", "body": an_experiment()},
        {"method": "PUT", "path": "/v1/experiments/d", "body": an_experiment(prediction_rating=-1)},
    ]

    results = client_with_profile.post("/v1/sync", {"operations": operations}).json["results"]

    assert [r["status"] for r in results] == [201, 400, 201, 400]
    assert results[0]["body"]["prediction_rating"] == 2
    assert results[2]["body"]["prediction_rating"] is None
    assert list(results[1]["body"]["error"]["fields"]) == ["prediction_rating"]
    assert list(results[3]["body"]["error"]["fields"]) == ["prediction_rating"]
    assert sorted(item["id"] for item in client_with_profile.get("/v1/experiments").json["items"]) == ["a", "c"]


def test_the_export_holds_the_prediction_rating(client_with_profile):
    client_with_profile.put("/v1/experiments/x", an_experiment(prediction_rating=4))

    [experiment] = [r["data"] for r in verify_export(download(client_with_profile))
                    if r["collection"] == "entries" and r["data"]["kind"] == "experiment"]

    assert experiment["record"]["prediction_rating"] == 4, json.dumps(experiment)


@pytest.mark.parametrize("share_notes", [False])
def test_the_review_sets_the_prediction_rating_beside_the_outcome_rating_even_without_note_sharing(
        linked, therapist):
    linked.put("/v1/experiments/done", an_experiment(planned_for="2026-03-08", prediction_rating=3))
    linked.put("/v1/experiments/done/outcome", an_outcome(done_on="2026-03-09", rating=7))
    linked.put("/v1/experiments/soon", an_experiment(planned_for="2026-03-10"))

    review = therapist.get(f"/v1/clients/{linked.uid}/review").json

    ratings = {e["id"]: (e["prediction_rating"], e["outcome_rating"]) for e in review["experiments"]}
    assert ratings == {"done": (3, 7), "soon": (None, None)}
    [entry] = [e for e in therapist.get(f"/v1/clients/{linked.uid}/entries").json["items"] if e["id"] == "done"]
    assert (entry["prediction_rating"], entry["prediction"]) == (3, None)


def test_a_suggested_experiment_taken_as_the_clients_own_version_keeps_their_rating_and_the_therapist_cannot_set_one(
        linked, therapist):
    suggest = f"/v1/clients/{linked.uid}/suggestions/sg1"
    proposal = {"strength": "curiosity", "plan": "Ask one question at dinner", "planned_for": "2026-03-11"}
    refused = therapist.put(suggest, {"experiment": {**proposal, "prediction_rating": 5}})
    assert refused.status_code == 400 and "prediction_rating" in refused.json["error"]["fields"]["experiment"]
    assert therapist.put(suggest, {"experiment": proposal}).status_code == 201

    mine = {**proposal, "prediction": "It will feel awkward", "prediction_rating": 4}
    taken = linked.post("/v1/me/suggestions/sg1/take", {"experiment": mine})

    assert taken.status_code == 200, taken.json
    assert linked.get("/v1/experiments/sg1").json["prediction_rating"] == 4
