"""Invite codes a therapist hands a client to link with consent, and limits on guessing them."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from math import ceil, log2
from typing import Any

# 25 characters: A-Z and 0-9 without the look-alikes 0/O, 1/I/L, 5/S, 2/Z and 8/B.
#   letters: A C D E F G H J K M N P Q R T U V W X Y   digits: 3 4 6 7 9
INVITE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 16  # shown as four groups of four: XXXX-XXXX-XXXX-XXXX
GROUP_LENGTH = 4
CODE_BITS = CODE_LENGTH * log2(len(INVITE_ALPHABET))  # 25**16 ≈ 2.3e22 codes: 74.3 bits
INVITE_VALID_FOR = timedelta(hours=72)

# Bytes at or above the largest multiple of the alphabet size are thrown away, so that every
# character is equally likely (taking `byte % 25` of all 256 values would favour the first six).
_ACCEPT_BELOW = 256 - 256 % len(INVITE_ALPHABET)
_MAX_DRAWS = 64
_SEPARATORS = str.maketrans("", "", " \t\n-\u2010\u2011\u2012\u2013\u2014")

UNKNOWN, USED, EXPIRED, MALFORMED = "unknown", "used", "expired", "malformed"
ISSUER_ERASING = "issuer erasing"  # the therapist who issued it is erasing their account
# One answer for every problem, so a caller learns nothing about which codes exist.
INVITE_REJECTED_MESSAGE = "This code can't be used. Check it with your therapist, or ask them for a new one."

# Guessing is limited twice, in fixed windows of an hour (see docs/privacy-and-security.md, "Invite codes
# cannot be guessed"): each client may try 10 codes, and all clients together ATTEMPT_BUDGET well-formed
# ones (the API's setting).
# Attempts are counted before a code is looked at, so parallel attempts cannot overtake the count.
MAX_ATTEMPTS_PER_CLIENT = 10
ATTEMPT_BUDGET = 1000
ATTEMPT_WINDOW = timedelta(hours=1)


def new_invite_code(random_bytes: Callable[[int], bytes]) -> str:
    """A fresh code; pass `secrets.token_bytes`. Unbiased: out-of-range bytes are rejected."""
    chars: list[str] = []
    for _ in range(_MAX_DRAWS):
        chars += [INVITE_ALPHABET[b % len(INVITE_ALPHABET)]
                  for b in random_bytes(CODE_LENGTH - len(chars)) if b < _ACCEPT_BELOW]
        if len(chars) == CODE_LENGTH:
            return "".join(chars)
    raise RuntimeError("the random source keeps giving bytes out of range")


def normalize_code(text: Any) -> str | None:
    """The code as stored (uppercase, no spaces or dashes), or None when it cannot be a code."""
    if not isinstance(text, str):
        return None
    code = text.translate(_SEPARATORS).upper()
    if len(code) != CODE_LENGTH or any(char not in INVITE_ALPHABET for char in code):
        return None
    return code


def new_invite(therapist_uid: str, now: datetime) -> dict[str, Any]:
    """The fields of an invite created at `now` (the code is its key, kept by the caller)."""
    return {"therapist_uid": therapist_uid, "created_at": now,
            "expires_at": now + INVITE_VALID_FOR, "used_by": None}


def invite_problem(invite: dict[str, Any] | None, now: datetime) -> str | None:
    """Why an invite cannot be redeemed at `now`, for logs only; None when it can.

    An invite is valid while `now < expires_at`: at exactly 72 hours it has expired.
    """
    if invite is None:
        return UNKNOWN
    if invite.get("used_by") is not None:
        return USED
    expires_at = invite.get("expires_at")
    if expires_at is None or not invite.get("therapist_uid"):
        return MALFORMED
    if now >= expires_at:
        return EXPIRED
    return None


def display_code(code: str) -> str:
    """A stored code as people read and type it: groups of four joined by dashes."""
    return "-".join(code[i:i + GROUP_LENGTH] for i in range(0, len(code), GROUP_LENGTH))


def attempt_window(now: datetime) -> tuple[str, int]:
    """The window `now` falls in (its name, "2026-03-10T12" for the hour from 12:00 UTC) and the
    whole seconds until it ends (at least 1): the Retry-After of a refused attempt."""
    seconds = ATTEMPT_WINDOW.total_seconds()
    start = now.timestamp() // seconds * seconds
    started = datetime.fromtimestamp(start, tz=timezone.utc)
    return started.strftime("%Y-%m-%dT%H"), max(1, ceil(start + seconds - now.timestamp()))
