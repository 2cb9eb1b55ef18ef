"""A heavy client's history (issue 16): each day a check-in, 16 mood entries and 4 breathing
sessions, an experiment a week and a goal a month, written with batched commits."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from stepping_stones.domain.records import Experiment, ExperimentOutcome, Goal, Step
from stepping_stones.services import profile
from tests.support.builders import a_breathing, a_checkin, a_mood

from .history import BERLIN_WINTER, import_history

DAYS_A_YEAR = 365


def heavy_records(last_day: date, days: int) -> list:
    records = []
    for offset in range(days):
        on = last_day - timedelta(days=offset)
        morning = datetime.combine(on, time(7), BERLIN_WINTER)
        records.append(a_checkin(on, mood=2 + offset % 8, id=f"c-{on}", note="Slept badly, better by noon."))
        records += [a_mood(on, rating=3 + (offset + n) % 6, id=f"m-{on}-{n}", at=morning + timedelta(minutes=50 * n),
                           emotions=("calm", "tired"), note="After a meeting.")
                    for n in range(16)]
        records += [a_breathing(on, seconds=180, before=6, after=3, id=f"b-{on}-{n}",
                                at=morning + timedelta(hours=3 * n))
                    for n in range(4)]
        if offset % 7 == 3:
            records.append(Experiment(
                id=f"x-{on}", strength="curiosity", plan="Ask one question in the meeting",
                prediction="I will freeze", planned_for=on,
                outcome=ExperimentOutcome(done_on=on, what_happened="Asked it", outcome_rating=4)))
    return records


def heavy_goals(days: int) -> list[Goal]:
    """A goal a month, each with two steps still open."""
    steps = (Step(id="s1", title="Find the form", done_when="It is printed"),
             Step(id="s2", title="Fill it in", done_when="Signed", position=1))
    return [Goal(id=f"g-{month}", title=f"Goal {month}", why="It matters to me", steps=steps)
            for month in range(max(1, days // 30))]


def seed_heavy_client(store, uid: str, years: float, today: date = date(2026, 3, 10)) -> None:
    """Entries, goals, every win in the wins collection and the summary document as the incremental
    path leaves it (pruned into its archive, the wins of the horizon only), then the profile, in
    batched writes."""
    days = round(years * DAYS_A_YEAR)
    import_history(store, uid, heavy_records(today - timedelta(days=1), days), today, "Europe/Berlin",
                   goals=heavy_goals(days))
    now = datetime.combine(today, time(12), timezone.utc)
    profile.save_profile(store, uid, "client", {"display_name": "Heavy User", "timezone": "Europe/Berlin"}, now)
