"""The access trail: every therapist read of a client's data, visible to that client."""
from __future__ import annotations

import time
import uuid
from datetime import datetime

from ..storage import Store
from .paging import decode_cursor, page


def record_access(store: Store, client_uid: str, therapist_uid: str, what: str, now: datetime, *,
                  therapist_name: str | None = None) -> None:
    """Append one read to the client's log, with the therapist's name as the link holds it then
    (a later rename does not change past records: the log says who read, as they were named)."""
    record_id = uuid.uuid4().hex
    # Reads at the same instant keep the order they happened in: nanoseconds break the tie.
    sort_key = f"{now.isoformat()}|{time.time_ns():020d}|{record_id}"
    store.append_access(client_uid, {
        "id": record_id, "therapist_uid": therapist_uid, "therapist_name": therapist_name, "what": what, "at": now, "sort_key": sort_key,
    })


def page_of_access_log(store: Store, client_uid: str, *, limit: int, cursor: str | None) -> dict:
    docs = store.list_access_log(client_uid, key_before=decode_cursor(cursor) if cursor else None, limit=limit + 1)
    return page(docs, limit, "sort_key")
