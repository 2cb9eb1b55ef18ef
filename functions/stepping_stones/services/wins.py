"""Reading a client's micro-wins, newest first."""
from __future__ import annotations

from datetime import date
from operator import itemgetter

from ..storage import Store
from .paging import decode_cursor, page


def page_of_wins(store: Store, uid: str, *, since: date | None, limit: int, cursor: str | None) -> dict:
    docs = store.list_wins(
        uid,
        key_from=since.isoformat() if since else None,
        key_before=decode_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    return page(docs, limit, itemgetter("sort_key"))
