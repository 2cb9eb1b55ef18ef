"""A therapist's reflection (the worksheet of seed 001) is their own record, like psychotherapy notes: never on a
client route, in an export, a push, the access log or another therapist's answer; kept, detached, after the client
erases; deleted with the therapist's own account."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from stepping_stones.services import delivery, digests, reminders
from stepping_stones.storage import get_store
from tests.support.bodies import a_checkin, a_mood, a_profile
from tests.support.client_routes import every_client_answer, every_therapist_answer
from tests.support.firestore_paths import all_documents
from tests.support.push_fake import FakeFcm
from tests.support.therapy import link

MARKER = "REFLECTION-MARKER-7Q"
PROMPTS = {"what_happened": f"They said the steps were pointless {MARKER}", "what_i_felt": "Defensive",
           "story_i_told_myself": "I'm not good enough", "client_might_be_communicating": "The pace is too fast",
           "try_next_time": "Ask what would feel doable"}


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


def erase(user) -> None:
    assert user.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=user.headers).status_code == 200


def test_a_reflection_keeps_the_worksheets_five_optional_prompts_beside_a_session_or_a_moment(linked, therapist):
    session = therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-09/reflection", PROMPTS)
    assert session.status_code == 201
    assert {k: session.json[k] for k in PROMPTS} == PROMPTS and session.json["kind"] == "session"
    moment = therapist.put(f"/v1/clients/{linked.uid}/moments/2026-03-05/reflection", {"what_i_felt": "Worried"})
    assert moment.status_code == 201 and moment.json["what_happened"] is None
    assert therapist.put(f"/v1/clients/{linked.uid}/moments/2026-03-05/reflection",
                         {"what_i_felt": "Worried, then calm"}).status_code == 200

    listed = therapist.get(f"/v1/clients/{linked.uid}/reflections").json["items"]
    assert [(r["kind"], r["date"], r["what_i_felt"]) for r in listed] == [
        ("session", "2026-03-09", "Defensive"), ("moment", "2026-03-05", "Worried, then calm")]

    assert therapist.put(f"/v1/clients/{linked.uid}/moments/2026-03-05/reflection", {}).status_code == 204
    assert [r["kind"] for r in therapist.get(f"/v1/clients/{linked.uid}/reflections").json["items"]] == ["session"]


def test_only_the_linked_therapist_keeps_a_reflection_about_a_client(linked, new_user):
    stranger = new_user("therapist")
    assert stranger.put(f"/v1/clients/{linked.uid}/sessions/2026-03-09/reflection", PROMPTS).status_code == 404
    assert stranger.get(f"/v1/clients/{linked.uid}/reflections").status_code == 404


def test_a_reflection_appears_in_no_client_route_export_push_access_log_or_other_therapists_answer(
        app, new_user, store, monkeypatch):
    fcm = FakeFcm()
    monkeypatch.setattr(delivery, "send_push", fcm)
    client, writer, colleague = new_user(), new_user("therapist"), new_user("therapist")
    client.put("/v1/me", a_profile(reminder_time="09:00"))
    for therapist in (writer, colleague):
        therapist.put("/v1/therapist/profile", {"display_name": f"Dr {therapist.uid[-2:]}", "timezone": "Europe/Berlin"})
        link(client, therapist, share_notes=True)
    for user, token in ((client, "client-token"), (writer, "writer-token"), (colleague, "colleague-token")):
        assert user.put("/v1/devices/d1", {"fcm_token": token, "platform": "ios"}).status_code == 201
    client.put("/v1/checkins/c1", a_checkin(on="2026-03-09", mood=1))
    client.put("/v1/moods/m1", a_mood(at="2026-03-09T10:00:00+01:00", rating=1))

    therapist_sessions = f"/v1/clients/{client.uid}/sessions/2026-03-09"
    writer.put(therapist_sessions, {"note": None})
    writer.put(f"{therapist_sessions}/reflection", PROMPTS)
    writer.put(f"/v1/clients/{client.uid}/moments/2026-03-09/reflection", {"what_i_felt": MARKER})
    assert MARKER in writer.get(f"/v1/clients/{client.uid}/reflections").get_data(as_text=True)

    later = datetime(2026, 3, 11, 8, 30, tzinfo=timezone.utc)  # the client's reminder and the therapists' digests
    for job in (reminders.send_reminders, digests.send_digests, delivery.sweep_outbox):
        job(store, later)

    assert fcm.payloads, "pushes were sent, and none carries the reflection"
    assert MARKER not in json.dumps(fcm.payloads)
    assert MARKER not in every_client_answer(app, client, writer)
    assert MARKER not in every_therapist_answer(app, colleague, client)
    log = client.get("/v1/me/access-log", limit=100).json["items"]
    assert all("reflection" not in record["what"] for record in log)


def test_a_clients_erasure_keeps_the_reflection_detached_and_the_therapists_own_erasure_deletes_it(
        linked, therapist, store):
    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-09/reflection", PROMPTS)

    erase(linked)
    kept = [(path, data) for path, data in all_documents(store.client) if "/reflections/" in path]
    assert len(kept) == 1 and linked.uid not in json.dumps(kept[0], default=str)
    former = therapist.get("/v1/former-clients").json["items"]
    assert [r["what_happened"] for r in former[0]["reflections"]] == [PROMPTS["what_happened"]]

    erase(therapist)
    assert not [path for path, _ in all_documents(store.client) if "/reflections/" in path]
