"""A user's own data: streamed export of everything stored about them, and erasure that leaves nothing."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Iterator

from ..errors import ValidationFailed
from ..storage import Store
from .progress import readable_summary

EXPORT_SCHEMA_VERSION = 1
CONFIRMATION = "DELETE"


def _json_safe(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value


def _readable(collection: str, doc_id: str, data: dict) -> dict:
    """The summary document keeps state and wins as JSON text; the export shows them as JSON."""
    if collection == "private" and doc_id == "summary":
        data = readable_summary(data)
    return data


def export_chunks(store: Store, uid: str, role: str, now: datetime) -> Iterator[str]:
    """The export as JSON text, a document at a time, so three years of history never sit in memory.

    Shape: {"schema_version", "exported_at", "uid", "role", "documents": [{"collection", "id", "data"}],
    "invites": [...]} where `collection` is the path below the user ("" for the profile itself).
    """
    yield json.dumps({"schema_version": EXPORT_SCHEMA_VERSION, "exported_at": now.isoformat(),
                      "uid": uid, "role": role})[:-1]
    yield ', "documents": ['
    for index, (collection, doc_id, data) in enumerate(store.iter_user_documents(uid)):
        record = {"collection": collection, "id": doc_id, "data": _json_safe(_readable(collection, doc_id, data))}
        yield ("," if index else "") + json.dumps(record)
    codes = store.invites_of(uid) if role == "therapist" else store.invites_used_by(uid)
    yield '], "invites": ' + json.dumps(codes) + "}"


def erase_everything(store: Store, uid: str, role: str, confirmation: str) -> int:
    """Delete every document about the caller and every link to them. A therapist's erasure ends
    their links; clients' own records (including their access log naming that therapist) stay."""
    if confirmation != CONFIRMATION:
        raise ValidationFailed("To erase your data, send {\"confirm\": \"DELETE\"}.", {"confirm": ["Must be DELETE."]})
    if role == "therapist":
        pairs = [(uid, link["client_uid"]) for link in store.list_client_links(uid)]
        codes = store.invites_of(uid)
    else:
        pairs = [(link["therapist_uid"], uid) for link in store.list_therapist_links(uid)]
        codes = store.invites_used_by(uid)
    return store.erase_user(uid, link_pairs=pairs, invite_codes=codes)
