"""Erasure against the real Auth emulator (issue 13 item 3): a client who signed up, wrote entries
and erased is gone from Firebase Auth and from Firestore (only the `erasures/{uid}` record, which keeps
the account erased, names the uid), and a retry after a half-finished erasure completes it."""
from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest
from firebase_admin import auth as firebase_auth

from stepping_stones.firebase_app import get_firebase_app
from stepping_stones.services import erasure
from stepping_stones.storage import get_store
from tests.support.api import ApiUser
from tests.support.bodies import a_breathing, a_checkin, a_mood, a_profile, an_experiment
from tests.support.firestore_paths import all_documents
from tests.support.therapy import link

pytestmark = [pytest.mark.emulator, pytest.mark.real_sign_ins]

PASSWORD = "a-long-password-2026"


@pytest.fixture
def signed_up(auth_emulator, http, clock):
    """A client who signed up in the Auth emulator as the app does (a real ID token), with a profile
    and entries written through the API. The app's clock is set to the real time: the erasure record
    compares its time with the token's real sign-in time."""
    clock.current = datetime.now(timezone.utc)
    today = clock.current.date().isoformat()

    def make(label: str) -> ApiUser:
        uid, token = auth_emulator.sign_up(f"{label}-{time.time_ns()}@practice.test", PASSWORD)
        user = ApiUser(http, uid, "client")
        user.headers = {"Authorization": f"Bearer {token}"}
        assert user.put("/v1/me", a_profile(display_name="Ana")).status_code == 201
        for path, body in [("/v1/checkins/c1", a_checkin(on=today, note="client note")),
                           ("/v1/moods/m1", a_mood()), ("/v1/moods/m2", a_mood()),
                           ("/v1/breathing/b1", a_breathing()),
                           ("/v1/experiments/x1", an_experiment(planned_for=today))]:
            response = user.put(path, body)
            assert response.status_code == 201, (path, response.json)
        return user
    return make


@pytest.fixture
def app_parts(app):
    settings = app.config["SETTINGS"]
    return get_store(settings), get_firebase_app(settings)


def in_auth(uid: str, firebase_app) -> bool:
    try:
        firebase_auth.get_user(uid, app=firebase_app)
    except firebase_auth.UserNotFoundError:
        return False
    return True


def documents_naming(store, uid: str) -> list[str]:
    return [path for path, data in all_documents(store.client) if uid in path or uid in json.dumps(data, default=str)]


def erase(user, expected_status: int) -> dict:
    response = user.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=user.headers)
    assert response.status_code == expected_status, response.json
    return response.json


def test_an_erased_client_is_gone_from_auth_and_firestore(signed_up, new_user, app_parts):
    store, firebase_app = app_parts
    client = signed_up("erase-me")
    therapist = new_user("therapist")
    link(client, therapist, share_notes=True)
    assert in_auth(client.uid, firebase_app) and len(documents_naming(store, client.uid)) > 8

    answer = erase(client, 200)

    assert answer["state"] == "done"
    assert not in_auth(client.uid, firebase_app)
    assert documents_naming(store, client.uid) == [f"erasures/{client.uid}"]  # the record that keeps it erased
    assert therapist.get("/v1/clients").json["items"] == []


def test_a_retry_after_a_half_finished_erasure_completes_it(signed_up, app_parts, monkeypatch):
    store, firebase_app = app_parts
    client = signed_up("half-erased")
    before = len(documents_naming(store, client.uid))
    monkeypatch.setattr(erasure, "INLINE_SECONDS", 0.0)  # one step of deleting, then the request ends
    monkeypatch.setattr(erasure, "WALK_LIMIT", 2)  # and a step deletes two documents

    first = erase(client, 202)

    assert first["state"] == "running" and 0 < first["deleted_documents"] < before
    assert in_auth(client.uid, firebase_app)  # the sign-in goes last, after the data
    assert client.get("/v1/me").status_code == 410

    monkeypatch.setattr(erasure, "INLINE_SECONDS", 15.0)
    second = erase(client, 200)  # the phone retries

    assert second["state"] == "done" and second["requested_at"] == first["requested_at"]
    assert second["deleted_documents"] == before
    assert not in_auth(client.uid, firebase_app)
    assert documents_naming(store, client.uid) == [f"erasures/{client.uid}"]
    assert erase(client, 200) == second  # and again: the same finished erasure, nothing else happens
