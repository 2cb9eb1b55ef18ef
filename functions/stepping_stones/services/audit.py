"""The access trail: every therapist read of a client's data, visible to that client."""
from __future__ import annotations

import time
import uuid
from datetime import datetime
from operator import itemgetter

from ..errors import NotFound
from ..storage import Store, StoreTransaction
from .paging import decode_cursor, page

NOT_LINKED = "No linked client with this id."


def record_access(store: Store, client_uid: str, therapist_uid: str, what: str, now: datetime) -> None:
    """Append one read to the client's log in a transaction that reads the link: a read whose link
    ended meanwhile (an unlink, or either side's erasure, which ends links first) is refused with
    the same 404 as an unlinked client, and leaves no line behind."""
    def work(tx):
        link = tx.get_link(therapist_uid, client_uid)
        if link is None:
            raise NotFound(NOT_LINKED)
        log_access(tx, client_uid, therapist_uid, what, now, therapist_name=link.get("therapist_name"))

    store.run_transaction(work)


def log_access(tx: StoreTransaction, client_uid: str, therapist_uid: str, what: str, now: datetime, *,
               therapist_name: str | None) -> None:
    """Add one read to the client's log inside a unit of work that read the link, with the therapist's
    name as the link holds it then (a later rename does not change past records: the log says who
    read, as they were named)."""
    record_id = uuid.uuid4().hex
    # Reads at the same instant keep the order they happened in: nanoseconds break the tie.
    sort_key = f"{now.isoformat()}|{time.time_ns():020d}|{record_id}"
    tx.append_access(client_uid, {
        "id": record_id, "therapist_uid": therapist_uid, "therapist_name": therapist_name, "what": what, "at": now, "sort_key": sort_key,
    })


def page_of_access_log(store: Store, client_uid: str, *, limit: int, cursor: str | None) -> dict:
    docs = store.list_access_log(client_uid, key_before=decode_cursor(cursor) if cursor else None, limit=limit + 1)
    return page(docs, limit, itemgetter("sort_key"))
