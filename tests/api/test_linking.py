"""Linking with consent: single-use codes, what the therapist sees, sharing choices, unlinking."""
from __future__ import annotations

import pytest

from stepping_stones.domain.invites import INVITE_ALPHABET, INVITE_REJECTED_MESSAGE
from tests.support.bodies import a_checkin, a_profile
from tests.support.therapy import link


def test_an_invite_is_four_groups_of_four_without_look_alikes_valid_72_hours(therapist):
    invite = therapist.post("/v1/invites")
    assert invite.status_code == 201
    groups = invite.json["code"].split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4] and set("".join(groups)) <= set(INVITE_ALPHABET)
    assert invite.json["expires_at"] == "2026-03-13T12:00:00+00:00"


def test_linking_states_exactly_what_the_therapist_will_see(client_with_profile, therapist):
    linked = link(client_with_profile, therapist, share_notes=False)
    assert linked["therapist_uid"] == therapist.uid
    assert linked["share_notes"] is False
    assert linked["therapist_sees"]["therapist_does_not_see"]
    assert client_with_profile.get("/v1/links").json["items"][0]["therapist_uid"] == therapist.uid


@pytest.mark.parametrize("problem", ["unknown", "used", "expired", "malformed"])
def test_every_unusable_code_gets_the_same_400(client_with_profile, new_user, therapist, clock, problem):
    code = therapist.post("/v1/invites").json["code"]
    if problem == "unknown":
        code = "ACDE-FGHJ-KMNP-QRTU" if code != "ACDE-FGHJ-KMNP-QRTU" else "KMNP-QRTU-ACDE-FGHJ"
    elif problem == "used":
        other = new_user()
        other.put("/v1/me", a_profile())
        other.post("/v1/links", {"code": code})
    elif problem == "expired":
        clock.set("2026-03-13T12:00:00+00:00")
    else:
        code = "0O1I-5S"
    response = client_with_profile.post("/v1/links", {"code": code})
    assert response.status_code == 400
    assert response.json["error"]["message"] == INVITE_REJECTED_MESSAGE


def test_more_than_ten_failed_codes_in_an_hour_is_429_with_retry_after(client_with_profile, therapist, clock):
    for _ in range(10):
        assert client_with_profile.post("/v1/links", {"code": "ACDE-FGHJ-KMNP-QRTU"}).status_code == 400
    good = therapist.post("/v1/invites").json["code"]

    refused = client_with_profile.post("/v1/links", {"code": good})
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3600

    clock.set("2026-03-10T13:00:01+00:00")
    assert client_with_profile.post("/v1/links", {"code": good}).status_code == 201


def test_unlinking_ends_the_therapists_access_at_once(client_with_profile, therapist):
    link(client_with_profile, therapist)
    assert therapist.get(f"/v1/clients/{client_with_profile.uid}/review").status_code == 200

    assert client_with_profile.delete(f"/v1/links/{therapist.uid}").status_code == 204

    assert therapist.get(f"/v1/clients/{client_with_profile.uid}/review").status_code == 404
    assert therapist.get("/v1/clients").json["items"] == []
    assert client_with_profile.delete(f"/v1/links/{therapist.uid}").status_code == 404


def test_a_therapist_can_end_the_link_too(client_with_profile, therapist):
    link(client_with_profile, therapist)
    assert therapist.delete(f"/v1/clients/{client_with_profile.uid}").status_code == 204
    assert client_with_profile.get("/v1/links").json["items"] == []


def test_each_therapist_sees_only_what_the_client_shared_with_them(client_with_profile, new_user):
    sharing, private = new_user("therapist"), new_user("therapist")
    link(client_with_profile, sharing, share_notes=True)
    link(client_with_profile, private, share_notes=False)
    client_with_profile.put("/v1/checkins/c", a_checkin(on="2026-03-09", note="slept badly", went_well="a walk"))

    shared_item = sharing.get(f"/v1/clients/{client_with_profile.uid}/entries").json["items"][0]
    hidden_item = private.get(f"/v1/clients/{client_with_profile.uid}/entries").json["items"][0]

    assert (shared_item["note"], shared_item["went_well"]) == ("slept badly", "a walk")
    assert (hidden_item["note"], hidden_item["went_well"], hidden_item["notes_hidden"]) == (None, None, True)
    assert hidden_item["mood"] == shared_item["mood"]


def test_changing_sharing_takes_effect_on_the_next_read(client_with_profile, therapist):
    link(client_with_profile, therapist, share_notes=False)
    client_with_profile.put("/v1/checkins/c", a_checkin(on="2026-03-09", note="slept badly"))

    changed = client_with_profile.http.patch(f"/v1/links/{therapist.uid}", json={"share_notes": True},
                                             headers=client_with_profile.headers)

    assert changed.status_code == 200 and changed.json["share_notes"] is True
    assert therapist.get(f"/v1/clients/{client_with_profile.uid}/entries").json["items"][0]["note"] == "slept badly"


def test_a_client_needs_a_profile_to_link(new_user, therapist):
    code = therapist.post("/v1/invites").json["code"]
    assert new_user().post("/v1/links", {"code": code}).status_code == 409


def test_the_same_code_sent_again_after_a_lost_response_answers_200_with_the_existing_link(
        client_with_profile, new_user, therapist):
    code = therapist.post("/v1/invites").json["code"]
    first = client_with_profile.post("/v1/links", {"code": code, "share_notes": True})
    assert first.status_code == 201

    again = client_with_profile.post("/v1/links", {"code": code.replace("-", "").lower(), "share_notes": False})
    assert again.status_code == 200
    assert again.json == first.json  # the link as it is: sharing changes only through PATCH
    assert len(client_with_profile.get("/v1/links").json["items"]) == 1

    someone_else = new_user()
    someone_else.put("/v1/me", a_profile())
    assert someone_else.post("/v1/links", {"code": code}).status_code == 400


def test_retries_of_a_code_that_worked_never_run_into_the_attempt_limit(client_with_profile, therapist):
    code = therapist.post("/v1/invites").json["code"]
    statuses = [client_with_profile.post("/v1/links", {"code": code}).status_code for _ in range(12)]
    assert statuses == [201] + [200] * 11


def test_after_unlinking_the_used_code_no_longer_links(client_with_profile, therapist):
    code = therapist.post("/v1/invites").json["code"]
    assert client_with_profile.post("/v1/links", {"code": code}).status_code == 201
    assert client_with_profile.delete(f"/v1/links/{therapist.uid}").status_code == 204
    assert client_with_profile.post("/v1/links", {"code": code}).status_code == 400


def test_a_uid_holding_both_roles_cannot_link_to_its_own_invite_nor_preview_it(http, therapist):
    from tests.support.api import ApiUser

    code = therapist.post("/v1/invites").json["code"]
    same_person_as_client = ApiUser(http, therapist.uid, "client")
    assert same_person_as_client.put("/v1/me", a_profile()).status_code == 201

    for response in (same_person_as_client.post("/v1/links", {"code": code, "share_notes": True}),
                     same_person_as_client.get(f"/v1/invites/{code}")):
        assert response.status_code == 400, response.json
        assert "your own invite" in response.json["error"]["fields"]["code"][0]
    assert same_person_as_client.get("/v1/links").json["items"] == []
    assert therapist.get("/v1/clients").json["items"] == []
