"""The client's safety plan (issue 23, item 5): written through the offline queue, read by the client,
read by a linked therapist only while the client shares it (and logged), exported and erased."""
from __future__ import annotations

import json

import pytest

from stepping_stones.domain.bounds import (
    SAFETY_PLAN_ITEM_CHARS,
    SAFETY_PLAN_ITEMS_PER_STEP,
    SAFETY_PLAN_NAME_CHARS,
    SAFETY_PLAN_PHONE_CHARS,
    SAFETY_PLAN_REASON_CHARS,
)
from stepping_stones.services import safety_plan
from stepping_stones.storage import get_store
from tests.support.export_check import download, verify_export
from tests.support.firestore_paths import all_documents
from tests.support.therapy import link

PLAN_PATH = "/v1/me/safety-plan"


def a_plan(**extra) -> dict:
    return {
        "warning_signs": ["I stop answering messages", "Nights without sleep"],
        "on_my_own": ["A hot shower", "Box breathing"],
        "distractions": [{"name": "The library café", "phone": None}, {"name": "Aunt Jo", "phone": "+44 20 7946 0000"}],
        "people_to_ask": [{"name": "Sam (sister)", "phone": "+44 7700 900123"}],
        "professionals": [{"name": "Dr Rua", "phone": "020 7946 0111"}, {"name": "Samaritans", "phone": "116 123"}],
        "safer_surroundings": ["Ask Sam to keep the spare tablets"],
        "reason_for_living": "My dog, Biscuit, waiting at the door",
        **extra,
    }


def synced(client, *operations):
    response = client.post("/v1/sync", {"operations": [
        {"method": method, "path": PLAN_PATH, "body": body} for method, body in operations]})
    assert response.status_code == 200, response.json
    return response.json["results"]


def access_whats(client) -> list[str]:
    return [record["what"] for record in client.get("/v1/me/access-log", limit=100).json["items"]]


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


def test_a_plan_written_through_sync_is_kept_once_and_sent_again_changes_nothing(client_with_profile, clock):
    first = synced(client_with_profile, ("PUT", a_plan()))
    clock.set("2026-03-10T13:00:00+00:00")
    again = synced(client_with_profile, ("PUT", a_plan()), ("PUT", a_plan()))

    assert first[0]["status"] == 201 and [r["status"] for r in again] == [200, 200]
    assert again[0]["body"]["updated_at"] == first[0]["body"]["updated_at"]  # nothing was written again
    stored = client_with_profile.get(PLAN_PATH).json
    assert stored["people_to_ask"] == [{"name": "Sam (sister)", "phone": "+44 7700 900123"}]
    assert stored["reason_for_living"] == "My dog, Biscuit, waiting at the door"
    assert stored["share_with_therapists"] is False  # private unless the client turns sharing on


def test_an_edit_replaces_the_whole_plan_and_a_deleted_plan_is_gone(client_with_profile):
    client_with_profile.put(PLAN_PATH, a_plan())
    edited = client_with_profile.put(PLAN_PATH, a_plan(warning_signs=["Skipping meals"], professionals=[]))
    assert edited.status_code == 200
    assert client_with_profile.get(PLAN_PATH).json["warning_signs"] == ["Skipping meals"]
    assert client_with_profile.get(PLAN_PATH).json["professionals"] == []

    assert synced(client_with_profile, ("DELETE", None))[0]["status"] == 204
    assert client_with_profile.get(PLAN_PATH).status_code == 404


def test_a_client_with_no_plan_is_told_so_plainly(client_with_profile):
    response = client_with_profile.get(PLAN_PATH)
    assert response.status_code == 404 and response.json["error"]["message"] == safety_plan.NO_PLAN


@pytest.mark.parametrize("change, field", [
    ({"warning_signs": ["x"] * (SAFETY_PLAN_ITEMS_PER_STEP + 1)}, "warning_signs"),
    ({"on_my_own": ["x" * (SAFETY_PLAN_ITEM_CHARS + 1)]}, "on_my_own"),
    ({"safer_surroundings": ["   "]}, "safer_surroundings"),
    ({"people_to_ask": [{"name": "x" * (SAFETY_PLAN_NAME_CHARS + 1), "phone": "123"}]}, "people_to_ask"),
    ({"people_to_ask": [{"name": "Sam"}]}, "people_to_ask"),
    ({"professionals": [{"name": "GP", "phone": "1" * (SAFETY_PLAN_PHONE_CHARS + 1)}]}, "professionals"),
    ({"professionals": [{"name": "GP", "phone": "call me maybe"}]}, "professionals"),
    ({"distractions": [{"name": "Park"}] * (SAFETY_PLAN_ITEMS_PER_STEP + 1)}, "distractions"),
    ({"reason_for_living": "x" * (SAFETY_PLAN_REASON_CHARS + 1)}, "reason_for_living"),
    ({"share_with_therapists": "yes"}, "share_with_therapists"),
], ids=["too many signs", "long item", "blank item", "long name", "no phone", "long phone", "not a phone",
        "too many places", "long reason", "sharing not a boolean"])
def test_a_plan_past_a_bound_is_refused_naming_the_field_and_nothing_is_kept(client_with_profile, change, field):
    direct = client_with_profile.put(PLAN_PATH, a_plan(**change))
    queued = synced(client_with_profile, ("PUT", a_plan(**change)))[0]

    assert direct.status_code == 400 and field in direct.json["error"]["fields"]
    assert queued["status"] == 400 and field in queued["body"]["error"]["fields"]
    assert client_with_profile.get(PLAN_PATH).status_code == 404


def test_a_plan_needs_a_profile_first(new_user):
    assert new_user().put(PLAN_PATH, a_plan()).status_code == 409


def test_a_linked_therapist_reads_the_plan_only_while_the_client_shares_it_and_every_read_is_logged(
        client_with_profile, therapist):
    link(client_with_profile, therapist, share_notes=True)  # note sharing does not share the plan
    route = f"/v1/clients/{client_with_profile.uid}/safety-plan"
    before_any_plan = therapist.get(route).json
    client_with_profile.put(PLAN_PATH, a_plan())
    private = therapist.get(route)
    client_with_profile.put(PLAN_PATH, a_plan(share_with_therapists=True))
    shared = therapist.get(route).json

    assert private.status_code == 200
    assert private.json == before_any_plan == {"shared": False, "message": safety_plan.KEPT_PRIVATE, "plan": None}
    assert "Biscuit" not in private.get_data(as_text=True) and "Sam" not in private.get_data(as_text=True)
    assert shared["shared"] is True and shared["plan"]["reason_for_living"] == "My dog, Biscuit, waiting at the door"
    assert shared["plan"]["professionals"][1] == {"name": "Samaritans", "phone": "116 123"}
    assert access_whats(client_with_profile) == ["safety plan"] * 3


def test_an_unlinked_therapist_gets_the_same_404_and_no_log_line(client_with_profile, new_user):
    client_with_profile.put(PLAN_PATH, a_plan(share_with_therapists=True))
    stranger = new_user("therapist")
    response = stranger.get(f"/v1/clients/{client_with_profile.uid}/safety-plan")
    assert response.status_code == 404 and "Biscuit" not in response.get_data(as_text=True)
    assert access_whats(client_with_profile) == []


def test_the_sharing_statement_says_whether_the_plan_is_shared(client_with_profile, therapist):
    link(client_with_profile, therapist)
    kept = client_with_profile.get("/v1/links").json["items"][0]["therapist_sees"]
    client_with_profile.put(PLAN_PATH, a_plan(share_with_therapists=True))
    shared = client_with_profile.get("/v1/links").json["items"][0]["therapist_sees"]

    assert not any("safety plan" in line for line in kept["therapist_sees"])
    assert any(line.startswith("Your safety plan. It stays yours") for line in kept["therapist_does_not_see"])
    assert any(line.startswith("Your safety plan, every step") for line in shared["therapist_sees"])
    assert not any("safety plan" in line for line in shared["therapist_does_not_see"])


def test_the_plan_is_in_the_clients_export(client_with_profile):
    client_with_profile.put(PLAN_PATH, a_plan())
    records = verify_export(download(client_with_profile))
    plan = next(r for r in records if (r["collection"], r["id"]) == ("private", "safety_plan"))
    assert plan["data"]["people_to_ask"] == [{"name": "Sam (sister)", "phone": "+44 7700 900123"}]
    assert plan["data"]["reason_for_living"] == "My dog, Biscuit, waiting at the door"


def test_the_plan_is_gone_after_erasure(client_with_profile, store):
    client_with_profile.put(PLAN_PATH, a_plan(share_with_therapists=True))
    response = client_with_profile.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=client_with_profile.headers)
    assert response.status_code == 200, response.json
    assert [path for path, data in all_documents(store.client)
            if "safety_plan" in path or "Biscuit" in json.dumps(data, default=str)] == []
