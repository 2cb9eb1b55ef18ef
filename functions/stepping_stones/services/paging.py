"""Opaque cursors for newest-first lists keyed by a sortable string."""
from __future__ import annotations

import base64
import binascii
import json
from typing import Callable, TypeVar

from ..errors import ValidationFailed

T = TypeVar("T")


def encode_cursor(last_key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"before": last_key}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))["before"]
        if not isinstance(key, str):
            raise ValueError
        return key
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ValidationFailed("That cursor is not one this API gave out.", {"cursor": ["Invalid cursor."]}) from None


def page(found: list[T], limit: int, key: Callable[[T], str]) -> dict:
    """Split a query's `limit + 1` results into a page and the cursor (the last item's key) for the next one."""
    items, more = found[:limit], len(found) > limit
    return {"items": items, "next_cursor": encode_cursor(key(items[-1])) if more else None}
