"""An active client's month through the companion app's traffic, counted in Firestore document reads and writes.

Each day: a check-in, three moods and a breathing session, the app opened twice. The app sends a visit's changes
in one POST /v1/sync (it gathers them for 20 s) and opening it again calls nothing (tested in
tests/browser/test_companion_app.py). Compared with the same month sent one sync per entry, with the progress
screen opened once a day on top, and with the client looking back once a day: History (drawn from the phone: its
newest timeline page is read once a sign-in, tested in tests/browser/test_companion_history.py), What went well
(drawn from the phone too: it reads the experiments and goals lists only on a phone that never read them) and What
helps (one answer a day).
"""
from __future__ import annotations

import logging
import os
from datetime import date, datetime, timedelta, timezone

from tests.support.api import ApiUser

from .support import RequestLines, emulator_for_benchmark, print_table

FIRST = date(2026, 3, 1)
DAYS = 30
READ_BUDGET, WRITE_BUDGET = 500, 200


def day_visits(day: date, n: int) -> list[list[dict]]:
    """Morning: a check-in, a mood and a breathing session; evening: two moods."""
    on = day.isoformat()
    morning = [
        {"method": "PUT", "path": f"/v1/checkins/c{n}", "body": {"local_date": on, "mood": 6, "energy": 5}},
        {"method": "PUT", "path": f"/v1/moods/m{n}-1", "body": {"at": f"{on}T08:10:00+01:00", "rating": 6}},
        {"method": "PUT", "path": f"/v1/breathing/b{n}", "body": {
            "started_at": f"{on}T08:15:00+01:00", "duration_seconds": 180, "technique": "box",
            "stress_before": 6, "stress_after": 4}},
    ]
    evening = [{"method": "PUT", "path": f"/v1/moods/m{n}-{i}", "body": {"at": f"{on}T{17 + i}:00:00+01:00",
                                                                           "rating": 5}} for i in (2, 3)]
    return [morning, evening]


# What opening History, What went well and What helps asks of the server once the phone holds its lists.
LOOKING_BACK = ("/v1/me/what-helps",)


def month(app, clock: dict, lines: RequestLines, uid: str, batch_per_visit: bool, summary_daily: bool,
          looking_back_daily: bool = False) -> tuple[int, int]:
    user = ApiUser(app.test_client(), uid)
    clock["now"] = datetime.combine(FIRST, datetime.min.time(), timezone.utc) - timedelta(days=1)
    user.put("/v1/me", {"display_name": "Month", "timezone": "Europe/Berlin"})
    lines.lines.clear()
    for n in range(DAYS):
        day = FIRST + timedelta(days=n)
        for hour, visit in zip((8, 18), day_visits(day, n), strict=False):
            clock["now"] = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=hour)
            batches = [visit] if batch_per_visit else [[operation] for operation in visit]
            for batch in batches:
                answer = user.post("/v1/sync", {"operations": batch}).get_json()
                assert all(result["status"] in (200, 201) for result in answer["results"]), answer
            if summary_daily and hour == 18:
                user.get("/v1/summary")
            if looking_back_daily and hour == 18:
                for path in LOOKING_BACK:
                    assert user.get(path).status_code == 200, path
    reads = sum(line["firestore"]["reads"] for line in lines.lines)
    writes = sum(line["firestore"]["writes"] for line in lines.lines)
    return reads, writes


def main() -> None:
    with emulator_for_benchmark():
        os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = "127.0.0.1:9099"
        from stepping_stones.app import create_app
        from stepping_stones.config import Config

        clock = {"now": datetime.now(timezone.utc)}
        app = create_app({"SETTINGS": Config.from_env(), "CLOCK": lambda: clock["now"]})
        lines = RequestLines()
        request_log = logging.getLogger("stepping_stones.requests")
        request_log.handlers, request_log.propagate = [lines], False
        rows = []
        for label, per_visit, daily, back in (
                ("the app: one sync a visit, opens call nothing", True, False, False),
                ("the same, progress screen opened daily", True, True, False),
                ("the same, History, What went well and What helps opened daily too", True, True, True),
                ("one sync per entry (no gathering)", False, False, False)):
            reads, writes = month(app, clock, lines, f"month-{per_visit}-{daily}-{back}", per_visit, daily, back)
            rows.append([label, reads, writes, f"{reads / READ_BUDGET:.2f}", f"{writes / WRITE_BUDGET:.2f}"])
    print(f"\nAn active client's month ({DAYS} days; a check-in, 3 moods, a breathing session a day; 2 visits a day):")
    print_table(["traffic", "doc reads", "doc writes", f"reads / {READ_BUDGET}", f"writes / {WRITE_BUDGET}"], rows)


if __name__ == "__main__":
    main()
