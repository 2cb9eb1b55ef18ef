"""A therapist's records of former clients: their own session notes and reflections, kept when a client erased."""
from __future__ import annotations

from ..storage import Store
from .sessions import REFLECTIONS_LISTED, reflection_view


def erased_label(erased_on: str) -> str:
    return f"data erased on {erased_on}"


def former_clients(store: Store, therapist_uid: str) -> list[dict]:
    """Each former client under the name the therapist knew, latest erasure first, sessions latest first."""
    rows = []
    for record_id, record, sessions in store.list_former_clients(therapist_uid):
        erased_on = str(record["erased_on"])
        rows.append({"id": record_id, "display_name": record.get("display_name"), "erased_on": erased_on,
                     "label": erased_label(erased_on), "detached_at": record.get("detached_at"),
                     "sessions": sorted(({"date": s["date"], "note": s.get("note")} for s in sessions),
                                        key=lambda s: str(s["date"]), reverse=True),
                     "reflections": [reflection_view(doc) for doc in store.list_reflections(
                         therapist_uid, "former_client", record_id, REFLECTIONS_LISTED)]})
    rows.sort(key=lambda row: (row["erased_on"], row["detached_at"].isoformat() if row["detached_at"] else "",
                               row["id"]), reverse=True)
    return rows
