"""Names people can read: links and the access log name the therapist, and a client previews a code first."""
from __future__ import annotations

import pytest

from stepping_stones.domain.sharing import sharing_statement
from stepping_stones.services import links
from stepping_stones.storage import get_store, metering
from tests.support.bodies import a_profile
from tests.support.therapy import link

THERAPIST_PROFILE = {"display_name": "Dr Rua Tane", "timezone": "Pacific/Auckland"}


@pytest.fixture
def therapist(therapist):
    """The shared therapist, with a profile that names them."""
    assert therapist.put("/v1/therapist/profile", THERAPIST_PROFILE).status_code == 201
    return therapist


def test_the_link_confirmation_and_the_list_of_links_name_the_therapist(client_with_profile, therapist):
    confirmation = link(client_with_profile, therapist)
    assert (confirmation["therapist_uid"], confirmation["therapist_name"]) == (therapist.uid, "Dr Rua Tane")

    listed = client_with_profile.get("/v1/links").json["items"]
    assert [(item["therapist_uid"], item["therapist_name"]) for item in listed] == [(therapist.uid, "Dr Rua Tane")]


def test_listing_links_reads_only_the_links_whatever_the_number_of_therapists(app, client_with_profile, new_user):
    for number in range(3):
        someone = new_user("therapist")
        someone.put("/v1/therapist/profile", {**THERAPIST_PROFILE, "display_name": f"Dr {number}"})
        link(client_with_profile, someone)
    with metering() as meter:
        items = links.list_links(get_store(app.config["SETTINGS"]), client_with_profile.uid)
    assert sorted(item["therapist_name"] for item in items) == ["Dr 0", "Dr 1", "Dr 2"]
    assert meter.reads == 3 + 1  # one per link and the safety plan's sharing choice once: no profile read per row


def test_a_renamed_therapist_is_shown_by_the_new_name_and_sharing_changes_keep_it(client_with_profile, therapist):
    link(client_with_profile, therapist)
    assert therapist.put("/v1/therapist/profile", {**THERAPIST_PROFILE, "display_name": "Dr R. Tane"}).status_code == 200

    assert client_with_profile.get("/v1/links").json["items"][0]["therapist_name"] == "Dr R. Tane"
    changed = client_with_profile.http.patch(f"/v1/links/{therapist.uid}", json={"share_notes": True},
                                             headers=client_with_profile.headers)
    assert changed.json["therapist_name"] == "Dr R. Tane"
    assert client_with_profile.get("/v1/links").json["items"][0]["therapist_name"] == "Dr R. Tane"


def test_a_therapist_without_a_profile_is_named_null_until_they_make_one(client_with_profile, new_user):
    nameless = new_user("therapist")
    assert link(client_with_profile, nameless)["therapist_name"] is None

    nameless.put("/v1/therapist/profile", THERAPIST_PROFILE)
    assert client_with_profile.get("/v1/links").json["items"][0]["therapist_name"] == "Dr Rua Tane"


def test_the_access_log_names_the_therapist_as_they_were_named_when_they_read(client_with_profile, therapist):
    link(client_with_profile, therapist)
    therapist.get(f"/v1/clients/{client_with_profile.uid}/review")
    therapist.put("/v1/therapist/profile", {**THERAPIST_PROFILE, "display_name": "Dr R. Tane"})
    therapist.get("/v1/clients")

    log = client_with_profile.get("/v1/me/access-log").json["items"]
    assert [(record["what"], record["therapist_uid"], record["therapist_name"]) for record in log] == [
        ("client list row", therapist.uid, "Dr R. Tane"), ("review", therapist.uid, "Dr Rua Tane")]


def test_a_preview_names_the_therapist_and_says_exactly_what_they_would_see(client_with_profile, therapist):
    code = therapist.post("/v1/invites").json["code"]

    preview = client_with_profile.get(f"/v1/invites/{code}")
    assert preview.status_code == 200, preview.json
    assert preview.json["therapist_name"] == "Dr Rua Tane"
    assert preview.json["therapist_sees"] == sharing_statement(False)
    sharing = client_with_profile.get(f"/v1/invites/{code.lower().replace('-', ' ')}", share_notes="true")
    assert sharing.json["therapist_sees"] == sharing_statement(True)

    confirmation = link(client_with_profile, therapist, share_notes=True)
    assert confirmation["therapist_sees"] == sharing.json["therapist_sees"]


def test_a_preview_does_not_use_the_code(client_with_profile, therapist, new_user):
    code = therapist.post("/v1/invites").json["code"]
    assert client_with_profile.get(f"/v1/invites/{code}").status_code == 200
    assert client_with_profile.post("/v1/links", {"code": code}).status_code == 201


def test_an_expired_code_is_410_and_an_unknown_or_used_one_404(client_with_profile, therapist, new_user, clock):
    other = new_user()
    other.put("/v1/me", a_profile(display_name="Other"))
    used = therapist.post("/v1/invites").json["code"]
    assert other.post("/v1/links", {"code": used}).status_code == 201
    expired = therapist.post("/v1/invites").json["code"]

    unknown = client_with_profile.get("/v1/invites/ACDE-FGHJ-KMNP-QRTU")
    assert unknown.status_code == 404 and "No invite has this code" in unknown.json["error"]["message"]
    assert client_with_profile.get("/v1/invites/not-a-code").status_code == 404
    taken = client_with_profile.get(f"/v1/invites/{used}")
    assert taken.status_code == 404 and "already been used" in taken.json["error"]["message"]
    clock.set("2026-03-13T12:00:00+00:00")  # 72 hours after it was issued
    gone = client_with_profile.get(f"/v1/invites/{expired}")
    assert gone.status_code == 410 and gone.json["error"]["code"] == "gone"
    assert "expired" in gone.json["error"]["message"]


def test_a_client_previewing_the_code_they_linked_with_is_told_so(client_with_profile, therapist):
    code = therapist.post("/v1/invites").json["code"]
    assert client_with_profile.post("/v1/links", {"code": code}).status_code == 201

    again = client_with_profile.get(f"/v1/invites/{code}")
    assert again.status_code == 404
    assert "you are linked to Dr Rua Tane" in again.json["error"]["message"]


def test_previews_count_as_link_attempts(client_with_profile, therapist):
    for _ in range(10):
        assert client_with_profile.get("/v1/invites/ACDE-FGHJ-KMNP-QRTU").status_code == 404
    refused = client_with_profile.get("/v1/invites/ACDE-FGHJ-KMNP-QRTV")
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    code = therapist.post("/v1/invites").json["code"]
    assert client_with_profile.post("/v1/links", {"code": code}).status_code == 429  # the same count


def test_a_usable_code_previewed_is_given_back_to_the_count(client_with_profile, therapist):
    code = therapist.post("/v1/invites").json["code"]
    for _ in range(12):
        assert client_with_profile.get(f"/v1/invites/{code}").status_code == 200


def test_a_therapist_cannot_preview_codes(therapist):
    code = therapist.post("/v1/invites").json["code"]
    assert therapist.get(f"/v1/invites/{code}").status_code == 403
