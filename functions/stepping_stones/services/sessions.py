"""The rhythm of sessions: the next session's date, and the therapist's private reflections."""
from __future__ import annotations

from datetime import date, datetime

from ..domain.sessions import REFLECTION_FIELDS, reflection_is_empty
from ..errors import NotFound
from ..storage import Store, StoreTransaction
from .audit import NOT_LINKED
from .clients import require_link
from .erasure import being_erased, guard

REFLECTIONS_LISTED = 100  # the latest, per client: the answer stays bounded


def linked_in(tx: StoreTransaction, therapist_uid: str, client_uid: str) -> dict:
    """In a therapist's write about a client: the link, re-read with both erasure records (the
    therapist's own refuses with 410; a client's erasure, which ends links first, as not linked)."""
    tx.get_erasures(therapist_uid, client_uid)
    guard(tx, therapist_uid)
    link = tx.get_link(therapist_uid, client_uid)
    if link is None or being_erased(tx, client_uid):
        raise NotFound(NOT_LINKED)
    return link


def set_next_session(store: Store, therapist_uid: str, client_uid: str, planned: dict | None) -> dict | None:
    """Set (or, with None, clear) the next session's date; the client's side of the link holds the
    date only when the therapist chose to show it."""
    if planned is not None:
        planned = {"date": planned["date"].isoformat(), "show_to_client": planned["show_to_client"]}

    def work(tx):
        linked_in(tx, therapist_uid, client_uid)
        tx.set_next_session(therapist_uid, client_uid, planned)

    store.run_transaction(work)
    return planned


def reflection_id(kind: str, day: date, client_uid: str) -> str:
    return f"{kind}:{day.isoformat()}:{client_uid}"


def reflection_view(doc: dict) -> dict:
    return {"kind": doc["kind"], "date": doc["date"], **{name: doc.get(name) for name in REFLECTION_FIELDS},
            "created_at": doc["created_at"], "updated_at": doc.get("updated_at")}


def put_reflection(store: Store, therapist_uid: str, client_uid: str, kind: str, day: date, fields: dict,
                   now: datetime) -> tuple[dict | None, bool]:
    """Keep (or change) a reflection beside a session or a moment; every prompt empty deletes it
    (None). Stored under the therapist only: no client route, export or other therapist reads it."""
    doc_id = reflection_id(kind, day, client_uid)

    def work(tx):
        linked_in(tx, therapist_uid, client_uid)
        old = tx.get_reflection(therapist_uid, doc_id)
        if reflection_is_empty(fields):
            if old is not None:
                tx.set_reflection(therapist_uid, doc_id, None)
            return None, False
        doc = {"client_uid": client_uid, "kind": kind, "date": day.isoformat(),
               **{name: (fields.get(name) or "").strip() or None for name in REFLECTION_FIELDS},
               "created_at": old["created_at"] if old else now, "updated_at": now if old else None}
        if old is None or any(old.get(name) != doc[name] for name in REFLECTION_FIELDS):
            tx.set_reflection(therapist_uid, doc_id, doc)
        else:
            doc = old
        return reflection_view(doc), old is None

    return store.run_transaction(work)


def list_reflections(store: Store, therapist_uid: str, client_uid: str) -> list[dict]:
    """The therapist's reflections about a linked client, latest date first (at most 100)."""
    require_link(store, therapist_uid, client_uid)
    docs = store.list_reflections(therapist_uid, "client_uid", client_uid, REFLECTIONS_LISTED)
    return [reflection_view(doc) for doc in docs]
