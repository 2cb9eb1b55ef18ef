"""Long client histories written straight to the store, for cost tests and benchmarks."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from stepping_stones.domain import progress_state, wins
from stepping_stones.domain.records import BreathingPractice, CheckIn, MoodEntry
from stepping_stones.services.entries import entry_doc
from stepping_stones.services.progress import Progress, win_doc

BERLIN_WINTER = timezone(timedelta(hours=1))


def daily_records(last_day: date, days: int) -> list:
    """A check-in, a mood entry and a breathing practice on each of `days` days ending `last_day`."""
    records = []
    for offset in range(days):
        on = last_day - timedelta(days=offset)
        at = datetime.combine(on, time(8, 30), BERLIN_WINTER)
        records += [
            CheckIn(id=f"c-{on}", local_date=on, mood=3 + offset % 6),
            MoodEntry(id=f"m-{on}", at=at, local_date=on, rating=4 + offset % 5, emotions=("calm",)),
            BreathingPractice(id=f"b-{on}", started_at=at, local_date=on, duration_seconds=300,
                              technique="box", stress_before=6, stress_after=3 + offset % 3),
        ]
    return records


def import_history(store, uid: str, records: list, today: date, timezone_name: str = "Europe/Berlin") -> None:
    """Store entries with the summary document and wins the incremental path would have built."""
    now = datetime.combine(today, time(12), timezone.utc)
    state = progress_state.recompute(records)
    earned = wins.derive_wins(state, today)
    progress = Progress(timezone_name, state, earned, today)
    store.write_in_batches(
        uid,
        entries=[entry_doc(record, now, None) for record in records],
        wins=[win_doc(win, now) for win in earned.values()],
        summary_doc=progress.to_doc(),
    )
