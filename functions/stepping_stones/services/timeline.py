"""Every kind of entry merged newest first, paged with an opaque cursor."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from ..domain.local_dates import today_in
from ..domain.records import ENTRY_KINDS
from ..storage import Store
from .entries import by_timeline_key, entry_view
from .paging import decode_cursor, page
from .profile import require_profile


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
    stored = store.list_entries(
        uid,
        kinds=selected,
        key_from=from_date.isoformat() if from_date else None,
        key_before=min(bounds) if bounds else None,
        limit=limit + 1,
    )
    result = page(stored, limit, by_timeline_key)
    return {**result, "items": [entry_view(s, today) for s in result["items"]]}
