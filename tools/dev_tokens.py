"""Unsigned Firebase ID tokens, shaped like the Auth emulator's, for local runs.

`make token UID=... ROLE=...` (python -m tools.dev_tokens UID ROLE) prints one for a new user.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time

import requests

from stepping_stones.auth import ROLES, UID_RULE, uid_is_valid
from tools.auth_emulator import add_account
from tools.emulator import PROJECT_ID

DAY_SECONDS = 24 * 60 * 60
LOCAL_AUTH_EMULATOR = "127.0.0.1:9099"  # make run's Auth emulator (tools/run_local.py)


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


def main(argv: list[str] | None = None) -> int:
    """Print a token for `uid` with `role`, valid for a day against `make run` (emulator auth mode)."""
    parser = argparse.ArgumentParser(prog="make token", description=main.__doc__)
    parser.add_argument("uid", help=f"the user's id: {UID_RULE}")
    parser.add_argument("role", nargs="?", default="client", help="client (default) or therapist")
    args = parser.parse_args(argv)
    if not uid_is_valid(args.uid):
        print(f"UID={args.uid!r} cannot be used: a user id is {UID_RULE}.", file=sys.stderr)
        return 2
    if args.role not in ROLES:
        print(f"ROLE={args.role!r} is not one of {', '.join(sorted(ROLES))}.", file=sys.stderr)
        return 2
    if args.role == "therapist":
        # A therapist's requests are checked against their Auth account (check_revoked): give the
        # uid one in the Auth emulator `make run` started (or FIREBASE_AUTH_EMULATOR_HOST's).
        host = os.environ.get("FIREBASE_AUTH_EMULATOR_HOST") or LOCAL_AUTH_EMULATOR
        try:
            add_account(host, args.uid, role="therapist")
        except (requests.RequestException, RuntimeError) as problem:
            print(f"Could not add {args.uid} to the Auth emulator at {host} ({type(problem).__name__}): "
                  "start `make run` first, or the API will refuse this therapist token.", file=sys.stderr)
    print(mint_dev_token(args.uid, args.role))
    return 0


if __name__ == "__main__":
    sys.exit(main())
