"""A heavy client's history (issue 16): each day a check-in, 16 mood entries and 4 breathing
sessions, an experiment a week and a goal a month, written with batched commits."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from stepping_stones.domain import summary_state, wins
from stepping_stones.domain.records import (BreathingPractice, CheckIn, Experiment, ExperimentOutcome, Goal,
                                            MoodEntry, Step)
from stepping_stones.services import profile
from stepping_stones.services.summary import win_doc
from stepping_stones.storage import Summary, Stored
from stepping_stones.storage.documents import goal_doc
from stepping_stones.storage.metering import commit_in_batches

from .history import BERLIN_WINTER

FIRESTORE_DOCUMENT_LIMIT = 1_048_487  # bytes of one property, as the emulator states it

DAYS_A_YEAR = 365


def heavy_records(last_day: date, days: int) -> list:
    records = []
    for offset in range(days):
        on = last_day - timedelta(days=offset)
        morning = datetime.combine(on, time(7), BERLIN_WINTER)
        records.append(CheckIn(id=f"c-{on}", local_date=on, mood=2 + offset % 8, note="Slept badly, better by noon."))
        records += [MoodEntry(id=f"m-{on}-{n}", at=morning + timedelta(minutes=50 * n), local_date=on,
                              rating=3 + (offset + n) % 6, emotions=("calm", "tired"), note="After a meeting.")
                    for n in range(16)]
        records += [BreathingPractice(id=f"b-{on}-{n}", started_at=morning + timedelta(hours=3 * n), local_date=on,
                                      duration_seconds=180, technique="box", stress_before=6, stress_after=3)
                    for n in range(4)]
        if offset % 7 == 3:
            records.append(Experiment(
                id=f"x-{on}", strength="curiosity", plan="Ask one question in the meeting",
                prediction="I will freeze", planned_for=on,
                outcome=ExperimentOutcome(done_on=on, what_happened="Asked it", outcome_rating=4)))
    return records


def goal_docs(last_day: date, days: int, now: datetime) -> list[dict]:
    docs = []
    for month in range(max(1, days // 30)):
        steps = (Step(id="s1", title="Find the form", done_when="It is printed"),
                 Step(id="s2", title="Fill it in", done_when="Signed", position=1))
        goal = Goal(id=f"g-{month}", title=f"Goal {month}", why="It matters to me", steps=steps)
        docs.append(goal_doc(Stored(goal, now)))
    return docs


def seed_heavy_client(store, uid: str, years: float, today: date = date(2026, 3, 10)) -> bool:
    """Profile, entries, wins and the summary document (as the incremental path builds them), goals,
    in batched writes. Returns whether the summary document was written: at 10 heavy years its
    state is larger than Firestore allows in one document, and it is left out."""
    now = datetime.combine(today, time(12), timezone.utc)
    profile.save_profile(store, uid, "client", {"display_name": "Heavy User", "timezone": "Europe/Berlin"}, now)
    days = round(years * DAYS_A_YEAR)
    records = heavy_records(today - timedelta(days=1), days)
    state = summary_state.recompute(records)
    earned = wins.derive_wins(state, today)
    summary = Summary("Europe/Berlin", state, earned, today).to_doc()
    fits = all(len(value.encode()) < FIRESTORE_DOCUMENT_LIMIT for value in summary.values() if isinstance(value, str))
    store.write_in_batches(uid, entries=[Stored(record, now) for record in records],
                           wins=[win_doc(win, now) for win in earned.values()], summary_doc=summary if fits else None)
    goal_list = goal_docs(today, days, now)
    commit_in_batches(store.client, [(store.paths.goal(uid, doc["id"]), doc) for doc in goal_list])
    return fits
