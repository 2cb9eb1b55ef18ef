"""Tests for Firebase ID-token verification: production mode (loopback certs) and emulator mode."""
from __future__ import annotations

import dataclasses

import firebase_admin
import pytest
from firebase_admin import _token_gen
from firebase_admin import auth as firebase_auth
from firebase_admin import exceptions as firebase_exceptions

from stepping_stones.auth import (
    AuthUnavailable,
    Caller,
    offline_credential,
    require_role,
    require_verified_email,
    verify_bearer,
)
from stepping_stones.errors import AppError, Forbidden, Unauthenticated
from tests.support.tokens import (
    OMIT,
    PROJECT_ID,
    CertServer,
    SigningKey,
    encode_unsigned,
    id_token_claims,
    mint_emulator_token,
    mint_signed_token,
)

EMULATOR_HOST = "127.0.0.1:9099"  # never contacted: verifying emulator tokens is local


@pytest.fixture(scope="module")
def signing_key() -> SigningKey:
    return SigningKey.generate("test-kid-1")


@pytest.fixture(scope="module")
def cert_server(signing_key):
    """A loopback server publishing ``signing_key``'s certificate, wired in as Google's endpoint.

    firebase-admin copies ``_token_gen.ID_TOKEN_CERT_URI`` into its verifier when an app's auth
    client is first built, so the patch stays in place for the whole module and every app this
    module creates depends on this fixture.
    """
    with pytest.MonkeyPatch.context() as patch, CertServer() as server:
        server.publish(signing_key)
        patch.setattr(_token_gen, "ID_TOKEN_CERT_URI", server.url)
        patch.setenv("NO_PROXY", "127.0.0.1")
        patch.setenv("no_proxy", "127.0.0.1")
        yield server


@pytest.fixture(scope="module")
def firebase_app(cert_server):
    app = firebase_admin.initialize_app(
        credential=offline_credential(),
        options={"projectId": PROJECT_ID},
        name=f"stepping-stones-{__name__}",
    )
    yield app
    firebase_admin.delete_app(app)


@pytest.fixture
def production_mode(monkeypatch):
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)


@pytest.fixture
def emulator_mode(monkeypatch):
    monkeypatch.setenv("FIREBASE_AUTH_EMULATOR_HOST", EMULATOR_HOST)


class FakeAuthApi:
    """Stands in for the Auth API's user look-up behind ``verify_id_token(check_revoked=True)``: the
    token is still verified for real; ``answer`` (an exception) is what the look-up says, None: fine."""

    def __init__(self, real):
        self.real, self.answer, self.checked = real, None, []

    def verify_id_token(self, token, app=None, check_revoked=False, **options):
        claims = self.real(token, app=app, **options)
        if check_revoked:
            self.checked.append(token)
            if self.answer is not None:
                raise self.answer
        return claims


@pytest.fixture
def auth_api(monkeypatch):
    """The user look-up of check_revoked, faked (the real one is tested against the Auth emulator in
    tests/integration/test_roles_and_revocation.py)."""
    fake = FakeAuthApi(firebase_auth.verify_id_token)
    monkeypatch.setattr(firebase_auth, "verify_id_token", fake.verify_id_token)
    return fake


def bearer(token: str) -> str:
    return f"Bearer {token}"


def rejection(header, app, expected=Unauthenticated):
    """Verify ``header`` expecting ``expected``; return the raised error."""
    with pytest.raises(expected) as caught:
        verify_bearer(header, app)
    return caught.value


# --- production mode: RS256 tokens checked against the loopback certificate server -----------


@pytest.mark.parametrize("role", ["client", "therapist"])
def test_a_properly_signed_token_with_a_role_yields_the_caller(
    production_mode, firebase_app, signing_key, role, auth_api
):
    token = mint_signed_token("uid-ada", role, signing_key, email_verified=True)

    assert verify_bearer(bearer(token), firebase_app) == Caller(uid="uid-ada", role=role, email_verified=True)


def test_only_a_therapists_token_is_checked_against_the_auth_api(production_mode, firebase_app, signing_key,
                                                                   auth_api):
    verify_bearer(bearer(mint_signed_token("uid-client", "client", signing_key)), firebase_app)
    verify_bearer(bearer(mint_signed_token("uid-client", None, signing_key)), firebase_app)
    assert auth_api.checked == []
    therapist = mint_signed_token("uid-therapist", "therapist", signing_key)
    verify_bearer(bearer(therapist), firebase_app)
    assert auth_api.checked == [therapist]


@pytest.mark.parametrize("answer, status, words", [
    (firebase_auth.RevokedIdTokenError("revoked"), 401, "Sign in again"),
    (firebase_auth.UserDisabledError("disabled"), 403, "disabled"),
    (firebase_auth.UserNotFoundError("gone"), 401, "no longer exists"),
    (firebase_exceptions.UnavailableError("down"), 503, "try again shortly"),
])
def test_what_the_auth_api_says_of_a_therapists_token_decides(production_mode, firebase_app, signing_key, auth_api,
                                                              answer, status, words):
    auth_api.answer = answer
    token = mint_signed_token("uid-therapist", "therapist", signing_key)

    with pytest.raises(AppError) as caught:
        verify_bearer(bearer(token), firebase_app)
    assert caught.value.status == status and words in caught.value.message
    assert token not in caught.value.message and caught.value.__cause__ is None


def test_a_verified_email_is_required_only_when_asked(production_mode, firebase_app, signing_key, auth_api):
    unverified = verify_bearer(bearer(mint_signed_token("uid-t", "therapist", signing_key)), firebase_app)
    with pytest.raises(Forbidden) as caught:
        require_verified_email(unverified)
    assert "Verify your email address" in caught.value.message
    verified = verify_bearer(bearer(mint_signed_token("uid-t", "therapist", signing_key, email_verified=True)),
                             firebase_app)
    assert require_verified_email(verified) is verified
    # a string "true" is not a verified email: only the JSON value true is
    odd = verify_bearer(bearer(mint_signed_token("uid-t", "therapist", signing_key, email_verified="true")),
                        firebase_app)
    assert not odd.email_verified


def test_production_verification_fetches_keys_from_the_loopback_cert_server(
    production_mode, firebase_app, signing_key, cert_server
):
    before = cert_server.request_count

    verify_bearer(bearer(mint_signed_token("uid-ada", "client", signing_key)), firebase_app)

    assert cert_server.request_count > before


def test_the_bearer_scheme_is_matched_case_insensitively(
    production_mode, firebase_app, signing_key
):
    token = mint_signed_token("uid-ada", "client", signing_key)

    assert verify_bearer(f"bearer {token}", firebase_app).uid == "uid-ada"


def test_a_token_signed_by_another_key_is_rejected_with_401(
    production_mode, firebase_app, signing_key
):
    impostor = SigningKey.generate(signing_key.kid)  # same kid, different private key
    token = mint_signed_token("uid-ada", "therapist", impostor)

    error = rejection(bearer(token), firebase_app)

    assert error.status == 401
    assert error.message == "The Firebase ID token is invalid."


def test_a_token_whose_kid_is_not_published_is_rejected_with_401(
    production_mode, firebase_app
):
    stranger = SigningKey.generate("unpublished-kid")

    error = rejection(bearer(mint_signed_token("uid-ada", "client", stranger)), firebase_app)

    assert error.status == 401


@pytest.mark.parametrize(
    "header_fields", [{}, {"kid": "test-kid-1"}], ids=["without-kid", "with-published-kid"]
)
def test_an_alg_none_token_is_rejected_with_401_in_production_mode(
    production_mode, firebase_app, header_fields
):
    token = encode_unsigned(id_token_claims("uid-ada", "therapist"), **header_fields)

    assert rejection(bearer(token), firebase_app).status == 401


def test_an_expired_signed_token_is_rejected_with_401(
    production_mode, firebase_app, signing_key
):
    token = mint_signed_token("uid-ada", "client", signing_key, expires_in=-60)

    error = rejection(bearer(token), firebase_app)

    assert error.status == 401
    assert "expired" in error.message


def test_a_signed_token_for_another_audience_is_rejected_with_401(
    production_mode, firebase_app, signing_key
):
    token = mint_signed_token("uid-ada", "client", signing_key, aud="some-other-project")

    assert rejection(bearer(token), firebase_app).status == 401


def test_a_signed_token_from_another_issuer_is_rejected_with_401(
    production_mode, firebase_app, signing_key
):
    token = mint_signed_token(
        "uid-ada", "client", signing_key, iss="https://securetoken.google.com/other-project"
    )

    assert rejection(bearer(token), firebase_app).status == 401


def test_a_signed_token_with_an_empty_subject_is_rejected_with_401(
    production_mode, firebase_app, signing_key
):
    token = mint_signed_token("", "client", signing_key)

    assert rejection(bearer(token), firebase_app).status == 401


def test_a_signed_token_without_a_role_claim_is_a_client(production_mode, firebase_app, signing_key):
    token = mint_signed_token("uid-ada", None, signing_key)

    assert verify_bearer(bearer(token), firebase_app) == Caller(uid="uid-ada", role="client")


@pytest.mark.parametrize("role", ["admin", "Therapist", "", ["therapist"], 1])
def test_a_signed_token_with_an_unusable_role_is_forbidden_with_403(
    production_mode, firebase_app, signing_key, role
):
    token = mint_signed_token("uid-ada", role, signing_key)

    assert rejection(bearer(token), firebase_app, Forbidden).status == 403


def test_an_unreachable_certificate_endpoint_is_a_503_not_the_callers_fault(
    production_mode, firebase_app, signing_key, cert_server, monkeypatch
):
    monkeypatch.setattr(cert_server, "status", 503)
    token = mint_signed_token("uid-ada", "client", signing_key)

    error = rejection(bearer(token), firebase_app, AuthUnavailable)

    assert (error.status, error.code) == (503, "auth_unavailable")


# --- the Authorization header itself -------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "   ",
        "Basic xyz",
        "Basic dXNlcjpwYXNz",
        "Token abc.def.ghi",
        "Bearer",
        "Bearer ",
        "Bearer    ",
        "Bearer garbage",
        "Bearer abc.def",
        "Bearer abc.def.ghi.jkl",
        "Bearer abc def ghi",
        "Bearer a$b.c%d.e^f",
        "Bearer abc.def.ghi",
        "Bearer " + "a" * 5000 + "." + "b" * 5000 + ".c",
        "Bearer=abc.def.ghi",
    ],
    ids=lambda header: repr(header)[:40],
)
def test_a_missing_or_malformed_authorization_header_is_rejected_with_401(
    production_mode, firebase_app, header
):
    assert rejection(header, firebase_app).status == 401


@pytest.mark.parametrize(
    "header, expected_message",
    [
        (None, "Missing Authorization header"),
        ("Basic xyz", "must use the Bearer scheme"),
        ("Bearer ", "no token after 'Bearer'"),
        ("Bearer", "no token after 'Bearer'"),
        ("Bearer garbage", "not a well-formed Firebase ID token"),
    ],
)
def test_each_header_problem_gets_its_own_short_message(
    production_mode, firebase_app, header, expected_message
):
    assert expected_message in rejection(header, firebase_app).message


def test_a_rejected_token_is_never_echoed_in_the_error_or_its_chain(
    production_mode, firebase_app, signing_key
):
    impostor = SigningKey.generate(signing_key.kid)
    tokens = [
        mint_signed_token("uid-ada", "client", impostor),
        mint_signed_token("uid-ada", "client", signing_key, expires_in=-60),
        encode_unsigned(id_token_claims("uid-ada")),
        "not-a-jwt-but-secret",
        "abc.def.ghi",
    ]

    for token in tokens:
        error = rejection(bearer(token), firebase_app)
        assert token not in str(error)
        assert token not in repr(error)
        assert error.__cause__ is None and error.__context__ is None


# --- emulator mode: unsigned tokens as the Auth emulator issues them ---------------------------


@pytest.mark.parametrize("role", ["client", "therapist"])
def test_an_emulator_token_with_a_role_yields_the_caller(emulator_mode, firebase_app, role, auth_api):
    token = mint_emulator_token("uid-emu", role)

    assert verify_bearer(bearer(token), firebase_app) == Caller(uid="uid-emu", role=role)


def test_an_expired_emulator_token_is_rejected_with_401(emulator_mode, firebase_app):
    token = mint_emulator_token("uid-emu", "client", expires_in=-60)

    error = rejection(bearer(token), firebase_app)

    assert error.status == 401
    assert "expired" in error.message


def test_an_emulator_token_for_another_audience_is_rejected_with_401(
    emulator_mode, firebase_app
):
    token = mint_emulator_token("uid-emu", "client", project_id="demo-other-project")

    assert rejection(bearer(token), firebase_app).status == 401


def test_an_emulator_token_from_another_issuer_is_rejected_with_401(
    emulator_mode, firebase_app
):
    token = mint_emulator_token(
        "uid-emu", "client", iss="https://evil.example/demo-stepping-stones"
    )

    assert rejection(bearer(token), firebase_app).status == 401


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": OMIT},
        {"iat": OMIT},
        {"auth_time": OMIT},
        {"exp": "tomorrow"},
        {"exp": True},
        {"iat": 4_102_444_800},  # 2100-01-01: issued in the future
        {"auth_time": 4_102_444_800},
        {"sub": OMIT},
    ],
    ids=lambda claims: ",".join(f"{k}={'OMIT' if v is OMIT else v}" for k, v in claims.items()),
)
def test_an_emulator_token_with_bad_time_or_subject_claims_is_rejected_with_401(
    emulator_mode, firebase_app, claims
):
    token = mint_emulator_token("uid-emu", "client", **claims)

    assert rejection(bearer(token), firebase_app).status == 401


def test_an_emulator_token_whose_exp_is_infinity_is_rejected_with_401(
    emulator_mode, firebase_app
):
    # JSON has no Infinity, but Python's parser (used by google-auth) accepts the literal.
    token = mint_emulator_token("uid-emu", "client", exp=float("inf"))

    assert rejection(bearer(token), firebase_app).status == 401


def test_an_emulator_token_without_a_role_is_a_client(emulator_mode, firebase_app):
    token = mint_emulator_token("uid-emu", None)

    assert verify_bearer(bearer(token), firebase_app).role == "client"


# --- configuration problems are ours (503), not the caller's (401) ----------------------------


def test_an_app_without_a_project_id_is_reported_as_auth_unavailable(
    production_mode, cert_server, signing_key, monkeypatch
):
    monkeypatch.delenv("GOOGLE_CLOUD_PROJECT", raising=False)
    monkeypatch.delenv("GCLOUD_PROJECT", raising=False)
    app = firebase_admin.initialize_app(
        credential=offline_credential(), name=f"stepping-stones-{__name__}-no-project"
    )
    try:
        token = mint_signed_token("uid-ada", "client", signing_key)

        assert rejection(bearer(token), app, AuthUnavailable).status == 503
    finally:
        firebase_admin.delete_app(app)


def test_an_auth_emulator_host_with_a_scheme_is_reported_as_auth_unavailable(
    firebase_app, monkeypatch
):
    monkeypatch.setenv("FIREBASE_AUTH_EMULATOR_HOST", "http://127.0.0.1:9099")

    error = rejection(bearer(mint_emulator_token("uid-emu")), firebase_app, AuthUnavailable)

    assert error.status == 503


def test_verify_bearer_refuses_something_that_is_not_a_firebase_app():
    with pytest.raises(TypeError):
        verify_bearer(bearer(mint_emulator_token("uid-emu")), None)


# --- Caller and require_role ---------------------------------------------------------------


def test_a_caller_is_immutable():
    caller = Caller(uid="uid-ada", role="client")

    with pytest.raises(dataclasses.FrozenInstanceError):
        caller.role = "therapist"


@pytest.mark.parametrize(
    "role, allowed",
    [("client", ("client",)), ("therapist", ("therapist",)), ("client", ("therapist", "client"))],
)
def test_require_role_returns_the_caller_whose_role_is_allowed(role, allowed):
    caller = Caller(uid="uid-ada", role=role)

    assert require_role(caller, *allowed) is caller


@pytest.mark.parametrize(
    "role, allowed", [("client", ("therapist",)), ("therapist", ("client",))]
)
def test_require_role_forbids_a_caller_whose_role_is_not_allowed(role, allowed):
    with pytest.raises(Forbidden) as caught:
        require_role(Caller(uid="uid-ada", role=role), *allowed)

    assert caught.value.status == 403
    assert allowed[0] in caught.value.message


@pytest.mark.parametrize("allowed", [(), ("admin",), ("therapists",)])
def test_require_role_rejects_a_missing_or_misspelt_role_list_as_a_programming_error(allowed):
    with pytest.raises(ValueError):
        require_role(Caller(uid="uid-ada", role="client"), *allowed)
