"""Verifies the Firebase ID token in an Authorization header and names the caller and their role."""
from __future__ import annotations

import logging
import math
import os
import re
import time
from dataclasses import dataclass, field

import firebase_admin
from firebase_admin import auth as firebase_auth
from firebase_admin import credentials
from firebase_admin import exceptions as firebase_exceptions
from google.auth.credentials import AnonymousCredentials

from stepping_stones.domain.identity import UID_RULE, uid_is_valid
from stepping_stones.errors import AppError, Forbidden, Unauthenticated

logger = logging.getLogger(__name__)

ROLES = frozenset({"client", "therapist"})
ROLE_CLAIM = "role"
AUTH_EMULATOR_HOST_ENV = "FIREBASE_AUTH_EMULATOR_HOST"

# A compact JWS: three base64url segments; the Auth emulator leaves the signature segment empty.
_JWT_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
# Firebase ID tokens are about 1 KB (custom claims are capped at 1000 bytes); refuse anything huge.
_MAX_TOKEN_LENGTH = 8192

_MISSING_HEADER = "Missing Authorization header; send 'Authorization: Bearer <Firebase ID token>'."
_WRONG_SCHEME = "The Authorization header must use the Bearer scheme."
_EMPTY_TOKEN = "The Authorization header has no token after 'Bearer'."
_MALFORMED_TOKEN = "The bearer token is not a well-formed Firebase ID token."
_EXPIRED_TOKEN = "The Firebase ID token has expired; refresh it and try again."
_INVALID_TOKEN = "The Firebase ID token is invalid."
_UNUSABLE_UID = f"This account's user id cannot be used with Stepping Stones: a user id is {UID_RULE}."
_UNAVAILABLE = "Sign-in cannot be verified right now; try again shortly."
_REVOKED = ("This sign-in has ended: the account's access changed or it was signed out everywhere. "
            "Sign in again.")
_DISABLED = "This account is disabled. Ask your practice to enable it again."
_NO_ACCOUNT = "This account no longer exists."
_UNKNOWN_ROLE = ("This account's role is not one Stepping Stones knows (client or therapist). "
                 "Ask your practice to set it again.")
_UNVERIFIED_EMAIL = ("Verify your email address before reading client data: open the link in the "
                     "verification email, then sign in again.")


class AuthUnavailable(AppError, status=503, code="auth_unavailable"):
    """The server cannot verify ID tokens right now (our fault, not the caller's): 503."""


@dataclass(frozen=True)
class Caller:
    """The verified caller: their Firebase uid, their role ("client" or "therapist") and whether
    their sign-in email address is verified."""

    uid: str
    role: str
    # When the user signed in (seconds since the epoch): an erasure refuses tokens from before it.
    auth_time: float = field(default=0.0, compare=False)
    email_verified: bool = False


class _OfflineCredential(credentials.Base):
    """A firebase-admin credential that never fetches an access token."""

    def get_credential(self):
        return AnonymousCredentials()


def offline_credential() -> credentials.Base:
    """A credential for apps that only verify ID tokens or talk to emulators.

    Verifying an ID token needs the project ID (pass it as the ``projectId`` app option) and
    Google's public signing certificates, never an access token; the Firestore client swaps in
    anonymous credentials itself when ``FIRESTORE_EMULATOR_HOST`` is set. Calls that need a real
    access token (user management against production, say) fail rather than reach for ADC.
    """
    return _OfflineCredential()


def verify_bearer(authorization_header: str | None, firebase_app) -> Caller:
    """Verify ``Authorization: Bearer <Firebase ID token>`` and return the caller.

    A verified token without a ``role`` claim is a client: every new account, whatever the
    sign-in provider, can use the client routes at once, and only the deployer's ``make role``
    (the Admin SDK) ever sets ``therapist``. A therapist's token is also checked against the Auth
    user record (``check_revoked=True``, one Auth API call), so removing the role (which revokes
    the refresh tokens) or disabling the account ends their access at once; a client's stays on
    the cheap path (signature and claims only).

    Raises ``Unauthenticated`` (401) when the header or token is missing, malformed, expired,
    wrongly signed, meant for another project, or a therapist's token was revoked or their account
    deleted; ``Forbidden`` (403) when the role claim is not ``client``/``therapist`` or a
    therapist's account is disabled; ``AuthUnavailable`` (503) when this server cannot verify
    tokens (signing certificates or the Auth API unreachable, app misconfigured). A verified token
    whose uid breaks the identity rule (UID_RULE) is a 401 too. Messages never
    include the token, and 401s carry no chained exception that could echo it into logs.
    """
    token = _bearer_token(authorization_header)
    claims = _verified_claims(token, firebase_app)
    if not uid_is_valid(claims.get("uid")):
        raise Unauthenticated(_UNUSABLE_UID)
    role = _role_of(claims)
    if role == "therapist":
        _check_not_revoked(token, firebase_app)
    return Caller(uid=claims["uid"], role=role, auth_time=claims["auth_time"],
                  email_verified=claims.get("email_verified") is True)


def require_verified_email(caller: Caller) -> Caller:
    """Return ``caller`` when their sign-in email is verified; otherwise ``Forbidden`` (403)."""
    if not caller.email_verified:
        raise Forbidden(_UNVERIFIED_EMAIL)
    return caller



def require_role(caller: Caller, *roles: str) -> Caller:
    """Return ``caller`` when their role is one of ``roles``; otherwise raise ``Forbidden``."""
    if not roles:
        raise ValueError("require_role() needs at least one role.")
    unknown = set(roles) - ROLES
    if unknown:
        raise ValueError(f"require_role() got unknown roles: {sorted(unknown)}.")
    if caller.role not in roles:
        allowed = " or ".join(sorted(roles))
        raise Forbidden(f"This action is only available to the {allowed} role.")
    return caller


def _bearer_token(authorization_header: str | None) -> str:
    if authorization_header is None or not authorization_header.strip():
        raise Unauthenticated(_MISSING_HEADER)
    scheme, _, rest = authorization_header.strip().partition(" ")
    if scheme.lower() != "bearer":  # auth schemes are case-insensitive (RFC 9110 11.1)
        raise Unauthenticated(_WRONG_SCHEME)
    token = rest.strip()
    if not token:
        raise Unauthenticated(_EMPTY_TOKEN)
    if len(token) > _MAX_TOKEN_LENGTH or not _JWT_SHAPE.fullmatch(token):
        raise Unauthenticated(_MALFORMED_TOKEN)
    return token


def _verified_claims(token: str, firebase_app) -> dict:
    _check_configuration(firebase_app)
    try:
        claims = firebase_auth.verify_id_token(token, app=firebase_app)
    except firebase_auth.ExpiredIdTokenError:  # subclass of InvalidIdTokenError: catch it first
        rejection = _EXPIRED_TOKEN
    except (firebase_auth.InvalidIdTokenError, ValueError) as exc:
        # firebase-admin's messages can quote the token, so only the exception type is logged.
        logger.info("Rejected an ID token: %s", type(exc).__name__)
        rejection = _INVALID_TOKEN
    except firebase_auth.CertificateFetchError as exc:
        logger.warning("Could not fetch the ID token signing certificates: %s", exc)
        raise AuthUnavailable(_UNAVAILABLE) from exc
    else:
        rejection = _time_claims_problem(claims)
        if rejection is None:
            return claims
    # Raised outside the except blocks so the 401 has no __context__ quoting the token.
    raise Unauthenticated(rejection)


def _check_not_revoked(token: str, firebase_app) -> None:
    """Ask the Auth API whether this (already verified) token was revoked or its user disabled.

    With FIREBASE_AUTH_EMULATOR_HOST set, firebase-admin asks the emulator's user API.
    """
    try:
        firebase_auth.verify_id_token(token, app=firebase_app, check_revoked=True)
    except firebase_auth.RevokedIdTokenError:  # subclass of InvalidIdTokenError: catch it first
        rejection: AppError = Unauthenticated(_REVOKED)
    except firebase_auth.UserDisabledError:
        rejection = Forbidden(_DISABLED)
    except firebase_auth.UserNotFoundError:
        rejection = Unauthenticated(_NO_ACCOUNT)
    except (firebase_auth.InvalidIdTokenError, ValueError):
        rejection = Unauthenticated(_INVALID_TOKEN)
    except firebase_exceptions.FirebaseError as exc:  # the Auth API or the certificates unreachable
        logger.warning("Could not check a therapist token against the Auth API: %s", type(exc).__name__)
        raise AuthUnavailable(_UNAVAILABLE) from None
    else:
        return
    raise rejection


def _check_configuration(firebase_app) -> None:
    """Fail as 503 (not 401) when firebase-admin would reject every token for a config reason."""
    if not isinstance(firebase_app, firebase_admin.App):
        raise TypeError(
            f"verify_bearer() needs a firebase_admin.App, not {type(firebase_app).__name__}."
        )
    if not firebase_app.project_id:
        logger.error("Firebase app %r has no project ID; cannot verify ID tokens.",
                     firebase_app.name)
        raise AuthUnavailable(_UNAVAILABLE)
    if "//" in os.environ.get(AUTH_EMULATOR_HOST_ENV, ""):
        logger.error("%s must be host:port without a scheme.", AUTH_EMULATOR_HOST_ENV)
        raise AuthUnavailable(_UNAVAILABLE)


def _time_claims_problem(claims: dict) -> str | None:
    """Check exp, iat and auth_time, which firebase-admin skips in emulator mode.

    With FIREBASE_AUTH_EMULATOR_HOST set, firebase-admin 7.7 still checks aud, iss and sub but
    neither the signature nor any time claim. In production google-auth has already checked
    exp and iat with the same rules (no clock skew), so repeating them here is harmless;
    auth_time is required by Firebase's token rules but checked by neither.
    """
    now = int(time.time())
    times = {name: claims.get(name) for name in ("exp", "iat", "auth_time")}
    if not all(_is_finite_number(value) for value in times.values()):
        return _INVALID_TOKEN
    if times["exp"] < now:
        return _EXPIRED_TOKEN
    if times["iat"] > now or times["auth_time"] > now:
        return _INVALID_TOKEN
    return None


def _is_finite_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _role_of(claims: dict) -> str:
    """The caller's role: the ``role`` claim, or ``client`` when the token has none (a new account)."""
    if ROLE_CLAIM not in claims:
        return "client"
    role = claims[ROLE_CLAIM]
    if not isinstance(role, str) or role not in ROLES:
        raise Forbidden(_UNKNOWN_ROLE)
    return role
