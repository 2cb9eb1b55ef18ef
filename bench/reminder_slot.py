"""One reminder slot over 10,000 clients in many time zones: documents read, reminders created, seconds.

Two consecutive slots with very different numbers of clients due show that the job's reads follow
the clients due (a query on the precomputed `next_reminder_due`), not the 10,000 clients stored.
"""
from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from stepping_stones.config import Config
from stepping_stones.domain import notify_timing as timing
from stepping_stones.domain import summary_state as facts
from stepping_stones.domain.records import CheckIn
from stepping_stones.services import reminders
from stepping_stones.storage import Summary, get_store, metering

from .support import emulator_for_benchmark, print_table, timed

CLIENTS = 10_000
CHECKED_IN_SHARE = 0.2  # already checked in on the day of their reminder: read, then skipped
ZONES = [("Europe/Berlin", 40), ("Europe/London", 15), ("America/New_York", 10), ("America/Los_Angeles", 8),
         ("America/Sao_Paulo", 7), ("Asia/Kolkata", 7), ("Asia/Tokyo", 7), ("Australia/Sydney", 6)]
EVENING = [time(18 + m // 60, m % 60) for m in range(0, 240, 15)]  # 18:00 to 21:45
POPULAR = time(20)
SLOT_A = datetime(2026, 3, 10, 18, 45, tzinfo=UTC)  # 19:45 in Berlin, 18:45 in London
SLOT_B = SLOT_A + timedelta(minutes=15)  # 20:00 in Berlin: the favourite reminder time


def clients(rng: random.Random) -> list[tuple[str, dict, dict]]:
    """(uid, profile, summary document) for every client, next reminder at or after SLOT_A."""
    zones, weights = zip(*ZONES, strict=False)
    seeded = []
    for n in range(CLIENTS):
        zone = rng.choices(zones, weights)[0]
        at = POPULAR if rng.random() < 0.4 else rng.choice(EVENING)
        profile = {"display_name": f"Client {n}", "timezone": zone, "reminder_time": at.strftime("%H:%M"),
                   "quiet_hours": None, "role": "client", "created_at": SLOT_A, "updated_at": SLOT_A}
        profile = reminders.with_reminder_schedule(profile, None, SLOT_A - timedelta(seconds=1))
        state = facts.empty_state()
        if rng.random() < CHECKED_IN_SHARE:
            day = timing.local_day(profile["next_reminder_due"], zone)
            state = facts.apply_put(state, None, CheckIn(id=f"c-{day}", local_date=day, mood=6))
        seeded.append((f"client-{n:05d}", profile, Summary(zone, state, display_name=profile["display_name"])))
    return seeded


def run_slot(store, now: datetime) -> dict:
    result = {}
    with metering() as meter:
        seconds = timed(lambda: result.update(reminders.send_reminders(store, now)))
    due = sum(result.values())
    return {"slot": now.strftime("%H:%M UTC"), "due": due, "created": result.get("created", 0),
            "skipped": due - result.get("created", 0), "reads": meter.reads, "writes": meter.writes,
            "seconds": round(seconds, 2)}


def main() -> None:
    with emulator_for_benchmark():
        store = get_store(Config.from_env())
        seeded = clients(random.Random(7))
        print(f"Seeding {CLIENTS:,} clients in {len(ZONES)} time zones (profile + summary, batches of 500)…", flush=True)
        seed_seconds = timed(lambda: store.write_users_in_batches(seeded))
        print(f"  seeded {2 * CLIENTS:,} documents in {seed_seconds:.1f} s", flush=True)
        rows = [run_slot(store, SLOT_A), run_slot(store, SLOT_B)]
    print(f"\nOne reminder slot each, {CLIENTS:,} clients stored, Firestore emulator on this machine:")
    print_table(["slot", "clients due", "reminders created", "skipped (checked in)", "documents read",
                 "writes", "seconds", "reads per client due"],
                [[r["slot"], r["due"], r["created"], r["skipped"], r["reads"], r["writes"], r["seconds"],
                  f"{r['reads'] / max(r['due'], 1):.2f}"] for r in rows])
    small, large = rows
    print(f"\nratio slot 2 / slot 1: clients due {large['due'] / small['due']:.2f}, "
          f"documents read {large['reads'] / small['reads']:.2f}, seconds {large['seconds'] / small['seconds']:.2f}")


if __name__ == "__main__":
    main()
