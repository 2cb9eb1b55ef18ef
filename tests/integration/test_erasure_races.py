"""An erasure no race undoes (issue 20): two app instances on one emulator, a writer paused between
its reads and its write while the other instance erases the account to `done`; afterwards a full
listing of the emulator finds no document naming the uid but `erasures/{uid}`."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone

import pytest
from google.cloud.firestore_v1.batch import WriteBatch
from google.cloud.firestore_v1.document import DocumentReference

from stepping_stones.app import create_app
from stepping_stones.services import erasure
from stepping_stones.storage import StoreTransaction, get_store
from tests.support.api import ApiUser
from tests.support.bodies import a_mood
from tests.support.firestore_paths import all_documents
from tests.support.therapy import link
from tools.erasure_runner import ErasureRunner

# How long a paused writer waits for the erasure to finish. An erasure that needs a document the
# writer holds in its transaction waits for the writer instead (the emulator then refuses the
# erasure's write after ~2 s and it is sent again): the writer goes on after this bound.
PAUSE_BOUND_SECONDS = 3.0
THERAPIST = {"display_name": "Dr Rua", "timezone": "Pacific/Auckland"}


class PausedWriter:
    """Holds the writer thread at its first write that touches `fragment` (a unit of work's commit,
    a batch, or a single document's set) until the erasure is done, then lets it write."""

    def __init__(self, monkeypatch, fragment: str):
        self.fragment, self.erased, self.paused = fragment, threading.Event(), threading.Event()
        self.writer: threading.Thread | None = None
        original_commit, original_set = StoreTransaction.commit, DocumentReference.set

        def commit(tx):
            self._maybe_pause(tx._writes)
            return original_commit(tx)

        def set_(ref, *args, **kwargs):
            self._maybe_pause([ref.path])
            return original_set(ref, *args, **kwargs)

        def batch_commit(batch, *args, **kwargs):
            self._maybe_pause([pb.update.name or pb.delete for pb in batch._write_pbs])
            return original_batch_commit(batch, *args, **kwargs)

        original_batch_commit = WriteBatch.commit
        monkeypatch.setattr(StoreTransaction, "commit", commit)
        monkeypatch.setattr(DocumentReference, "set", set_)
        monkeypatch.setattr(WriteBatch, "commit", batch_commit)

    def _maybe_pause(self, paths) -> None:
        if threading.current_thread() is self.writer and not self.paused.is_set() and any(
                self.fragment in path for path in paths):
            self.paused.set()
            self.erased.wait(PAUSE_BOUND_SECONDS)

    def run(self, write) -> dict:
        """Start `write()` in the writer thread; returns a dict that will hold its response."""
        outcome: dict = {}

        def target():
            outcome["response"] = write()

        self.writer = threading.Thread(target=target)
        self.writer.start()
        return outcome


@pytest.fixture
def second_http(app):
    """A second instance of the app (its own Flask app and test client) on the same emulator."""
    other = create_app({"SETTINGS": app.config["SETTINGS"], "CLOCK": app.config["CLOCK"], "TESTING": True})
    return other.test_client()


def erase_to_done(user: ApiUser, store, race: PausedWriter) -> None:
    """Once the writer is paused: erase the account from the other instance, and run the job (as the
    trigger and the sweep do) until it is done."""
    assert race.paused.wait(30), "the writer never reached its write"
    response = user.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=user.headers)
    assert response.status_code in (200, 202), response.json
    runner = ErasureRunner(store, lambda uid: True)
    for _ in range(50):
        if store.get_erasure(user.uid)["state"] == erasure.DONE:
            break
        runner.run_once()
    assert store.get_erasure(user.uid)["state"] == erasure.DONE
    race.erased.set()
    race.writer.join(30)


def documents_naming(store, uid: str) -> list[str]:
    return [path for path, data in all_documents(store.client)
            if path != f"erasures/{uid}" and (uid in path or uid in json.dumps(data, default=str))]


def on(user: ApiUser, http) -> ApiUser:
    """The same signed-in user, calling the other instance."""
    twin = ApiUser.__new__(ApiUser)
    twin.http, twin.uid, twin.role, twin.headers = http, user.uid, user.role, user.headers
    return twin


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


@pytest.fixture
def write_while_erasing(monkeypatch, second_http, store):
    """write_while_erasing(user, fragment, write): runs `write()`, pauses it at its first write touching
    `fragment`, erases `user`'s account to `done` from the other instance, then lets the write go on;
    returns the write's response."""
    def run(user: ApiUser, fragment: str, write):
        race = PausedWriter(monkeypatch, fragment)
        outcome = race.run(write)
        erase_to_done(on(user, second_http), store, race)
        return outcome["response"]
    return run


@pytest.fixture
def linked(client_with_profile, new_user):
    therapist = new_user("therapist")
    assert therapist.put("/v1/therapist/profile", {**THERAPIST, "display_name": "Dr Rua"}).status_code == 201
    link(client_with_profile, therapist, share_notes=True)
    return client_with_profile, therapist


def test_a_review_in_flight_when_the_client_erases_leaves_no_access_log_line(linked, write_while_erasing, store):
    client, therapist = linked
    response = write_while_erasing(client, "/access_log/", lambda: therapist.get(f"/v1/clients/{client.uid}/review"))
    assert response.status_code in (200, 404)
    assert documents_naming(store, client.uid) == []


def test_a_therapists_rename_while_the_client_erases_writes_no_link_back(linked, write_while_erasing, store):
    client, therapist = linked
    response = write_while_erasing(client, "/therapists/", lambda: therapist.put(
        "/v1/therapist/profile", {**THERAPIST, "display_name": "Dr Rua Tane"}))
    assert response.status_code == 200
    assert documents_naming(store, client.uid) == []


def test_a_code_used_while_its_therapist_erases_leaves_no_link_to_them(client_with_profile, new_user,
                                                                       write_while_erasing, store):
    therapist = new_user("therapist")
    assert therapist.put("/v1/therapist/profile", {**THERAPIST, "display_name": "Dr Rua"}).status_code == 201
    code = therapist.post("/v1/invites").json["code"]
    response = write_while_erasing(therapist, "/therapists/", lambda: client_with_profile.post(
        "/v1/links", {"code": code, "share_notes": False}))
    assert response.status_code in (201, 400)
    assert documents_naming(store, therapist.uid) == []
    assert client_with_profile.get("/v1/links").json["items"] == []


def test_a_code_of_a_therapist_whose_erasure_runs_no_longer_links(client_with_profile, new_user, store):
    therapist = new_user("therapist")
    code = therapist.post("/v1/invites").json["code"]
    store.start_erasure(therapist.uid, {"state": erasure.RUNNING, "role": "therapist",
                                        "requested_at": datetime.now(timezone.utc), "deleted_documents": 0,
                                        "chunks": 0, "links_ended": False, "lease_until": None})
    assert client_with_profile.get(f"/v1/invites/{code}").status_code == 404
    assert client_with_profile.post("/v1/links", {"code": code, "share_notes": False}).status_code == 400


def test_a_device_registered_while_the_account_erases_does_not_survive(client_with_profile, write_while_erasing,
                                                                       store):
    response = write_while_erasing(client_with_profile, "/devices/", lambda: client_with_profile.put(
        "/v1/devices/phone-1", {"fcm_token": "fcm-token-1", "platform": "ios"}))
    assert response.status_code in (200, 201, 410)
    assert documents_naming(store, client_with_profile.uid) == []


def test_an_entry_with_its_wins_and_notifications_saved_while_the_account_erases_does_not_survive(
        client_with_profile, write_while_erasing, store, clock):
    path, body = "/v1/moods/m1", a_mood(at=(clock.current - timedelta(hours=1)).isoformat(), rating=1)
    response = write_while_erasing(client_with_profile, "/entries/", lambda: client_with_profile.put(path, body))
    assert response.status_code in (200, 201, 410), response.json
    assert documents_naming(store, client_with_profile.uid) == []


def test_a_questionnaire_answered_while_the_account_erases_does_not_survive(client_with_profile,
                                                                             write_while_erasing, store):
    response = write_while_erasing(client_with_profile, "/private/measures", lambda: client_with_profile.put(
        "/v1/me/measures/answers/q1", {"measure": "gad7", "answers": {"69725-0": 2}}))
    assert response.status_code in (200, 201, 410), response.json
    assert documents_naming(store, client_with_profile.uid) == []


def test_a_measure_assigned_while_the_client_erases_does_not_survive(linked, write_while_erasing, store):
    client, therapist = linked
    response = write_while_erasing(client, "/private/measures", lambda: therapist.put(
        f"/v1/clients/{client.uid}/measures/phq9", {"rhythm": "weekly"}))
    assert response.status_code in (200, 404, 410), response.json
    assert documents_naming(store, client.uid) == []


def test_a_safety_plan_written_while_the_account_erases_does_not_survive(client_with_profile, write_while_erasing,
                                                                         store):
    body = {"warning_signs": ["Nights without sleep"], "people_to_ask": [{"name": "Sam", "phone": "+44 7700 900123"}]}
    response = write_while_erasing(client_with_profile, "/private/safety_plan",
                                   lambda: client_with_profile.put("/v1/me/safety-plan", body))
    assert response.status_code in (200, 201, 410), response.json
    assert documents_naming(store, client_with_profile.uid) == []


def test_an_agenda_item_added_while_the_client_erases_does_not_survive(client_with_profile, write_while_erasing,
                                                                       store):
    response = write_while_erasing(client_with_profile, "/agenda/", lambda: client_with_profile.put(
        "/v1/me/agenda/a1", {"text": "The weekend", "local_date": "2026-03-09"}))
    assert response.status_code in (201, 410), response.json
    assert documents_naming(store, client_with_profile.uid) == []


@pytest.mark.parametrize("fragment, path, body, kept_in, written", [
    ("/sessions/", "sessions/2026-03-09", {"note": "Talked about the garden."}, "sessions", (200, 201)),
    ("/reflections/", "sessions/2026-03-09/reflection", {"what_i_felt": "Unsettled"}, "reflections", (201,)),
], ids=["session-note", "reflection"])
def test_a_session_note_or_reflection_written_while_the_client_erases_ends_up_detached_never_naming_them(
        linked, write_while_erasing, store, fragment, path, body, kept_in, written):
    client, therapist = linked
    response = write_while_erasing(client, fragment, lambda: therapist.put(f"/v1/clients/{client.uid}/{path}", body))
    assert documents_naming(store, client.uid) == []
    ((field, text),) = body.items()
    kept = [r[field] for record in therapist.get("/v1/former-clients").json["items"] for r in record[kept_in]]
    if response.status_code in written:  # landed: kept, detached, under former clients
        assert kept == [text]
    else:  # refused: the link was already gone
        assert response.status_code == 404 and kept == []
