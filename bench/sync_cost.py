"""A week's offline queue of 100 changes: sent one by one versus in one POST /v1/sync.

Figures: document reads and writes, Firestore round trips (RPCs), and milliseconds, for the first
send and for sending the same queue again.
"""
from __future__ import annotations

import logging
import os
from datetime import date, datetime, timedelta, timezone

from tests.support.api import ApiUser
from tests.support.rpc_counter import counting_rpcs

from .support import RequestLines, emulator_for_benchmark, print_table, timed

NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
FIRST = date(2026, 3, 3)


def a_week() -> list[dict]:
    """100 changes: 7 check-ins, 70 moods, 16 breathing sessions, 7 experiments."""
    operations = []
    for day in range(7):
        on = FIRST + timedelta(days=day)
        operations.append({"method": "PUT", "path": f"/v1/checkins/c{day}",
                           "body": {"local_date": on.isoformat(), "mood": 6}})
        operations += [{"method": "PUT", "path": f"/v1/moods/m{day}-{i}",
                        "body": {"at": f"{on.isoformat()}T{8 + i:02d}:00:00+01:00", "rating": 5}} for i in range(10)]
        operations.append({"method": "PUT", "path": f"/v1/experiments/e{day}",
                           "body": {"strength": "curiosity", "plan": "Ask", "prediction": "Awkward",
                                    "planned_for": on.isoformat()}})
    operations += [{"method": "PUT", "path": f"/v1/breathing/b{i}",
                    "body": {"started_at": f"{(FIRST + timedelta(days=i % 7)).isoformat()}T07:{i:02d}:00+01:00",
                             "duration_seconds": 300, "technique": "box"}} for i in range(16)]
    return operations


def send(user: ApiUser, operations: list[dict], batched: bool, store, lines: RequestLines) -> list:
    import pytest

    lines.lines.clear()
    with pytest.MonkeyPatch.context() as monkeypatch, counting_rpcs(store, monkeypatch) as rpcs:
        if batched:
            ms = timed(lambda: user.post("/v1/sync", {"operations": operations})) * 1000
        else:
            ms = timed(lambda: [user.put(op["path"], op["body"]) for op in operations]) * 1000
    reads = sum(line["firestore"]["reads"] for line in lines.lines)
    writes = sum(line["firestore"]["writes"] for line in lines.lines)
    return [reads, writes, sum(rpcs.values()), rpcs.get("Commit", 0), round(ms)]


def main() -> None:
    with emulator_for_benchmark():
        os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = "127.0.0.1:9099"
        from stepping_stones.api.context import store
        from stepping_stones.app import create_app
        from stepping_stones.config import Config

        app = create_app({"SETTINGS": Config.from_env(), "CLOCK": lambda: NOW})
        with app.app_context():
            the_store = store()
        lines = RequestLines()
        request_log = logging.getLogger("stepping_stones.requests")
        request_log.handlers, request_log.propagate = [lines], False
        operations = a_week()
        rows = {}
        for label, batched in (("one by one", False), ("POST /v1/sync", True)):
            user = ApiUser(app.test_client(), f"sync-bench-{batched}")
            user.put("/v1/me", {"display_name": "S", "timezone": "Europe/Berlin"})
            user.put("/v1/checkins/warm-up", {"local_date": "2026-03-01", "mood": 5})
            rows[label] = send(user, operations, batched, the_store, lines)
            rows[label + ", sent again"] = send(user, operations, batched, the_store, lines)
    print(f"\nA week's queue of {len(operations)} changes (7 check-ins, 70 moods, 16 breathing, 7 experiments):")
    print_table(["how", "doc reads", "doc writes", "RPCs", "commits", "ms"], [[k, *v] for k, v in rows.items()])
    single, batch = rows["one by one"], rows["POST /v1/sync"]
    print(f"\nratio one by one / sync: reads {single[0] / batch[0]:.1f}x, writes {single[1] / batch[1]:.1f}x, "
          f"RPCs {single[2] / batch[2]:.1f}x, time {single[4] / batch[4]:.1f}x")


if __name__ == "__main__":
    main()
