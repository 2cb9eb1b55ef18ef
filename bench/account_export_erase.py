"""Export and erasure of a heavy client (1 check-in, 16 moods and 4 breathing sessions a day, an
experiment a week, a goal a month) at 1, 3 and 10 years: total time, the longest single request or
job invocation, and Firestore reads a document. Run: `python -m bench.account_export_erase [years…]`."""
from __future__ import annotations

import json
import logging
import os
import sys
import time

from stepping_stones import auth_users
from stepping_stones.app import create_app
from stepping_stones.config import Config
from stepping_stones.services import erasure, my_data
from stepping_stones.storage import get_store
from tests.support.heavy_history import seed_heavy_client
from tools.dev_tokens import mint_dev_token

from .support import emulator_for_benchmark, print_table

YEARS = (1, 3, 10)
UID = "bench-heavy-client"
API_TIMEOUT_S, JOB_TIMEOUT_S = 60, 120  # functions/main.py


class RequestLines(logging.Handler):
    """The request log's JSON lines (each with the request's Firestore reads), kept instead of printed."""

    def __init__(self):
        super().__init__()
        self.lines: list[dict] = []

    def emit(self, record):
        self.lines.append(json.loads(record.getMessage()))


def export_all(http, headers, log: RequestLines) -> tuple[int, float, float, int, int]:
    """(documents, total s, longest page s, pages, reads), following the cursors like a phone."""
    cursor, pages, longest, reads, started = None, 0, 0.0, 0, time.perf_counter()
    while True:
        t = time.perf_counter()
        response = http.get("/v1/me/export", headers=headers, query_string={"cursor": cursor} if cursor else None)
        body = response.get_data()
        longest = max(longest, time.perf_counter() - t)
        assert response.status_code == 200, body[:300]
        reads += log.lines[-1]["firestore"]["reads"] - 1  # less the erasure-record check every request makes
        pages += 1
        trailer = json.loads(body.decode().rstrip("\n").rsplit("\n", 1)[-1])
        if "end" in trailer:
            return trailer["end"]["documents"], time.perf_counter() - started, longest, pages, reads
        cursor = trailer["page"]["next_cursor"]
        if pages % 10 == 0:
            print(f"  export: {pages} pages, {trailer['page']['exported']} documents, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)


def erase_all(http, headers, store) -> tuple[int, float, float, float, int, int]:
    """(documents deleted, total s, the DELETE request s, longest job run s, job runs, DELETE status)."""
    started = time.perf_counter()
    response = http.delete("/v1/me", json={"confirm": "DELETE"}, headers=headers)
    request_s, longest_run, runs = time.perf_counter() - started, 0.0, 0
    while store.get_erasure(UID)["state"] != "done":  # what the erase_account trigger does, run by run
        deadline = time.monotonic() + erasure.CHUNK_SECONDS
        t = time.perf_counter()
        erasure.run_erasure_job(store, UID, erasure_now(), lambda uid: True, lambda: deadline - time.monotonic())  # noqa: B023 - called within this iteration
        longest_run, runs = max(longest_run, time.perf_counter() - t), runs + 1
        print(f"  erase: job run {runs} took {time.perf_counter() - t:.1f} s", flush=True)
    return (store.get_erasure(UID)["deleted_documents"], time.perf_counter() - started, request_s, longest_run, runs,
            response.status_code)


def erasure_now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def main(years_list=YEARS) -> None:
    os.environ.setdefault("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099")  # unsigned local tokens
    # No Auth emulator here: the one call that deletes the sign-in account is faked (a no-op).
    auth_users.firebase_auth.delete_user = lambda uid, app=None: None
    log = RequestLines()
    requests_log = logging.getLogger("stepping_stones.requests")
    requests_log.addHandler(log)
    requests_log.propagate = False
    requests_log.setLevel(logging.INFO)
    rows = []
    with emulator_for_benchmark() as emulator:
        for years in years_list:
            emulator.clear()
            store = get_store(Config.from_env())
            app = create_app()
            http = app.test_client()
            requests_log.handlers = [log]  # the app's stdout handler is not needed here
            headers = {"Authorization": f"Bearer {mint_dev_token(UID)}"}
            print(f"Seeding {years} heavy year(s) with batched writes…", flush=True)
            t = time.perf_counter()
            seed_heavy_client(store, UID, years)
            print(f"  seeded in {time.perf_counter() - t:.0f} s", flush=True)
            documents, export_s, page_s, pages, reads = export_all(http, headers, log)
            deleted, erase_s, request_s, run_s, runs, status = erase_all(http, headers, store)
            rows.append([years, documents, f"{export_s:.1f}", pages, f"{page_s:.1f}", f"{reads / documents:.3f}",
                         deleted, f"{erase_s:.1f}", status, f"{request_s:.1f}", runs, f"{run_s:.1f}"])
            print_table(HEADERS, rows[-1:])
    print(f"\nHeavy client export and erasure on the emulator. Export: pages of at most {my_data.PAGE_DOCUMENTS} "
          f"documents or {my_data.PAGE_SECONDS:.0f} s of reading. Erase: DELETE /v1/me deletes for "
          f"{erasure.INLINE_SECONDS:.0f} s at most and stops {erasure.WRAP_UP_SECONDS} s before its request "
          f"budget's end, then job runs of {erasure.CHUNK_SECONDS:.0f} s each. Timeouts: api "
          f"{API_TIMEOUT_S} s, erase_account {JOB_TIMEOUT_S} s.")
    print_table(HEADERS, rows)
    for row in rows:
        longest_request = max(float(row[4]), float(row[9]))
        print(f"{row[0]} year(s): longest API request {longest_request:.1f} s = {longest_request / API_TIMEOUT_S:.0%} "
              f"of its timeout; longest job run {float(row[11]):.1f} s = {float(row[11]) / JOB_TIMEOUT_S:.0%} of "
              f"its timeout; export {float(row[2]) / max(1, row[1]) * 1000:.2f} ms a document")


HEADERS = ["years", "documents", "export s", "pages", "longest page s", "reads/doc", "deleted", "erase s",
           "DELETE status", "DELETE s", "job runs", "longest run s"]

if __name__ == "__main__":
    main(tuple(float(a) for a in sys.argv[1:]) or YEARS)
