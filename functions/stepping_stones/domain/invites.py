"""Invite codes a therapist hands a client to link with consent, and limits on guessing them."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from math import ceil
from typing import Any

# 25 characters: A-Z and 0-9 without the look-alikes 0/O, 1/I/L, 5/S, 2/Z and 8/B.
#   letters: A C D E F G H J K M N P Q R T U V W X Y   digits: 3 4 6 7 9
INVITE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8  # 25**8 ≈ 1.5e11 codes (about 37 bits), guessed at most 10 times an hour
INVITE_VALID_FOR = timedelta(hours=72)

# Bytes at or above the largest multiple of the alphabet size are thrown away, so that every
# character is equally likely (taking `byte % 25` of all 256 values would favour the first six).
_ACCEPT_BELOW = 256 - 256 % len(INVITE_ALPHABET)
_MAX_DRAWS = 64
_SEPARATORS = str.maketrans("", "", " \t\n-\u2010\u2011\u2012\u2013\u2014")

UNKNOWN, USED, EXPIRED, MALFORMED = "unknown", "used", "expired", "malformed"
# One answer for every problem, so a caller learns nothing about which codes exist.
INVITE_REJECTED_MESSAGE = "This code can't be used. Check it with your therapist, or ask them for a new one."

MAX_FAILURES = 10
FAILURE_WINDOW = timedelta(hours=1)


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


def prune_failures(failures: Iterable[datetime], now: datetime,
                   window: timedelta = FAILURE_WINDOW) -> list[datetime]:
    """The failures still inside the sliding window (later than `now - window`), oldest first."""
    return sorted(failure for failure in failures if failure > now - window)


def attempts_allowed(failures: Iterable[datetime], now: datetime, limit: int = MAX_FAILURES,
                     window: timedelta = FAILURE_WINDOW) -> tuple[bool, int]:
    """(allowed, retry_after_seconds) for one more attempt, given earlier failed attempts.

    `limit` failures fit in any window; the next attempt is refused until enough of them have
    left it that one more would fit again: with exactly `limit`, until the oldest one leaves.
    """
    recent = prune_failures(failures, now, window)
    if len(recent) < limit:
        return True, 0
    must_leave = recent[len(recent) - limit]
    return False, max(1, ceil((must_leave + window - now).total_seconds()))
