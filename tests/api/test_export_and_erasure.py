"""Export of everything stored about a user, and erasure that leaves nothing of theirs behind."""
from __future__ import annotations

import json
from datetime import date

import pytest

from stepping_stones.storage import get_store
from tests.support.bodies import a_breathing, a_checkin, a_mood, an_experiment, an_outcome
from tests.support.firestore_paths import all_documents
from tests.support.history import daily_records, import_history
from tests.support.therapy import link


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


def a_full_record(user):
    user.put("/v1/checkins/c", a_checkin(on="2026-03-09", note="client secret note"))
    user.put("/v1/moods/m", a_mood(emotions=["calm"]))
    user.put("/v1/breathing/b", a_breathing(stress_before=6, stress_after=3))
    user.put("/v1/experiments/x", an_experiment(planned_for="2026-03-08"))
    user.put("/v1/experiments/x/outcome", an_outcome(done_on="2026-03-08"))
    user.put("/v1/goals/g", {"title": "Walk", "why": "Energy"})
    user.put("/v1/goals/g/steps/s", {"title": "Round the block", "done_when": "Back home"})
    user.put("/v1/me/away/a", {"from": "2026-03-01", "to": "2026-03-02"})


def exported(user) -> dict:
    response = user.get("/v1/me/export")
    assert response.status_code == 200 and response.is_streamed
    return json.loads(response.get_data())


def test_the_export_holds_every_kind_of_record_with_a_schema_version(client_with_profile, new_user):
    a_full_record(client_with_profile)
    therapist = new_user("therapist")
    link(client_with_profile, therapist)
    therapist.get(f"/v1/clients/{client_with_profile.uid}/review")

    export = exported(client_with_profile)

    assert export["schema_version"] == 1 and export["uid"] == client_with_profile.uid
    collections = {d["collection"] for d in export["documents"]}
    assert {"", "entries", "private", "wins", "goals", "away", "therapists", "access_log"} <= collections
    kinds = {d["data"]["kind"] for d in export["documents"] if d["collection"] == "entries"}
    assert kinds == {"checkin", "mood", "breathing", "experiment"}
    summary = next(d for d in export["documents"] if d["collection"] == "private" and d["id"] == "summary")
    assert isinstance(summary["data"]["state"], dict)
    assert "client secret note" in json.dumps(export)


def test_three_years_of_daily_data_export_as_a_stream(client_with_profile, store):
    import_history(store, client_with_profile.uid, daily_records(date(2026, 3, 9), 3 * 365), date(2026, 3, 10))

    response = client_with_profile.get("/v1/me/export")
    chunks = list(response.response)

    assert response.is_streamed and len(chunks) > 3000  # a document a chunk, never one big string
    documents = json.loads(b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks))["documents"]
    assert sum(1 for d in documents if d["collection"] == "entries") == 3 * 365 * 3


def test_erasure_needs_an_explicit_confirmation(client_with_profile):
    assert client_with_profile.http.delete("/v1/me", json={}, headers=client_with_profile.headers).status_code == 400
    response = client_with_profile.http.delete("/v1/me", json={"confirm": "yes"}, headers=client_with_profile.headers)
    assert response.status_code == 400 and "confirm" in response.json["error"]["fields"]
    assert client_with_profile.get("/v1/me").status_code == 200


def erase(user):
    response = user.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=user.headers)
    assert response.status_code == 200, response.json
    return response.json


def test_a_clients_erasure_leaves_no_document_that_belongs_to_them(client_with_profile, new_user, store):
    a_full_record(client_with_profile)
    therapist = new_user("therapist")
    link(client_with_profile, therapist, share_notes=True)
    therapist.put(f"/v1/clients/{client_with_profile.uid}/sessions/2026-03-01", {"note": "first session"})
    therapist.get(f"/v1/clients/{client_with_profile.uid}/review")

    assert erase(client_with_profile)["deleted_documents"] > 10

    leftovers = [path for path, data in all_documents(store.client)
                 if client_with_profile.uid in path or client_with_profile.uid in json.dumps(data, default=str)]
    assert leftovers == []
    assert therapist.get("/v1/clients").json["items"] == []
    assert client_with_profile.get("/v1/me").status_code == 409


def test_a_therapists_erasure_ends_links_without_touching_clients_data(client_with_profile, new_user, store):
    a_full_record(client_with_profile)
    therapist = new_user("therapist")
    link(client_with_profile, therapist)
    therapist.put(f"/v1/clients/{client_with_profile.uid}/sessions/2026-03-01", {"note": "private note"})
    entries_before = client_with_profile.get("/v1/timeline").json["items"]

    erase(therapist)

    paths = [path for path, _ in all_documents(store.client)]
    assert not [p for p in paths if therapist.uid in p]
    assert client_with_profile.get("/v1/links").json["items"] == []
    assert client_with_profile.get("/v1/timeline").json["items"] == entries_before
    assert client_with_profile.get("/v1/me/access-log").status_code == 200
