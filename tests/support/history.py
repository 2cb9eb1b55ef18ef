"""Long client histories written straight to the store, for cost tests and benchmarks."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from stepping_stones.domain import summary_state, wins
from stepping_stones.domain.experiments import VIA_STRENGTHS
from stepping_stones.domain.records import Experiment, ExperimentOutcome, Goal, Step
from stepping_stones.services.summary import win_doc
from stepping_stones.storage import Stored, Summary
from tests.support.builders import a_breathing, a_checkin, a_mood

BERLIN_WINTER = timezone(timedelta(hours=1))


def daily_records(last_day: date, days: int) -> list:
    """A check-in, a mood entry and a breathing practice on each of `days` days ending `last_day`."""
    records = []
    for offset in range(days):
        on = last_day - timedelta(days=offset)
        at = datetime.combine(on, time(8, 30), BERLIN_WINTER)
        records += [
            a_checkin(on, mood=3 + offset % 6, id=f"c-{on}"),
            a_mood(on, rating=4 + offset % 5, id=f"m-{on}", at=at, emotions=("calm",)),
            a_breathing(on, seconds=300, before=6, after=3 + offset % 3, id=f"b-{on}", at=at),
        ]
    return records


def long_id(kind: str, n: int) -> str:
    """A 64-character id, the longest kind a phone may choose."""
    return f"{kind}-{n}-".ljust(64, "x")


def waking_moment(on: date, rng: random.Random) -> datetime:
    """A random minute between 06:00 and 22:59 on `on`, Berlin winter time."""
    return datetime.combine(on, time(rng.randint(6, 22), rng.randint(0, 59)), BERLIN_WINTER)


def heavy_records(last_day: date, days: int, seed: int = 7) -> tuple[list, list]:
    """(entries, goals) of heavy use over `days` days ending `last_day`: each day 1 check-in,
    16 mood entries and 4 breathing practices with stress ratings; an experiment a week (done,
    something learned); a goal a month with 5 steps, all done. Every id is 64 characters; moods,
    ratings, times and durations are random, so nothing compresses better than real data would."""
    rng = random.Random(seed)
    entries, goals = [], []
    for i in range(days):
        on = last_day - timedelta(days=days - 1 - i)
        entries.append(a_checkin(on, rng.randint(0, 10), id=long_id("c", i)))
        entries += [a_mood(on, id=long_id("m", i * 16 + k), at=waking_moment(on, rng), rating=rng.randint(0, 10))
                    for k in range(16)]
        entries += [a_breathing(on, id=long_id("b", i * 4 + k), at=waking_moment(on, rng),
                                seconds=rng.randint(60, 1800), before=rng.randint(4, 10), after=rng.randint(0, 4))
                    for k in range(4)]
        if i % 7 == 0:
            outcome = ExperimentOutcome(min(on + timedelta(days=1), last_day), "went well", 7, learned="I can do it")
            entries.append(Experiment(id=long_id("e", i), strength=rng.choice(VIA_STRENGTHS), plan="plan",
                                      prediction="guess", planned_for=on, outcome=outcome))
        if i % 30 == 0:
            goals.append(Goal(long_id("g", i), "goal", "why", steps=tuple(
                Step(long_id("s", i * 5 + k), "step", "done when", done_on=min(on + timedelta(days=k), last_day))
                for k in range(5))))
    return entries, goals


def firestore_size(doc: dict, path: str) -> int:
    """A document's size as Firestore counts it: the name (each path segment + 1, + 16), each
    field name + 1 and value (a string's UTF-8 bytes + 1, bytes their length, null 1), + 32."""
    name = sum(len(segment) + 1 for segment in path.split("/")) + 16
    fields = sum(len(key) + 1 + _value_size(value) for key, value in doc.items())
    return name + fields + 32


def _value_size(value) -> int:
    if value is None:
        return 1
    return len(value) if isinstance(value, bytes) else len(value.encode()) + 1


def summary_document(records: list, goals: list, today: date, timezone_name: str = "Europe/Berlin") -> dict:
    """The summary document the incremental path leaves: pruned, with the wins of the horizon
    earned and notified."""
    state = summary_state.recompute(records, goals, as_of=today)
    recent = wins.derive_wins_since(state, wins.horizon_start(today, None), today)
    return Summary(timezone_name, state, {win_id: wins.stamp(win) for win_id, win in recent.items()}, today,
                    notified={win_id: win["occurred_on"] for win_id, win in recent.items()}).to_doc()


def import_history(store, uid: str, records: list, today: date, timezone_name: str = "Europe/Berlin",
                   goals: list = ()) -> None:
    """Store entries (and goals) with the summary document and wins the incremental path would
    have built; the wins collection keeps every win, the summary those of the horizon."""
    now = datetime.combine(today, time(12), timezone.utc)
    earned = wins.derive_wins(summary_state.recompute(records, goals), today)
    store.write_in_batches(
        uid,
        entries=[Stored(record, now) for record in records],
        wins=[win_doc(win, now) for win in earned.values()],
        summary_doc=summary_document(records, goals, today, timezone_name),
    )
    if goals:
        store.run_transaction(lambda tx: [tx.set_goal(uid, Stored(goal, now)) for goal in goals])
