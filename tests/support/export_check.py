"""What a phone does with a downloaded export: follow the cursors, then check the count and checksum."""
from __future__ import annotations

import hashlib
import json

ZERO_HASH = "0" * 64


def chain(hex_digest: str, line: str) -> str:
    """The checksum step as README states it, written here independently of the server's."""
    return hashlib.sha256(bytes.fromhex(hex_digest) + line.encode("utf-8")).hexdigest()


def download(user, max_pages: int = 10_000) -> list[bytes]:
    """Every page of the caller's export, following `next_cursor` until the `end` line."""
    pages, cursor = [], None
    for _ in range(max_pages):
        response = user.get("/v1/me/export", **({"cursor": cursor} if cursor else {}))
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        assert response.mimetype == "application/x-ndjson"
        pages.append(response.get_data())
        trailer = json.loads(response.get_data().decode().rstrip("\n").rsplit("\n", 1)[-1])
        if "end" in trailer:
            return pages
        cursor = trailer["page"]["next_cursor"]
    raise AssertionError("the export never ended")


class ExportMismatch(ValueError):
    """What a phone would see when a downloaded export does not add up."""


def verify_export(pages: list[bytes]) -> list[dict]:
    """Check downloaded pages as a client should: every page ends with its trailer, the last with
    `end`, and the count and checksum match. Returns the document records."""
    digest, records = ZERO_HASH, []
    for index, page in enumerate(pages):
        lines = page.decode().split("\n")
        if lines[-1] != "":
            raise ExportMismatch(f"page {index} does not end with a newline")
        *body, trailer = lines[:-1] or [""]
        try:
            trailer_record = json.loads(trailer)
        except ValueError as error:
            raise ExportMismatch(f"page {index} ends mid-line") from error
        for line in body:
            digest = chain(digest, line)
            record = json.loads(line)
            if "export" not in record:
                records.append(record)
        last = index == len(pages) - 1
        if last and "end" not in trailer_record:
            raise ExportMismatch("the last page has no end line: pages are missing")
        if not last and "page" not in trailer_record:
            raise ExportMismatch(f"page {index} has no page line")
    end = trailer_record["end"]
    if end["documents"] != len(records) or end["sha256"] != digest:
        raise ExportMismatch(f"{len(records)} documents received, {end['documents']} sent; checksum "
                             f"{'matches' if end['sha256'] == digest else 'differs'}")
    return records
