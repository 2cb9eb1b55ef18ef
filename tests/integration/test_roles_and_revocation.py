"""Roles against the real Auth emulator: a new account is a client at once, `make role` makes a therapist,
and removing the role, disabling or deleting the account, or an unverified email stops a therapist at once."""
from __future__ import annotations

import itertools
import os
import time

import pytest

from tools.roles import main as make_role

pytestmark = pytest.mark.emulator

PASSWORD = "a-long-password-2026"
_people = itertools.count(1)


@pytest.fixture
def person(auth_emulator, http):
    """sign up a fresh email+password account as the app would; returns (email, uid, token)."""
    def make(label="person"):
        email = f"{label}-{next(_people)}-{time.time_ns()}@practice.test"
        uid, token = auth_emulator.sign_up(email, PASSWORD)
        return email, uid, token
    return make


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def role_command(auth_emulator, email: str, role: str) -> int:
    """`make role EMAIL=... ROLE=...` against the Auth emulator (the app fixture names it in the environment)."""
    assert os.environ["FIREBASE_AUTH_EMULATOR_HOST"] == auth_emulator.host
    return make_role(["--email", email, "--role", role])


def make_therapist(auth_emulator, email: str) -> str:
    """`make role ... ROLE=therapist`, then sign in again: a token with the therapist role."""
    assert role_command(auth_emulator, email, "therapist") == 0
    time.sleep(1.05)  # revocation works in whole seconds: sign in after the second it happened in
    return auth_emulator.sign_in(email, PASSWORD)


def test_a_new_account_without_a_role_claim_uses_the_client_routes_at_once(person, http):
    _, uid, token = person("new-client")

    created = http.put("/v1/me", json={"display_name": "Ana", "timezone": "Europe/Berlin"}, headers=bearer(token))
    assert created.status_code == 201, created.json
    assert http.get("/v1/me", headers=bearer(token)).json["display_name"] == "Ana"
    refused = http.post("/v1/invites", headers=bearer(token))
    assert refused.status_code == 403 and "therapist" in refused.json["error"]["message"]


def test_make_role_makes_a_therapist_who_must_sign_in_again(auth_emulator, person, http, capsys):
    email, uid, old_token = person("new-therapist")

    assert role_command(auth_emulator, email, "therapist") == 0
    printed = capsys.readouterr().out
    assert "client (no role claim) -> therapist" in printed and "must sign in again" in printed
    assert "not verified" in printed
    assert http.post("/v1/invites", headers=bearer(old_token)).status_code == 403  # the old token is a client's
    time.sleep(1.05)
    token = auth_emulator.sign_in(email, PASSWORD)
    invite = http.post("/v1/invites", headers=bearer(token))
    assert invite.status_code == 201, invite.json
    assert http.get("/v1/me", headers=bearer(token)).status_code == 403  # a therapist is not a client


def test_make_role_names_an_unknown_email_and_a_bad_role(auth_emulator, app, capsys, monkeypatch):
    assert role_command(auth_emulator, "nobody@practice.test", "therapist") == 1
    assert "must sign up first" in capsys.readouterr().err
    assert role_command(auth_emulator, "nobody@practice.test", "admin") == 2
    for name in ("FIREBASE_AUTH_EMULATOR_HOST", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT"):
        monkeypatch.delenv(name, raising=False)
    assert make_role(["--email", "x@practice.test", "--role", "client"]) == 2  # no project named: nothing tried
    assert "PROJECT=" in capsys.readouterr().err


def test_removing_the_therapist_role_cuts_access_at_once_not_at_token_expiry(auth_emulator, person, http):
    email, uid, _ = person("demoted")
    token = make_therapist(auth_emulator, email)
    assert http.get("/v1/clients", headers=bearer(token)).status_code == 200
    time.sleep(1.05)  # Firebase compares whole seconds: a token issued in the second of a revocation survives it

    assert role_command(auth_emulator, email, "client") == 0

    refused = http.get("/v1/clients", headers=bearer(token))  # the same, unexpired token
    assert refused.status_code == 401
    assert "Sign in again" in refused.json["error"]["message"]
    time.sleep(1.05)
    fresh = auth_emulator.sign_in(email, PASSWORD)
    assert http.get("/v1/clients", headers=bearer(fresh)).status_code == 403
    assert http.put("/v1/me", json={"display_name": "Dee", "timezone": "Europe/Berlin"},
                    headers=bearer(fresh)).status_code == 201


def test_disabling_a_therapists_account_cuts_access_at_once(auth_emulator, person, http):
    email, uid, _ = person("disabled")
    token = make_therapist(auth_emulator, email)
    assert http.get("/v1/clients", headers=bearer(token)).status_code == 200

    auth_emulator.update(uid, disableUser=True)

    refused = http.get("/v1/clients", headers=bearer(token))
    assert refused.status_code == 403
    assert "disabled" in refused.json["error"]["message"]
    assert http.get("/v1/me/export", headers=bearer(token)).status_code == 403  # every route, not only therapist ones


def test_a_deleted_therapist_accounts_token_is_refused(auth_emulator, person, http):
    email, uid, _ = person("deleted")
    token = make_therapist(auth_emulator, email)
    auth_emulator.update(uid, customAttributes="{}")  # any change; then delete the account outright
    import requests

    from tools.auth_emulator import OWNER
    requests.post(f"{auth_emulator.origin}/identitytoolkit.googleapis.com/v1/projects/"
                  f"{auth_emulator.project_id}/accounts:delete", json={"localId": uid}, headers=OWNER,
                  timeout=10).raise_for_status()

    refused = http.get("/v1/clients", headers=bearer(token))
    assert refused.status_code == 401 and "no longer exists" in refused.json["error"]["message"]


def test_an_unknown_role_claim_is_refused_with_a_clear_403(auth_emulator, person, http):
    email, uid, _ = person("odd-role")
    auth_emulator.update(uid, customAttributes='{"role": "admin"}')
    token = auth_emulator.sign_in(email, PASSWORD)

    refused = http.get("/v1/me", headers=bearer(token))
    assert refused.status_code == 403 and "client or therapist" in refused.json["error"]["message"]


@pytest.fixture
def deployed_like_http(app, clock):
    """The same app with the deployed rule that a therapist's email must be verified."""
    from stepping_stones.app import create_app

    settings = app.config["SETTINGS"].with_overrides(require_verified_email=True)
    return create_app({"SETTINGS": settings, "CLOCK": clock.now, "TESTING": True}).test_client()


def test_a_therapist_with_an_unverified_email_cannot_read_client_data(auth_emulator, person, deployed_like_http):
    http = deployed_like_http
    email, uid, _ = person("unverified")
    token = make_therapist(auth_emulator, email)

    for path in ("/v1/clients", "/v1/clients/someone/review"):
        refused = http.get(path, headers=bearer(token))
        assert refused.status_code == 403, path
        assert "Verify your email address" in refused.json["error"]["message"]
    assert http.post("/v1/invites", headers=bearer(token)).status_code == 403

    auth_emulator.update(uid, emailVerified=True)
    verified = auth_emulator.sign_in(email, PASSWORD)
    assert http.get("/v1/clients", headers=bearer(verified)).status_code == 200


def test_a_client_with_an_unverified_email_is_served(person, deployed_like_http):
    _, _, token = person("client-unverified")
    assert deployed_like_http.put("/v1/me", json={"display_name": "Kim", "timezone": "Europe/Berlin"},
                                  headers=bearer(token)).status_code == 201
