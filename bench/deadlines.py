"""Response times with every commit contended, and with the database paused (SIGSTOP) and stopped, at the
production budget."""
from __future__ import annotations

import os
import signal
import time
from datetime import datetime, timezone

from tests.support.api import ApiUser

from .support import emulator_for_benchmark, print_table

MOOD = {"at": "2026-03-09T09:30:00+01:00", "rating": 5}


def timed(call):
    started = time.perf_counter()
    response = call()
    return response, round((time.perf_counter() - started) * 1000)


def contended(call):
    """`call` timed while every commit is refused as contended (the retries end within the budget, with a 503)."""
    from google.api_core import exceptions as gexc

    from stepping_stones.storage import transaction

    def refuse(self):
        raise gexc.Aborted("too much contention")

    real_commit = transaction.StoreTransaction.commit
    transaction.StoreTransaction.commit = refuse
    try:
        return timed(call)
    finally:
        transaction.StoreTransaction.commit = real_commit


def main() -> None:
    with emulator_for_benchmark() as emulator:
        os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = "127.0.0.1:9099"
        from stepping_stones.app import create_app
        from stepping_stones.config import Config

        settings = Config.from_env()
        app = create_app({"SETTINGS": settings, "CLOCK": lambda: datetime(2026, 3, 10, 12, tzinfo=timezone.utc)})
        user = ApiUser(app.test_client(), "deadline-bench")
        user.put("/v1/me", {"display_name": "D", "timezone": "Europe/Berlin"})
        rows = []
        calls = {"PUT /v1/moods/{id}": lambda i: user.put(f"/v1/moods/m{i}", MOOD),
                 "GET /v1/summary": lambda i: user.get("/v1/summary")}
        for label, call in calls.items():
            response, ms = timed(lambda: call(0))  # noqa: B023 - called within this iteration
            rows.append(["up", label, response.status_code, "", ms])
        response, ms = contended(lambda: calls["PUT /v1/moods/{id}"](9))
        rows.append(["contended on every commit", "PUT /v1/moods/{id}", response.status_code,
                     response.headers.get("Retry-After", ""), ms])
        os.killpg(emulator._process.pid, signal.SIGSTOP)
        try:
            for i, (label, call) in enumerate(calls.items(), 1):
                response, ms = timed(lambda: call(i))  # noqa: B023 - called within this iteration
                rows.append(["paused", label, response.status_code, response.headers.get("Retry-After", ""), ms])
        finally:
            os.killpg(emulator._process.pid, signal.SIGCONT)
        emulator.stop()
        for i, (label, call) in enumerate(calls.items(), 3):
            response, ms = timed(lambda: call(i))  # noqa: B023 - called within this iteration
            rows.append(["stopped", label, response.status_code, response.headers.get("Retry-After", ""), ms])
    print(f"\nBudget {settings.request_budget_seconds:.0f} s a request, "
          f"{settings.firestore_call_timeout_seconds:.0f} s a Firestore call:")
    print_table(["database", "request", "status", "Retry-After", "ms"], rows)


if __name__ == "__main__":
    main()
