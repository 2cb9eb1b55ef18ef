"""Configuration, read from the environment in this one place."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from typing import Mapping

from .domain.invites import ATTEMPT_BUDGET
from .errors import UnsafeConfiguration

DEMO_PROJECT_ID = "demo-stepping-stones"
MAX_BODY_BYTES = 64 * 1024
# The deployer's crisis lines (GET /v1/help); CRISIS_RESOURCES_FILE points elsewhere.
DEFAULT_CRISIS_RESOURCES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                        "crisis_resources.json")
REQUEST_BUDGET_SECONDS = 10.0  # a request answers within this, with 503 + Retry-After at worst
FIRESTORE_CALL_TIMEOUT_SECONDS = 5.0  # one Firestore call, within the request's budget
EXPORT_CURSOR_KEY_MIN_LENGTH = 32


def local_export_cursor_key(project_id: str) -> str:
    """The export cursors' signing key where none is set: emulators and tests only (a deployed
    function refuses to start without EXPORT_CURSOR_KEY, see assert_safe_to_serve)."""
    return hashlib.sha256(f"stepping-stones local export cursors|{project_id}".encode()).hexdigest()


@dataclass(frozen=True)
class Config:
    project_id: str = DEMO_PROJECT_ID
    firestore_emulator_host: str | None = None
    auth_emulator_host: str | None = None
    deployed: bool = False
    max_body_bytes: int = MAX_BODY_BYTES
    invite_attempt_budget: int = ATTEMPT_BUDGET  # well-formed codes all clients may try in an hour
    testing: bool = False
    crisis_resources_file: str = DEFAULT_CRISIS_RESOURCES
    request_budget_seconds: float = REQUEST_BUDGET_SECONDS
    firestore_call_timeout_seconds: float = FIRESTORE_CALL_TIMEOUT_SECONDS
    # A therapist reads client data only with a verified sign-in email: always when deployed;
    # locally (demo accounts are unverified) only with REQUIRE_VERIFIED_EMAIL=true.
    require_verified_email: bool = False
    # HMAC-SHA256 key signing export cursors (EXPORT_CURSOR_KEY, a secret when deployed).
    export_cursor_key: str = local_export_cursor_key(DEMO_PROJECT_ID)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Config":
        env = os.environ if environ is None else environ
        deployed = bool(env.get("K_SERVICE")) and env.get("FUNCTIONS_EMULATOR") != "true"
        project_id = env.get("GCLOUD_PROJECT") or env.get("GOOGLE_CLOUD_PROJECT") or DEMO_PROJECT_ID
        return cls(
            project_id=project_id,
            firestore_emulator_host=env.get("FIRESTORE_EMULATOR_HOST") or None,
            auth_emulator_host=env.get("FIREBASE_AUTH_EMULATOR_HOST") or None,
            # Cloud Run sets K_SERVICE; the Functions emulator sets FUNCTIONS_EMULATOR=true.
            deployed=deployed,
            crisis_resources_file=env.get("CRISIS_RESOURCES_FILE") or DEFAULT_CRISIS_RESOURCES,
            request_budget_seconds=float(env.get("REQUEST_BUDGET_SECONDS") or REQUEST_BUDGET_SECONDS),
            firestore_call_timeout_seconds=float(
                env.get("FIRESTORE_CALL_TIMEOUT_SECONDS") or FIRESTORE_CALL_TIMEOUT_SECONDS),
            require_verified_email=deployed or env.get("REQUIRE_VERIFIED_EMAIL", "").lower() == "true",
            # Deployed, only the secret counts: an empty key is refused by assert_safe_to_serve.
            export_cursor_key=env.get("EXPORT_CURSOR_KEY") or ("" if deployed else local_export_cursor_key(project_id)),
        )

    def with_overrides(self, **changes) -> "Config":
        return replace(self, **changes)

    def assert_safe_to_serve(self) -> None:
        """Refuse to serve a deployed function that would accept unsigned emulator tokens."""
        if self.deployed and self.auth_emulator_host:
            raise UnsafeConfiguration(
                "FIREBASE_AUTH_EMULATOR_HOST is set in a deployed function: unsigned tokens would be "
                "accepted. Unset it; emulator auth is for local runs and tests only."
            )
        if self.deployed and self.firestore_emulator_host:
            raise UnsafeConfiguration("FIRESTORE_EMULATOR_HOST is set in a deployed function.")
        if self.deployed and len(self.export_cursor_key) < EXPORT_CURSOR_KEY_MIN_LENGTH:
            raise UnsafeConfiguration(
                f"EXPORT_CURSOR_KEY must be a secret of at least {EXPORT_CURSOR_KEY_MIN_LENGTH} characters in a "
                "deployed function (firebase functions:secrets:set EXPORT_CURSOR_KEY): it signs export cursors.")
