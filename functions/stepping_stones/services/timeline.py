"""Every kind of entry merged newest first, paged with an opaque cursor."""
from __future__ import annotations

import base64
import binascii
import json
from datetime import date, datetime, timedelta

from ..domain.local_dates import today_in
from ..domain.records import ENTRY_KINDS
from ..errors import ValidationFailed
from ..storage import Store
from .entries import entry_view
from .profile import require_profile


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
        raise ValidationFailed("That cursor is not one this API gave out.", {"cursor": ["Invalid cursor."]})


def page_of_timeline(
    store: Store,
    uid: str,
    now: datetime,
    *,
    from_date: date | None = None,
    to_date: date | None = None,
    kinds: tuple[str, ...] | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict:
    """One page of entries, newest first, with the cursor for the next (None on the last page)."""
    profile = require_profile(store.get_profile(uid))
    today = today_in(profile["timezone"], now)
    bounds = [decode_cursor(cursor)] if cursor else []
    if to_date is not None:
        bounds.append((to_date + timedelta(days=1)).isoformat())
    selected = None if not kinds or set(kinds) == set(ENTRY_KINDS) else tuple(sorted(set(kinds)))
    docs = store.list_entries(
        uid,
        kinds=selected,
        key_from=from_date.isoformat() if from_date else None,
        key_before=min(bounds) if bounds else None,
        limit=limit + 1,
    )
    page, more = docs[:limit], len(docs) > limit
    return {
        "items": [entry_view(doc, today) for doc in page],
        "next_cursor": encode_cursor(page[-1]["timeline_key"]) if more else None,
    }
