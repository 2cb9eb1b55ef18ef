"""The client's agenda: "I'd like to talk about this" items, added and removed by the client, closed by a held session."""
from __future__ import annotations

from datetime import datetime

from ..domain.bounds import AGENDA_ITEMS
from ..domain.sessions import agenda_changes, agenda_view
from ..errors import EntryConflict, NotFound
from ..storage import Store, StoreTransaction
from .summary import limit_reached, summary_in

# Reads of the whole agenda take this many at most: the bound, plus what one sync batch could add past a
# count read before it (a batch holds at most 100 operations).
AGENDA_READ_LIMIT = AGENDA_ITEMS.limit + 100
TALKED_ABOUT = "This item was talked about in a session on {day}; it stays as part of your record."


def put_item(store: Store, uid: str, item_id: str, fields: dict, now: datetime) -> tuple[dict, bool]:
    """Add (True) or reword (False) an item. Past the bound, the oldest item already talked about
    makes room; with none, 409. Like every change of the client's own, it rewrites the summary
    document as read, so its commit fails if an erasure (which deletes the summary first) began."""
    def work(tx):
        tx.prefetch(uid, agenda=[item_id])
        summary = summary_in(tx, uid)
        old = tx.get_agenda_item(uid, item_id)
        if old is not None and old.get("talked_about_on"):
            raise EntryConflict(TALKED_ABOUT.format(day=old["talked_about_on"]), {"id": ["Already talked about."]})
        new = {"id": item_id, "text": fields["text"], "added_on": old["added_on"] if old else fields["local_date"].isoformat(),
               "about": fields.get("about"),
               "talked_about_on": None, "closed_by": None, "added_at": old["added_at"] if old else now}
        if old is None:
            _make_room(tx, store, uid)
        if old != new:
            tx.set_agenda_item(uid, new)
            tx.set_summary(uid, summary)  # unchanged: the erasure's precondition (see the docstring)
        return agenda_view(new), old is None

    return store.run_transaction(work, optimistic=True)


def _make_room(tx: StoreTransaction, store: Store, uid: str) -> None:
    items = store.list_agenda(uid, AGENDA_READ_LIMIT)  # one query of a bounded collection
    if len(items) < AGENDA_ITEMS.limit:
        return
    talked_about = sorted((i for i in items if i.get("talked_about_on")), key=lambda i: (i["talked_about_on"], i["id"]))
    if not talked_about:
        raise limit_reached(AGENDA_ITEMS)
    tx.delete_agenda_item(uid, talked_about[0]["id"])


def delete_item(store: Store, uid: str, item_id: str, now: datetime) -> None:
    """Remove an item not yet talked about (404 when there is none, 409 once a session took it up)."""
    def work(tx):
        tx.prefetch(uid, agenda=[item_id])
        summary = summary_in(tx, uid)
        old = tx.get_agenda_item(uid, item_id)
        if old is None:
            raise NotFound(f"No agenda item with id '{item_id}'.")
        if old.get("talked_about_on"):
            raise EntryConflict(TALKED_ABOUT.format(day=old["talked_about_on"]), {"id": ["Already talked about."]})
        tx.delete_agenda_item(uid, item_id)
        tx.set_summary(uid, summary)

    store.run_transaction(work, optimistic=True)


def list_items(store: Store, uid: str) -> list[dict]:
    """The client's items, open ones first, each oldest first."""
    items = store.list_agenda(uid, AGENDA_READ_LIMIT)
    items.sort(key=lambda i: (i.get("talked_about_on") is not None, i["added_on"], i["id"]))
    return [agenda_view(item) for item in items]


def close_or_reopen(tx: StoreTransaction, therapist_uid: str, client_uid: str, day: str, held: bool) -> None:
    """Inside a therapist's session write (a locking transaction that read the link): a held session
    closes the open items added up to its day; a session no longer held reopens what it closed."""
    for item in agenda_changes(tx.list_agenda(client_uid, AGENDA_READ_LIMIT), therapist_uid, day, held):
        tx.set_agenda_item(client_uid, item)
