"""A therapist with 10 clients, a year of daily history each: reads and latency of the list and review."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from stepping_stones.config import Config
from stepping_stones.services import clients, links, profile, review
from stepping_stones.storage import get_store, metering
from tests.support.history import daily_records, import_history

from .support import emulator_for_benchmark, median_ms, print_table, timed

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
CLIENTS, DAYS, REPEATS = 10, 365, 10
THERAPIST = "bench-therapist"


def seed(store) -> list[str]:
    uids = []
    for i in range(CLIENTS):
        uid = f"bench-client-{i}"
        profile.save_profile(store, uid, "client", {"display_name": f"Client {i}", "timezone": "Europe/Berlin"}, NOW)
        import_history(store, uid, daily_records(TODAY - timedelta(days=1), DAYS), TODAY)
        links.link_with_code(store, uid, links.create_invite(store, THERAPIST, NOW)["code"], False, NOW)
        uids.append(uid)
    return uids


def measure(work) -> tuple[int, int, float]:
    times, io = [], (0, 0)
    for _ in range(REPEATS):
        with metering() as meter:
            times.append(timed(work))
        io = (meter.reads, meter.writes)
    return io[0], io[1], median_ms(times)


def main() -> None:
    with emulator_for_benchmark():
        store = get_store(Config.from_env())
        print(f"Seeding {CLIENTS} clients with {DAYS} days of daily history each…", flush=True)
        uids = seed(store)
        window = {"since": TODAY - timedelta(days=13), "until": TODAY}
        rows = [
            ["client list (10 clients)", *measure(lambda: clients.client_list(store, THERAPIST, NOW))],
            ["review, 14-day window", *measure(lambda: review.client_review(store, THERAPIST, uids[0], NOW, **window))],
            ["review, 28-day window", *measure(lambda: review.client_review(
                store, THERAPIST, uids[0], NOW, since=TODAY - timedelta(days=27), until=TODAY))],
        ]
    print(f"\nTherapist reads, {REPEATS} requests each, {CLIENTS} clients × {DAYS} days (3 entries a day):")
    print_table(["request", "reads", "writes (access log)", "median ms"], rows)
    print(f"\nclient list reads per client: {rows[0][1] / CLIENTS:.1f} "
          f"(one link document from the query + one summary document); history entries per client: {DAYS * 3}")


if __name__ == "__main__":
    main()
