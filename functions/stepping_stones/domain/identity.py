"""The identity rule: which user ids the API serves, shared by auth and the contract's path check.

A uid is used as one Firestore document id (users/{uid}), so only uids that are always a single,
ordinary path segment are accepted. Firebase Auth's own sign-up gives 28 alphanumeric characters;
custom tokens and the Admin SDK's create_user accept any string of 1 to 128 characters, which could
hold "/", "." or a reserved "__name__".
"""
from __future__ import annotations

import re

# Reads the same in Python and in ECMA 262 (JSON Schema).
UID_PATTERN = "^(?!__.*__$)[A-Za-z0-9_-]{1,128}$"
UID_RULE = "1 to 128 characters of A-Z, a-z, 0-9, '_' and '-', not both starting and ending with '__'"
_UID = re.compile(UID_PATTERN)


def uid_is_valid(uid) -> bool:
    """Whether `uid` follows the identity rule: the only uids the API serves."""
    return isinstance(uid, str) and _UID.fullmatch(uid) is not None
