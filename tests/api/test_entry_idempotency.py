"""Every kind of entry under a phone-chosen id: retries are harmless, corrections and deletes work."""
from __future__ import annotations

import pytest

from tests.support.bodies import a_breathing, a_checkin, a_mood, an_experiment

KINDS = [
    pytest.param("/v1/checkins", a_checkin(), {"mood": 8}, id="checkin"),
    pytest.param("/v1/moods", a_mood(), {"rating": 2}, id="mood"),
    pytest.param("/v1/breathing", a_breathing(), {"duration_seconds": 600}, id="breathing"),
    pytest.param("/v1/experiments", an_experiment(), {"plan": "Ask two colleagues"}, id="experiment"),
]


@pytest.mark.parametrize("collection, body, change", KINDS)
def test_the_first_put_creates_and_an_identical_retry_changes_nothing(client_with_profile, clock, collection, body, change):
    first = client_with_profile.put(f"{collection}/e-1", body)
    assert first.status_code == 201
    assert first.json["id"] == "e-1"
    assert first.json["updated_at"] is None

    clock.set("2026-03-10T13:00:00+00:00")
    retry = client_with_profile.put(f"{collection}/e-1", body)
    assert retry.status_code == 200
    assert retry.json == first.json


@pytest.mark.parametrize("collection, body, change", KINDS)
def test_a_changed_body_corrects_the_entry_and_sets_updated_at(client_with_profile, clock, collection, body, change):
    client_with_profile.put(f"{collection}/e-1", body)
    clock.set("2026-03-10T13:00:00+00:00")

    corrected = client_with_profile.put(f"{collection}/e-1", {**body, **change})

    assert corrected.status_code == 200
    assert corrected.json["updated_at"] == "2026-03-10T13:00:00+00:00"
    stored = client_with_profile.get(f"{collection}/e-1").json
    assert {k: stored[k] for k in change} == change


@pytest.mark.parametrize("collection, body, change", KINDS)
def test_delete_removes_the_entry_and_a_second_delete_is_404(client_with_profile, collection, body, change):
    client_with_profile.put(f"{collection}/e-1", body)

    assert client_with_profile.delete(f"{collection}/e-1").status_code == 204
    assert client_with_profile.get(f"{collection}/e-1").status_code == 404
    assert client_with_profile.delete(f"{collection}/e-1").status_code == 404


@pytest.mark.parametrize("collection, body, change", KINDS)
def test_entries_need_a_profile_first(new_user, collection, body, change):
    response = new_user().put(f"{collection}/e-1", body)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "profile_required"
    assert "time zone" in response.json["error"]["message"]


@pytest.mark.parametrize("collection, body, change", KINDS)
@pytest.mark.parametrize("bad_id", ["a" * 65, "has space", "semi;colon", "dot.dot", "ümlaut"])
def test_an_id_outside_the_allowed_characters_is_refused_naming_the_parameter(
        client_with_profile, collection, body, change, bad_id):
    response = client_with_profile.put(f"{collection}/{bad_id}", body)
    assert response.status_code == 400
    assert list(response.json["error"]["fields"]) == ["entry_id"]


@pytest.mark.parametrize("collection, body, change", KINDS)
def test_unknown_fields_are_refused_by_name(client_with_profile, collection, body, change):
    response = client_with_profile.put(f"{collection}/e-1", {**body, "colour": "blue", "id": "other"})
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {"colour", "id"}


@pytest.mark.parametrize("collection, body, change", KINDS)
def test_one_clients_entries_are_invisible_to_another(client_with_profile, new_user, collection, body, change):
    from tests.support.bodies import a_profile

    client_with_profile.put(f"{collection}/e-1", body)
    other = new_user()
    other.put("/v1/me", a_profile())
    assert other.get(f"{collection}/e-1").status_code == 404
    assert other.delete(f"{collection}/e-1").status_code == 404
