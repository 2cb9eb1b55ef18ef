"""The hot-document drill: many phones of one client writing at once, each honouring Retry-After.

Figures: statuses of every attempt, server-side retries, the slowest request against the budget,
and whether every entry ended stored exactly once.
"""
from __future__ import annotations

import collections
import json
import logging
import os
import threading
import time

from tests.support.api import ApiUser

from .support import emulator_for_benchmark, print_table

MOODS_EACH = 10
DAY = "2026-03-09"


class RequestLines(logging.Handler):
    """Collects the API's request log lines (status, duration, retries)."""

    def __init__(self):
        super().__init__()
        self.lines: list[dict] = []

    def emit(self, record):  # logging.Handler.handle holds the handler's own lock around this
        self.lines.append(json.loads(record.getMessage()))


def drill(app, writers: int, uid: str) -> dict:
    attempts: collections.Counter = collections.Counter()
    missing_retry_after = []
    waited = []

    def phone(n: int) -> None:
        user = ApiUser(app.test_client(), uid)
        requests = [("PUT", f"/v1/moods/w{n}-{i}", {"at": f"{DAY}T{8 + i:02d}:{n:02d}:00+01:00", "rating": 5})
                    for i in range(MOODS_EACH)]
        requests.insert(MOODS_EACH // 2, ("PUT", f"/v1/checkins/c{n}", {"local_date": DAY, "mood": 6}))
        for _method, path, body in requests:
            while True:
                response = user.put(path, body)
                attempts[response.status_code] += 1
                if response.status_code != 503:
                    break
                if "Retry-After" not in response.headers:
                    missing_retry_after.append(path)
                    break
                pause = int(response.headers["Retry-After"])
                waited.append(pause)
                time.sleep(pause)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(writers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    user = ApiUser(app.test_client(), uid)
    items = user.get("/v1/timeline", limit=100).get_json()
    ids = [item["id"] for item in items["items"]]
    while items.get("next_cursor"):
        items = user.get("/v1/timeline", limit=100, cursor=items["next_cursor"]).get_json()
        ids += [item["id"] for item in items["items"]]
    moods = [i for i in ids if i.startswith("w")]
    checkins = [i for i in ids if i.startswith("c")]
    summary = user.get("/v1/summary").get_json()
    return {"attempts": attempts, "missing_retry_after": missing_retry_after, "waited": waited, "wall": wall,
            "moods_stored": len(moods), "moods_unique": len(set(moods)), "checkins": len(checkins),
            "summary_moods": summary["counts"]["last_28_days"]["mood"]}


def main() -> None:
    with emulator_for_benchmark():
        os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = "127.0.0.1:9099"
        from datetime import datetime, timezone

        from stepping_stones.app import create_app
        from stepping_stones.config import Config

        settings = Config.from_env()
        app = create_app({"SETTINGS": settings, "CLOCK": lambda: datetime(2026, 3, 10, 12, tzinfo=timezone.utc)})
        handler = RequestLines()
        request_log = logging.getLogger("stepping_stones.requests")
        request_log.handlers, request_log.propagate = [handler], False
        rows = []
        for writers in (4, 20):
            uid = f"drill-{writers}"
            ApiUser(app.test_client(), uid).put("/v1/me", {"display_name": "D", "timezone": "Europe/Berlin"})
            handler.lines.clear()
            result = drill(app, writers, uid)
            lines = [line for line in handler.lines if line["route"] != "/v1/me"]
            writes = [line for line in lines if line["httpRequest"]["requestMethod"] == "PUT"]
            statuses = dict(sorted(result["attempts"].items()))
            over_500 = {s: n for s, n in statuses.items() if s >= 500 and s != 503}
            rows.append([writers, writers * (MOODS_EACH + 1), json.dumps(statuses), sum(over_500.values()),
                         len(result["missing_retry_after"]), sum(line["firestore"]["retries"] for line in writes),
                         max(line["duration_ms"] for line in writes),
                         f"{result['moods_stored']}/{writers * MOODS_EACH}",
                         result["moods_stored"] == result["moods_unique"] == writers * MOODS_EACH
                         == result["summary_moods"], result["checkins"], round(result["wall"], 1)])
        print(f"\nParallel phones of one client; each logs {MOODS_EACH} moods and races one check-in for {DAY};")
        print(f"a 503 is retried after its Retry-After. Budget {settings.request_budget_seconds:.0f} s a request.")
        print_table(["writers", "requests", "statuses of every attempt", ">=500 not 503", "503 w/o Retry-After",
                     "server retries", "max request ms", "moods stored", "each once & in summary",
                     "check-ins stored", "wall s"], rows)


if __name__ == "__main__":
    main()
