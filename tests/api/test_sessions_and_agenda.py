"""Sessions have a rhythm: the next session's date, held/cancelled/missed sessions, the review's window, and the
client's agenda ("I'd like to talk about this"), first in the therapist's review."""
from __future__ import annotations

import json

import pytest

from stepping_stones.storage import get_store
from tests.support.bodies import a_checkin, a_profile
from tests.support.client_routes import every_client_answer

TODAY = "2026-03-10"  # the clock's date in Berlin


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


def an_item(text="How the week went at work", on="2026-03-09", **extra) -> dict:
    return {"text": text, "local_date": on, **extra}


def sync(client, *operations):
    response = client.post("/v1/sync", {"operations": [
        {"method": method, "path": path, "body": body} for method, path, body in operations]})
    assert response.status_code == 200, response.json
    return [result["status"] for result in response.json["results"]]


def test_the_next_session_reaches_the_clients_links_only_when_the_therapist_chooses_to_show_it(linked, therapist):
    hidden = therapist.put(f"/v1/clients/{linked.uid}/next-session", {"date": "2026-03-12"})
    assert hidden.status_code == 200 and hidden.json == {"date": "2026-03-12", "show_to_client": False}
    assert [item["next_session"] for item in linked.get("/v1/links").json["items"]] == [None]
    assert therapist.get(f"/v1/clients/{linked.uid}/review").json["next_session"] == hidden.json

    therapist.put(f"/v1/clients/{linked.uid}/next-session", {"date": "2026-03-12", "show_to_client": True})
    assert [item["next_session"] for item in linked.get("/v1/links").json["items"]] == ["2026-03-12"]

    assert therapist.delete(f"/v1/clients/{linked.uid}/next-session").status_code == 204
    assert [item["next_session"] for item in linked.get("/v1/links").json["items"]] == [None]
    assert therapist.get(f"/v1/clients/{linked.uid}/review").json["next_session"] is None


def test_only_a_linked_therapist_sets_a_next_session(linked, new_user):
    stranger = new_user("therapist")
    response = stranger.put(f"/v1/clients/{linked.uid}/next-session", {"date": "2026-03-12", "show_to_client": True})
    assert response.status_code == 404
    assert [item["next_session"] for item in linked.get("/v1/links").json["items"]] == [None]


def test_a_session_is_recorded_as_held_by_default_or_as_cancelled_or_missed(linked, therapist):
    assert therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-03", {"note": None}).json["state"] == "held"
    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-06", {"note": None, "state": "missed"})
    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-08", {"note": None, "state": "cancelled"})
    listed = therapist.get(f"/v1/clients/{linked.uid}/sessions").json["items"]
    assert [(s["date"], s["state"]) for s in listed] == [
        ("2026-03-08", "cancelled"), ("2026-03-06", "missed"), ("2026-03-03", "held")]
    refused = therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-09", {"note": None, "state": "failed"})
    assert refused.status_code == 400 and "state" in refused.json["error"]["fields"]


def test_the_reviews_default_window_starts_at_the_last_held_session_and_says_so(linked, therapist):
    linked.put("/v1/checkins/c1", a_checkin(on="2026-03-01"))
    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-03", {"note": None})
    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-06", {"note": None, "state": "missed"})
    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-08", {"note": None, "state": "cancelled"})

    review = therapist.get(f"/v1/clients/{linked.uid}/review").json
    assert (review["since"], review["until"], review["since_session"]) == ("2026-03-03", TODAY, "2026-03-03")

    asked = therapist.get(f"/v1/clients/{linked.uid}/review", since="2026-03-05").json
    assert (asked["since"], asked["since_session"]) == ("2026-03-05", None)


def test_an_unattended_session_never_reaches_a_client_route_or_the_export_as_missed(linked, therapist, app):
    linked.put("/v1/me/agenda/a1", an_item())
    therapist.put(f"/v1/clients/{linked.uid}/next-session", {"date": "2026-03-12", "show_to_client": True})
    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-09", {"note": "NOTE-OF-A-MISSED-SESSION",
                                                                      "state": "missed"})

    answers = every_client_answer(app, linked, therapist)
    assert "NOTE-OF-A-MISSED-SESSION" not in answers
    assert "missed" not in answers.lower(), answers[max(0, answers.lower().find("missed") - 300):][:400]
    item = linked.get("/v1/me/agenda").json["items"][0]
    assert item["talked_about_on"] is None  # a missed session takes nothing up
    assert linked.delete("/v1/me/agenda/a1").status_code == 204


def test_an_agenda_item_queued_twice_through_sync_is_stored_once_and_comes_first_in_the_review(linked, therapist):
    operation = ("PUT", "/v1/me/agenda/phone-1", an_item(about={"kind": "checkin", "id": "c1"}))
    assert sync(linked, operation) == [201]
    assert sync(linked, operation) == [200]

    items = linked.get("/v1/me/agenda").json["items"]
    assert [(i["id"], i["text"], i["about"]) for i in items] == [
        ("phone-1", "How the week went at work", {"kind": "checkin", "id": "c1"})]
    review = therapist.get(f"/v1/clients/{linked.uid}/review").json
    assert [(i["id"], i["text"], i["text_shared"]) for i in review["agenda"]] == [
        ("phone-1", "How the week went at work", True)]


@pytest.mark.parametrize("share_notes", [False])
def test_without_shared_notes_the_therapist_sees_that_there_is_an_item_but_not_its_words(linked, therapist):
    linked.put("/v1/me/agenda/a1", an_item(text="WORDS-ONLY-FOR-ME"))
    response = therapist.get(f"/v1/clients/{linked.uid}/review")
    assert [(i["id"], i["text"], i["text_shared"]) for i in response.json["agenda"]] == [("a1", None, False)]
    assert "WORDS-ONLY-FOR-ME" not in response.get_data(as_text=True)


def test_a_held_session_takes_up_the_agenda_and_only_then_an_item_can_no_longer_be_removed(linked, therapist):
    linked.put("/v1/me/agenda/early", an_item(text="Removed before the session"))
    assert linked.delete("/v1/me/agenda/early").status_code == 204
    assert linked.delete("/v1/me/agenda/early").status_code == 404
    linked.put("/v1/me/agenda/a1", an_item(on="2026-03-08"))

    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-09", {"note": None})
    assert linked.get("/v1/me/agenda").json["items"][0]["talked_about_on"] == "2026-03-09"
    refused = linked.delete("/v1/me/agenda/a1")
    assert refused.status_code == 409 and "2026-03-09" in refused.json["error"]["message"]
    assert linked.put("/v1/me/agenda/a1", an_item(text="Changed after")).status_code == 409

    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-09", {"note": None, "state": "cancelled"})
    assert linked.get("/v1/me/agenda").json["items"][0]["talked_about_on"] is None  # a correction reopens it
    assert linked.delete("/v1/me/agenda/a1").status_code == 204


def test_the_agenda_is_bounded_and_items_talked_about_make_room(linked, therapist):
    assert sync(linked, *[("PUT", f"/v1/me/agenda/i{n:02}", an_item(text=f"Item {n}")) for n in range(30)]) == [201] * 30
    full = linked.put("/v1/me/agenda/one-more", an_item())
    assert full.status_code == 409 and full.json["error"]["code"] == "limit_reached"
    assert "agenda_items" in full.json["error"]["fields"]

    therapist.put(f"/v1/clients/{linked.uid}/sessions/2026-03-09", {"note": None})
    assert linked.put("/v1/me/agenda/one-more", an_item()).status_code == 201
    ids = [i["id"] for i in linked.get("/v1/me/agenda").json["items"]]
    assert len(ids) == 30 and ids[0] == "one-more" and "i00" not in ids


def test_an_agenda_item_needs_words_and_names_an_entry_with_both_its_kind_and_id(linked):
    blank = linked.put("/v1/me/agenda/a1", an_item(text="   "))
    half = linked.put("/v1/me/agenda/a2", an_item(about={"kind": "checkin"}))
    assert (blank.status_code, half.status_code) == (400, 400)
    assert "text" in blank.json["error"]["fields"] and "about" in half.json["error"]["fields"]


def test_agenda_items_are_in_the_clients_export_and_gone_after_erasure(new_user, store):
    from tests.support.export_check import download, verify_export
    from tests.support.firestore_paths import all_documents

    client = new_user()
    client.put("/v1/me", a_profile())
    client.put("/v1/me/agenda/a1", an_item(text="EXPORTED-AGENDA-WORDS"))
    records = verify_export(download(client))
    assert "EXPORTED-AGENDA-WORDS" in json.dumps(records)

    assert client.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=client.headers).status_code == 200
    assert not [path for path, _ in all_documents(store.client) if client.uid in path and "/agenda/" in path]
