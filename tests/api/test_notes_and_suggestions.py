"""The therapist answers: a note on a win or a moment reaches the client's inbox, and a suggestion
(step, experiment, goal) becomes the client's own only when they take it, through the offline path."""
from __future__ import annotations

import pytest

from stepping_stones.domain import bounds
from stepping_stones.services import delivery
from stepping_stones.storage import get_store
from tests.support.bodies import a_checkin
from tests.support.export_check import download, verify_export
from tests.support.push_fake import FakeFcm

NAME = "Dr Rua Tane"
A_GOAL = {"goal": {"title": "Walk in the mornings", "why": "Energy for the day"}}
AN_EXPERIMENT = {"experiment": {"strength": "curiosity", "plan": "Ask one question at lunch", "planned_for": "2026-03-12"}}


@pytest.fixture
def therapist(therapist):
    """The shared therapist, named."""
    assert therapist.put("/v1/therapist/profile", {"display_name": NAME, "timezone": "Europe/Berlin"}).status_code == 201
    return therapist


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


@pytest.fixture
def fcm(monkeypatch):
    fake = FakeFcm()
    monkeypatch.setattr(delivery, "send_push", fake)
    return fake


def op(method: str, path: str, body=None) -> dict:
    return {"method": method, "path": path, "body": body}


def sync(client, *operations) -> list[dict]:
    response = client.post("/v1/sync", {"operations": list(operations)})
    assert response.status_code == 200, response.json
    return response.json["results"]


def notes_in_inbox(client) -> list[dict]:
    return [item for item in client.get("/v1/notifications").json["items"] if item["type"] == "therapist_note"]


def a_win(client, therapist) -> dict:
    client.put("/v1/checkins/c1", a_checkin(on="2026-03-10"))
    return therapist.get(f"/v1/clients/{client.uid}/review").json["wins"][0]


def test_a_note_on_a_win_reaches_the_inbox_as_a_note_from_the_therapist_and_its_push_carries_no_words(
        linked, therapist, store, fcm, clock):
    linked.put("/v1/devices/phone", {"fcm_token": "phone-token", "platform": "ios"})
    win = a_win(linked, therapist)
    words = "That first walk took courage. Let us talk about how it felt."

    assert therapist.post(f"/v1/clients/{linked.uid}/wins/{win['id']}/review", {"note": words}).status_code == 200

    (note,) = notes_in_inbox(linked)
    assert (note["title"], note["body"], note["read_at"]) == (f"A note from {NAME}", words, None)
    assert note["about"] == win["message"]
    assert delivery.deliver(store, linked.uid, note["id"], clock.now()) == "sent"
    (payload,) = fcm.payloads
    assert payload["body"] == "A note is waiting for you in Stepping Stones"
    assert "walk" not in str(payload).lower() and NAME not in str(payload) and win["message"] not in str(payload)

    # The same note again changes nothing; new words replace the old and show it as new, with no second push.
    therapist.post(f"/v1/clients/{linked.uid}/wins/{win['id']}/review", {"note": words})
    linked.post(f"/v1/notifications/{note['id']}/read", {})
    therapist.post(f"/v1/clients/{linked.uid}/wins/{win['id']}/review", {"note": "A second thought."})
    (edited,) = notes_in_inbox(linked)
    assert (edited["id"], edited["body"], edited["read_at"]) == (note["id"], "A second thought.", None)
    assert delivery.deliver(store, linked.uid, note["id"], clock.now()) != "sent" and len(fcm.payloads) == 1


def test_a_note_on_a_moment_reaches_the_inbox_and_an_acknowledgement_without_words_sends_nothing(linked, therapist):
    linked.put("/v1/checkins/c1", a_checkin(on="2026-03-04", mood=1))
    linked.put("/v1/checkins/c2", a_checkin(on="2026-03-05", mood=0))
    moments = f"/v1/clients/{linked.uid}/moments"

    assert therapist.post(f"{moments}/2026-03-04/acknowledge", {"note": "I saw Wednesday. I'm here."}).status_code == 200
    assert therapist.post(f"{moments}/2026-03-05/acknowledge", {}).status_code == 200
    assert therapist.post(f"{moments}/2026-03-05/acknowledge", {"note": "   "}).status_code == 200

    (note,) = notes_in_inbox(linked)
    assert (note["title"], note["body"]) == (f"A note from {NAME}", "I saw Wednesday. I'm here.")
    assert note["about"] == "Your entries of Wednesday 4 March 2026" and "mood" not in note["about"].lower()


def test_a_note_is_marked_read_through_sync_and_again_is_harmless(linked, therapist):
    win = a_win(linked, therapist)
    therapist.post(f"/v1/clients/{linked.uid}/wins/{win['id']}/review", {"note": "Well noticed."})
    (note,) = notes_in_inbox(linked)

    first, again = sync(linked, op("POST", f"/v1/notifications/{note['id']}/read"),
                        op("POST", f"/v1/notifications/{note['id']}/read"))

    assert first["status"] == again["status"] == 200 and first["body"]["read_at"] == again["body"]["read_at"]
    assert notes_in_inbox(linked)[0]["read_at"] == first["body"]["read_at"]


def test_unread_notes_from_one_therapist_are_bounded_and_reading_one_frees_a_place(linked, therapist, monkeypatch):
    from stepping_stones.services import notes
    monkeypatch.setattr(notes, "UNREAD_NOTES", bounds.Bound("notes", 1, "therapist and client", "test"))
    for day in ("2026-03-04", "2026-03-05"):
        linked.put(f"/v1/checkins/{day}", a_checkin(on=day, mood=0))
    moments = f"/v1/clients/{linked.uid}/moments"
    therapist.post(f"{moments}/2026-03-04/acknowledge", {"note": "One."})

    refused = therapist.post(f"{moments}/2026-03-05/acknowledge", {"note": "Two."})
    linked.post(f"/v1/notifications/{notes_in_inbox(linked)[0]['id']}/read", {})
    accepted = therapist.post(f"{moments}/2026-03-05/acknowledge", {"note": "Two."})

    assert (refused.status_code, refused.json["error"]["code"]) == (409, "limit_reached")
    assert "notes" in refused.json["error"]["fields"]
    assert accepted.status_code == 200 and len(notes_in_inbox(linked)) == 2


def test_a_suggested_goal_is_not_the_clients_until_taken_and_taking_it_twice_through_sync_adds_it_once(
        linked, therapist):
    offered = therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg1", A_GOAL)
    assert offered.status_code == 201 and offered.json["suggested_by"] == f"Suggested by {NAME}"
    assert therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg1", A_GOAL).status_code == 200
    assert linked.get("/v1/goals").json["items"] == []
    (waiting,) = linked.get("/v1/me/suggestions").json["items"]
    assert (waiting["id"], waiting["state"], waiting["goal"]["title"]) == ("sg1", "open", "Walk in the mornings")

    first, again = sync(linked, op("POST", "/v1/me/suggestions/sg1/take", {}),
                        op("POST", "/v1/me/suggestions/sg1/take", {}))

    assert first["status"] == again["status"] == 200 and first["body"] == again["body"]
    assert (first["body"]["state"], first["body"]["changed"], first["body"]["taken_as"]) == ("taken", False, "/v1/goals/sg1")
    (goal,) = linked.get("/v1/goals").json["items"]
    assert (goal["id"], goal["title"], goal["why"]) == ("sg1", "Walk in the mornings", "Energy for the day")
    assert linked.get("/v1/me/suggestions").json["items"] == []
    (seen,) = therapist.get(f"/v1/clients/{linked.uid}/suggestions").json["items"]
    assert (seen["state"], seen["changed"]) == ("taken", False)


def test_a_suggested_experiment_changed_before_taking_becomes_the_clients_own_version(linked, therapist):
    therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg2", AN_EXPERIMENT)
    without_prediction = linked.post("/v1/me/suggestions/sg2/take", {})
    assert without_prediction.status_code == 400 and "prediction" in without_prediction.json["error"]["fields"]["experiment"]
    mine = {"strength": "curiosity", "plan": "Ask two questions at dinner", "planned_for": "2026-03-11",
            "prediction": "It will feel awkward"}

    (taken,) = sync(linked, op("POST", "/v1/me/suggestions/sg2/take", {"experiment": mine}))

    assert taken["status"] == 200 and (taken["body"]["state"], taken["body"]["changed"]) == ("taken", True)
    stored = linked.get("/v1/experiments/sg2").json
    assert (stored["plan"], stored["planned_for"], stored["prediction"]) == (
        "Ask two questions at dinner", "2026-03-11", "It will feel awkward")
    (seen,) = therapist.get(f"/v1/clients/{linked.uid}/suggestions").json["items"]
    assert (seen["state"], seen["changed"]) == ("taken", True)


def test_a_suggested_step_names_a_goal_of_the_client_and_lands_on_it_when_taken(linked, therapist):
    linked.put("/v1/goals/g1", {"title": "Sleep better", "why": "Clearer days"})
    step = {"goal_id": "g1", "step": {"title": "Phone out of the bedroom", "done_when": "Three nights"}}
    missing = therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg3", {**step, "goal_id": "nope"})
    assert missing.status_code == 404 and "goal_id" in missing.json["error"]["fields"]
    no_goal = therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg3", {**step, "goal_id": None})
    assert no_goal.status_code == 400 and "goal_id" in no_goal.json["error"]["fields"]
    assert therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg3", step).status_code == 201

    taken = linked.post("/v1/me/suggestions/sg3/take", {})

    assert taken.status_code == 200 and taken.json["taken_as"] == "/v1/goals/g1/steps/sg3"
    (goal,) = linked.get("/v1/goals").json["items"]
    assert [(s["id"], s["title"]) for s in goal["steps"]] == [("sg3", "Phone out of the bedroom")]


def test_a_suggested_step_may_leave_done_when_to_the_client_who_says_it_when_taking_without_it_counting_as_a_change(
        linked, therapist):
    linked.put("/v1/goals/g1", {"title": "Sleep better", "why": "Clearer days"})
    step = {"goal_id": "g1", "step": {"title": "Phone out of the bedroom"}}
    offered = therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg5", step)
    assert offered.status_code == 201 and offered.json["step"]["done_when"] is None

    as_it_is = linked.post("/v1/me/suggestions/sg5/take", {})
    assert as_it_is.status_code == 400 and "done_when" in as_it_is.json["error"]["fields"]["step"]
    mine = {"title": "Phone out of the bedroom", "done_when": "Three nights in a row", "position": 0}
    (taken,) = sync(linked, op("POST", "/v1/me/suggestions/sg5/take", {"step": mine}))

    assert taken["status"] == 200 and (taken["body"]["state"], taken["body"]["changed"]) == ("taken", False)
    (goal,) = linked.get("/v1/goals").json["items"]
    assert [(s["id"], s["done_when"]) for s in goal["steps"]] == [("sg5", "Three nights in a row")]


def test_a_suggestion_let_go_adds_nothing_and_the_therapist_sees_it_as_not_taken(linked, therapist):
    therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg4", A_GOAL)

    first, again = sync(linked, op("POST", "/v1/me/suggestions/sg4/let-go"),
                        op("POST", "/v1/me/suggestions/sg4/let-go"))

    assert first["status"] == again["status"] == 200 and first["body"]["state"] == "not_taken"
    assert linked.get("/v1/goals").json["items"] == [] and linked.get("/v1/me/suggestions").json["items"] == []
    (seen,) = therapist.get(f"/v1/clients/{linked.uid}/suggestions").json["items"]
    assert seen["state"] == "not_taken"
    late = linked.post("/v1/me/suggestions/sg4/take", {})
    assert late.status_code == 409 and linked.get("/v1/goals").json["items"] == []
    # Offering it again under the same id does not reopen it: the client's answer stands.
    assert therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg4", A_GOAL).json["state"] == "not_taken"


def test_open_suggestions_are_bounded_and_the_oldest_answered_ones_drop_out(linked, therapist, monkeypatch):
    from stepping_stones.services import suggestions
    monkeypatch.setattr(suggestions, "OPEN_SUGGESTIONS", bounds.Bound("suggestions", 2, "therapist and client", "t"))
    monkeypatch.setattr(suggestions, "KEPT_SUGGESTIONS", 3)
    offer = lambda n: therapist.put(f"/v1/clients/{linked.uid}/suggestions/s{n}", A_GOAL)  # noqa: E731
    assert [offer(n).status_code for n in (1, 2, 3)] == [201, 201, 409]
    linked.post("/v1/me/suggestions/s1/let-go", {})
    linked.post("/v1/me/suggestions/s2/let-go", {})
    assert [offer(n).status_code for n in (3, 4)] == [201, 201]

    assert offer(5).status_code == 409  # two open again
    linked.post("/v1/me/suggestions/s3/let-go", {})
    assert offer(5).status_code == 201

    listed = [item["id"] for item in therapist.get(f"/v1/clients/{linked.uid}/suggestions").json["items"]]
    assert sorted(listed) == ["s3", "s4", "s5"]  # s1 and s2, the oldest answered, dropped out


def test_the_therapists_list_of_suggestions_is_a_logged_read_and_closed_to_others(linked, therapist, new_user):
    therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg5", A_GOAL)
    before = [r["what"] for r in linked.get("/v1/me/access-log").json["items"]]

    assert therapist.get(f"/v1/clients/{linked.uid}/suggestions").status_code == 200

    after = [r["what"] for r in linked.get("/v1/me/access-log").json["items"]]
    assert after.count("suggestions") == before.count("suggestions") + 1 and "suggestion" in before
    stranger = new_user("therapist")
    assert stranger.get(f"/v1/clients/{linked.uid}/suggestions").status_code == 404
    assert stranger.put(f"/v1/clients/{linked.uid}/suggestions/sg6", A_GOAL).status_code == 404


def test_notes_and_suggestions_are_in_the_export_and_gone_after_erasure(linked, therapist, store):
    win = a_win(linked, therapist)
    therapist.post(f"/v1/clients/{linked.uid}/wins/{win['id']}/review", {"note": "Well noticed."})
    therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg7", A_GOAL)

    records = verify_export(download(linked))

    assert any(r["collection"].strip("/") == "suggestions" and r["id"] == "sg7" for r in records)
    assert any(r["collection"].strip("/") == "outbox" and r["data"]["body"] == "Well noticed." for r in records)
    assert linked.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=linked.headers).json["state"] == "done"
    assert store.client.collection(f"users/{linked.uid}/suggestions").get() == []
    assert store.client.collection(f"users/{linked.uid}/outbox").get() == []


def test_an_erasure_under_way_refuses_a_new_note_or_suggestion(linked, therapist, store, clock):
    win = a_win(linked, therapist)
    store.paths.erasure(linked.uid).set({"state": "running", "requested_at": clock.now()})

    suggestion = therapist.put(f"/v1/clients/{linked.uid}/suggestions/sg8", A_GOAL)
    note = therapist.post(f"/v1/clients/{linked.uid}/wins/{win['id']}/review", {"note": "Hello."})

    assert (suggestion.status_code, note.status_code) == (410, 410)
    assert store.client.collection(f"users/{linked.uid}/suggestions").get() == []
    assert [d.id for d in store.client.collection(f"users/{linked.uid}/outbox").get()
            if d.to_dict()["kind"] == "therapist_note"] == []
