"""Unsigned Firebase ID tokens, shaped like the Auth emulator's, for local runs."""
from __future__ import annotations

import base64
import json
import time

from tools.emulator import PROJECT_ID

DAY_SECONDS = 24 * 60 * 60


def mint_dev_token(uid: str, role: str = "client", lifetime_seconds: int = DAY_SECONDS) -> str:
    """An `alg: none` ID token the API accepts while FIREBASE_AUTH_EMULATOR_HOST is set."""
    issued_at = int(time.time())
    claims = {
        "iss": f"https://securetoken.google.com/{PROJECT_ID}",
        "aud": PROJECT_ID,
        "sub": uid,
        "user_id": uid,
        "iat": issued_at,
        "exp": issued_at + lifetime_seconds,
        "auth_time": issued_at,
        "role": role,
    }
    return encode_unsigned(claims)


def encode_unsigned(payload: dict, **header) -> str:
    """An unsigned JWT as the Auth emulator issues it: ``alg: none`` and an empty signature."""
    return f"{_base64url_json({'alg': 'none', 'typ': 'JWT', **header})}.{_base64url_json(payload)}."


def _base64url_json(value: dict) -> str:
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
