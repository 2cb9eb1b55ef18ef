"""GET /v1/former-clients: a therapist sees the session notes they kept about clients who erased,
under the name they knew, marked with the erasure date, latest erasure first; nothing the client wrote."""
from __future__ import annotations

import json

import pytest

from stepping_stones.storage import get_store
from tests.support.bodies import a_checkin, a_mood, a_profile
from tests.support.firestore_paths import all_documents
from tests.support.therapy import link


@pytest.fixture
def store_documents(app):
    """The paths of every document in the database, listed on demand."""
    store = get_store(app.config["SETTINGS"])
    return lambda: [path for path, _ in all_documents(store.client)]


def erase(user) -> None:
    response = user.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=user.headers)
    assert response.status_code == 200, response.json


def test_a_therapist_sees_their_notes_about_erased_clients_under_the_name_they_knew_latest_first(new_user, clock):
    therapist = new_user("therapist")
    ana, ben = new_user(), new_user()
    ana.put("/v1/me", a_profile(display_name="Ana"))
    ben.put("/v1/me", a_profile(display_name="Ben"))
    for client in (ana, ben):
        link(client, therapist, share_notes=True)
        client.put("/v1/checkins/c1", a_checkin(on="2026-03-09", note="what the client wrote"))
        client.put("/v1/moods/m1", a_mood())
    therapist.put(f"/v1/clients/{ana.uid}/sessions/2026-03-01", {"note": "Ana, first session"})
    therapist.put(f"/v1/clients/{ana.uid}/sessions/2026-03-08", {"note": "Ana, second session"})
    therapist.put(f"/v1/clients/{ben.uid}/sessions/2026-03-05", {"note": None})
    assert therapist.get("/v1/former-clients").json == {"items": []}

    erase(ana)
    clock.set("2026-03-12T09:00:00+00:00")
    erase(ben)

    response = therapist.get("/v1/former-clients")
    assert response.status_code == 200
    items = response.json["items"]
    assert [(i["display_name"], i["erased_on"], i["label"]) for i in items] == [
        ("Ben", "2026-03-12", "data erased on 2026-03-12"), ("Ana", "2026-03-10", "data erased on 2026-03-10")]
    assert items[0]["sessions"] == [{"date": "2026-03-05", "note": None}]
    assert items[1]["sessions"] == [{"date": "2026-03-08", "note": "Ana, second session"},
                                    {"date": "2026-03-01", "note": "Ana, first session"}]
    assert set(items[0]) == {"id", "display_name", "erased_on", "label", "sessions", "reflections"}
    text = json.dumps(items)
    assert ana.uid not in text and ben.uid not in text and "what the client wrote" not in text
    assert therapist.get("/v1/clients").json["items"] == []


def test_former_clients_are_the_therapists_own_and_closed_to_clients(new_user):
    therapist, other_therapist, client = new_user("therapist"), new_user("therapist"), new_user()
    client.put("/v1/me", a_profile(display_name="Cleo"))
    link(client, therapist)
    therapist.put(f"/v1/clients/{client.uid}/sessions/2026-03-01", {"note": "kept"})
    erase(client)

    assert [i["display_name"] for i in therapist.get("/v1/former-clients").json["items"]] == ["Cleo"]
    assert other_therapist.get("/v1/former-clients").json == {"items": []}
    still_a_client = new_user()
    refused = still_a_client.get("/v1/former-clients")
    assert refused.status_code == 403 and "therapist" in refused.json["error"]["message"]


def test_a_client_erased_without_notes_about_them_leaves_no_former_client_record(new_user):
    therapist, client = new_user("therapist"), new_user()
    client.put("/v1/me", a_profile(display_name="Dara"))
    link(client, therapist)
    erase(client)
    assert therapist.get("/v1/former-clients").json == {"items": []}


def test_a_therapists_erasure_removes_the_notes_they_kept_about_former_clients(new_user, store_documents):
    therapist, client = new_user("therapist"), new_user()
    client.put("/v1/me", a_profile(display_name="Eli"))
    link(client, therapist)
    therapist.put(f"/v1/clients/{client.uid}/sessions/2026-03-01", {"note": "kept"})
    erase(client)
    assert len(therapist.get("/v1/former-clients").json["items"]) == 1

    erase(therapist)

    assert [path for path in store_documents() if therapist.uid in path] == [f"erasures/{therapist.uid}"]
