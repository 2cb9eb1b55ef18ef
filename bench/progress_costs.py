"""The summary document and the progress engine: its size over 1/3/10 heavy years, and reads,
writes and median latency of logging an entry and reading the summary, 1 week vs 3 heavy years."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from stepping_stones.config import Config
from stepping_stones.domain.records import MOOD
from stepping_stones.services import entries, profile, summary
from stepping_stones.storage import get_store, metering
from tests.support.history import firestore_size, heavy_records, import_history, summary_document

from .support import emulator_for_benchmark, median_ms, print_table, timed

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
REPEATS = 80
HISTORIES = {"1 week": 7, "3 years": 3 * 365}
SIZE_YEARS = (1, 3, 10)
LIMIT = 256 * 1024


def sizes() -> list[list]:
    rows = []
    for years in SIZE_YEARS:
        records, goals = heavy_records(TODAY, years * 365 + years // 4)
        doc = summary_document(records, goals, TODAY)
        size = firestore_size(doc, f"users/{'u' * 128}/private/summary")
        rows.append([f"{years} year{'s' if years > 1 else ''}", len(records) + len(goals), len(doc["state"]),
                     len(doc["archive"] or b""), len(doc["earned"]) + len(doc["notified"]), size,
                     f"{100 * size / LIMIT:.0f}%"])
    return rows


def measure(store, uids: dict[str, str]) -> dict:
    """Requests alternate between the clients, so a busy machine slows both alike."""
    times = {label: {"log": [], "read": []} for label in uids}
    io = {}
    for i in range(REPEATS):
        body = {"at": datetime.combine(TODAY, time(9), timezone.utc) - timedelta(minutes=i), "rating": 5, "emotions": []}
        for label, uid in uids.items():
            with metering() as meter:
                times[label]["log"].append(timed(lambda: entries.put_entry(store, uid, MOOD, f"bench-{i}", body, NOW)))  # noqa: B023 - called within this iteration
            log_io = (meter.reads, meter.writes)
            with metering() as meter:
                times[label]["read"].append(timed(lambda: summary.read_summary(store, uid, NOW)))  # noqa: B023 - called within this iteration
            io[label] = (log_io, (meter.reads, meter.writes))
    return {label: {"log_ms": median_ms(times[label]["log"][REPEATS // 4:]),
                    "read_ms": median_ms(times[label]["read"][REPEATS // 4:]),
                    "log_io": io[label][0], "read_io": io[label][1]} for label in uids}


def main() -> None:
    print("Summary document of a heavy client (1 check-in, 16 moods, 4 rated breathing practices a day,"
          " an experiment a week, a goal a month with 5 steps, 64-character ids):")
    print_table(["history", "records", "state bytes (decoded)", "archive bytes (zlib)", "wins bytes", "document bytes",
                 "of 256 KiB"], sizes())
    with emulator_for_benchmark():
        store = get_store(Config.from_env())
        uids = {}
        for label, days in HISTORIES.items():
            uid = uids[label] = f"bench-{days}"
            records, goals = heavy_records(TODAY - timedelta(days=1), days)
            print(f"Seeding {label} of heavy history ({len(records)} entries, {len(goals)} goals)…", flush=True)
            profile.save_profile(store, uid, "client", {"display_name": "B", "timezone": "Europe/Berlin"}, NOW)
            import_history(store, uid, records, TODAY, goals=goals)
        results = measure(store, uids)
    small, large = results["1 week"], results["3 years"]
    print(f"\nProgress engine, {REPEATS} requests each (medians of the last {REPEATS - REPEATS // 4}),"
          " Firestore emulator on this machine:")
    print_table(
        ["history", "log reads", "log writes", "log median ms", "summary reads", "summary median ms"],
        [[label, r["log_io"][0], r["log_io"][1], r["log_ms"], r["read_io"][0], r["read_ms"]] for label, r in results.items()],
    )
    print(f"\nratio 3 heavy years / 1 week: log reads {large['log_io'][0] / small['log_io'][0]:.2f}, "
          f"summary reads {large['read_io'][0] / small['read_io'][0]:.2f}, "
          f"log latency {large['log_ms'] / small['log_ms']:.2f}x, summary latency {large['read_ms'] / small['read_ms']:.2f}x"
          " (goal: at most 1.3x)")


if __name__ == "__main__":
    main()
