"""A user's own data, exported in pages: NDJSON, a cursor between pages, and a count and checksum at the end.

Each page is one bounded request (at most PAGE_DOCUMENTS documents and PAGE_SECONDS of reading), so
no request nears the function's timeout however long the history. A page is built whole before it
is sent: a failure is an error status, never a 200 cut short. Lines:

- the first line of the first page: {"export": {"schema_version", "exported_at", "uid", "role"}};
- one line a document: {"collection", "id", "data"} where `collection` is the path below
  users/{uid} ("" for the profile itself, "/invites" for invites issued or used);
- the last line of a page: {"page": {"documents", "exported", "next_cursor"}}, or on the last page
  {"end": {"documents", "sha256"}}.

The checksum chains every line before the `end` line except the `page` lines: h = 32 zero bytes;
for each line L (UTF-8, without its newline) h = SHA-256(h + L); `sha256` is h in hex. `documents`
counts the document lines. A download that lost a page, a line or a byte does not match.

A cursor carries where the next page starts and the running count and checksum, and is signed
(HMAC-SHA256 over the caller's uid and the payload, with config's export_cursor_key): one altered
or made up, or another user's, is refused, so the final checksum covers every page the API sent.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from datetime import date, datetime
from typing import Callable

from ..errors import ValidationFailed
from ..storage import START, Position, Store, is_position

EXPORT_SCHEMA_VERSION = 2
PAGE_DOCUMENTS = 2000
PAGE_SECONDS = 20.0  # of reading per page: far below the 60 s the api function may run
ZERO_HASH = "0" * 64
INVITES = "/invites"
_BAD_CURSOR = "That cursor is not one this API gave out: start the export again without one."


def _json_safe(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value


def chain(hex_digest: str, line: str) -> str:
    """One step of the export checksum: SHA-256 of the previous digest's bytes and the line's."""
    return hashlib.sha256(bytes.fromhex(hex_digest) + line.encode()).hexdigest()


def _owner_tag(uid: str) -> str:
    return hashlib.sha256(uid.encode()).hexdigest()[:12]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _signature(key: str, uid: str, payload: str) -> str:
    return _b64(hmac.new(key.encode(), f"{uid}\n{payload}".encode(), hashlib.sha256).digest())


def encode_cursor(key: str, uid: str, position: Position, exported: int, digest: str, exported_at: str) -> str:
    """`payload.signature`, both URL-safe base64."""
    fields = {"u": _owner_tag(uid), "p": list(position), "n": exported, "h": digest, "t": exported_at}
    payload = _b64(json.dumps(fields, separators=(",", ":")).encode())
    return f"{payload}.{_signature(key, uid, payload)}"


def decode_cursor(key: str, uid: str, cursor: str) -> tuple[Position, int, str, str]:
    """(position, documents exported so far, checksum so far, exported_at) from a cursor; 400 if it is not one."""
    try:
        encoded, signature = cursor.split(".")
        if not hmac.compare_digest(signature, _signature(key, uid, encoded)):
            raise ValueError("not signed by this API for this caller")
        payload = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        name, parent, after = payload["p"]
        exported, digest, exported_at = payload["n"], payload["h"], payload["t"]
        valid = (payload["u"] == _owner_tag(uid) and is_position((name, parent, after))
                 and isinstance(exported, int) and exported >= 0
                 and isinstance(digest, str) and len(digest) == 64 and bytes.fromhex(digest) is not None
                 and isinstance(exported_at, str) and datetime.fromisoformat(exported_at) is not None)
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        valid = False
    if not valid:
        raise ValidationFailed(_BAD_CURSOR, {"cursor": [_BAD_CURSOR]})
    return (name, parent, after), exported, digest, exported_at


def export_page(store: Store, uid: str, role: str, now: datetime, cursor: str | None, cursor_key: str,
                clock: Callable[[], float] = time.monotonic) -> list[str]:
    """One page of the export, as its lines (each a JSON text without the newline); `cursor_key` signs cursors."""
    lines: list[str] = []
    if cursor is None:
        position, exported, digest, exported_at = START, 0, ZERO_HASH, now.isoformat()
        header = json.dumps({"export": {"schema_version": EXPORT_SCHEMA_VERSION, "exported_at": exported_at,
                                        "uid": uid, "role": role}})
        lines.append(header)
        digest = chain(digest, header)
    else:
        position, exported, digest, exported_at = decode_cursor(cursor_key, uid, cursor)
    deadline = clock() + PAGE_SECONDS
    documents, after = store.read_account_page(uid, position, limit=PAGE_DOCUMENTS,
                                               time_left=lambda: deadline - clock())
    records = list(documents)
    if after is None:
        field = "therapist_uid" if role == "therapist" else "used_by"
        records += [(INVITES, snapshot.id, {"role": "issued" if role == "therapist" else "used"})
                    for snapshot in store.invite_refs(field, uid)]
    for collection, doc_id, data in records:
        line = json.dumps({"collection": collection, "id": doc_id, "data": _json_safe(data)})
        lines.append(line)
        digest = chain(digest, line)
    exported += len(records)
    if after is None:
        lines.append(json.dumps({"end": {"documents": exported, "sha256": digest}}))
    else:
        next_cursor = encode_cursor(cursor_key, uid, after, exported, digest, exported_at)
        lines.append(json.dumps({"page": {"documents": len(records), "exported": exported,
                                          "next_cursor": next_cursor}}))
    return lines
