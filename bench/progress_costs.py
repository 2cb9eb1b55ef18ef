"""Logging an entry and reading the summary: reads per request and median latency, 1 week vs 3 years."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from stepping_stones.config import Config
from stepping_stones.domain.records import MOOD
from stepping_stones.services import entries, profile, progress
from stepping_stones.storage import get_store, metering
from tests.support.history import daily_records, import_history

from .support import emulator_for_benchmark, median_ms, print_table, timed

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
REPEATS = 30
HISTORIES = {"1 week": 7, "3 years": 3 * 365}


def measure(store, uid: str) -> dict:
    log_times, read_times, log_io, read_io = [], [], None, None
    for i in range(REPEATS):
        body = {"at": datetime.combine(TODAY, time(9), timezone.utc) - timedelta(minutes=i), "rating": 5, "emotions": []}
        with metering() as meter:
            log_times.append(timed(lambda: entries.put_entry(store, uid, MOOD, f"bench-{i}", body, NOW)))
        log_io = (meter.reads, meter.writes)
        with metering() as meter:
            read_times.append(timed(lambda: progress.read_summary(store, uid, NOW)))
        read_io = (meter.reads, meter.writes)
    return {"log_ms": median_ms(log_times), "read_ms": median_ms(read_times), "log_io": log_io, "read_io": read_io}


def main() -> None:
    with emulator_for_benchmark():
        store = get_store(Config.from_env())
        results = {}
        for label, days in HISTORIES.items():
            uid = f"bench-{days}"
            print(f"Seeding {label} of daily history ({days * 3} entries)…", flush=True)
            profile.save_profile(store, uid, "client", {"display_name": "B", "timezone": "Europe/Berlin"}, NOW)
            import_history(store, uid, daily_records(TODAY - timedelta(days=1), days), TODAY)
            results[label] = measure(store, uid)
    small, large = results["1 week"], results["3 years"]
    print(f"\nProgress engine, {REPEATS} requests each, Firestore emulator on this machine:")
    print_table(
        ["history", "log reads", "log writes", "log median ms", "summary reads", "summary median ms"],
        [[label, r["log_io"][0], r["log_io"][1], r["log_ms"], r["read_io"][0], r["read_ms"]] for label, r in results.items()],
    )
    print(f"\nratio 3 years / 1 week: log reads {large['log_io'][0] / small['log_io'][0]:.2f}, "
          f"summary reads {large['read_io'][0] / small['read_io'][0]:.2f}, "
          f"log latency {large['log_ms'] / small['log_ms']:.2f}x, summary latency {large['read_ms'] / small['read_ms']:.2f}x")


if __name__ == "__main__":
    main()
