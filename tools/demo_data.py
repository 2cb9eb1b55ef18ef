"""Deterministic demo history for local runs: the API calls two demo clients would have made.

Who the clients are and the experiments of their story are data, in demo_clients.json; this module tells the
story in order (each client's days, then what their therapist does), which is what makes it deterministic.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

THERAPIST_UID = "demo-therapist"  # no calls yet: the therapist routes come later
HISTORY_DAYS = 42

EMOTIONS_WHEN_LOW = ("tired", "stressed", "anxious", "overwhelmed", "frustrated", "lonely", "sad", "restless")
EMOTIONS_WHEN_MIDDLING = ("calm", "tired", "bored", "content", "restless", "hopeful", "stressed")
EMOTIONS_WHEN_GOOD = ("calm", "content", "grateful", "hopeful", "happy", "proud", "relieved", "confident")

WENT_WELL = (
    "Got outside for a short walk at lunch.",
    "Cooked a proper dinner instead of snacking.",
    "Replied to the email I had been putting off.",
    "Called a friend back.",
    "Took a real break in the afternoon.",
    "Went to bed a bit earlier.",
    "Said no to an extra task, kindly.",
    "Finished the small thing on my list.",
    "Stretched for five minutes in the morning.",
    "Had a good laugh with a colleague.",
)
CHECKIN_NOTES = (
    "Busy day, but it felt manageable.",
    "Slow start, better by the evening.",
    "A bit flat today; that's okay.",
    "Noticed I was rushing and slowed down.",
    "Quiet day at home.",
    "Felt more like myself this afternoon.",
)
MOOD_NOTES = (
    "After a long meeting.",
    "Sun came out for a bit.",
    "Tea and a short rest helped.",
    "Before an appointment.",
    "Walking home.",
    "Nice chat on the phone.",
)
TECHNIQUES = ("box", "paced", "4-7-8", "physiological_sigh", "paced", "box")
DURATIONS_SECONDS = (60, 90, 120, 180, 240, 300, 420, 600)


class ApiCall(NamedTuple):
    """One request a demo user makes: who, how, where, and the JSON body."""

    uid: str
    method: str
    path: str
    body: dict


@dataclass(frozen=True)
class Experiment:
    """A strength experiment days before the client's today; an outcome when it was tried."""

    slug: str
    days_ago: int
    strength: str
    plan: str
    prediction: str
    outcome: dict | None = None  # OutcomeSchema fields except done_on
    prediction_rating: int | None = None  # how the client expected it to go, 0-10 (some give none)
    done_days_later: int = 0


@dataclass(frozen=True)
class DemoClient:
    uid: str
    display_name: str
    timezone: str
    reminder_time: str
    quiet_hours: tuple[str, str]
    experiments: tuple[Experiment, ...]
    quiet_spell_days_ago: range = range(0)  # no entries of any kind on these days
    skips_a_weekend: bool = False  # no check-ins on a weekend about three weeks back
    leaves_todays_checkin_open: bool = False  # so a curl example can create it

    def profile_body(self) -> dict:
        start, end = self.quiet_hours
        return {
            "display_name": self.display_name,
            "timezone": self.timezone,
            "reminder_time": self.reminder_time,
            "quiet_hours": {"start": start, "end": end},
        }


def demo_client(entry: dict) -> DemoClient:
    """A demo client from its entry in demo_clients.json (quiet_spell_days_ago as [first, stop) days ago)."""
    return DemoClient(**{**entry, "quiet_hours": tuple(entry["quiet_hours"]),
                         "quiet_spell_days_ago": range(*entry.get("quiet_spell_days_ago", (0, 0))),
                         "experiments": tuple(Experiment(**experiment) for experiment in entry["experiments"])})


# The two demo clients' profiles and the experiments of their story, as data.
MIRA, TANE = DEMO_CLIENTS = tuple(demo_client(entry) for entry in
                                  json.loads(Path(__file__).with_name("demo_clients.json").read_text("utf-8")))


def demo_calls(today: date) -> list[ApiCall]:
    """Every demo client's profile and history, each ending on `today` as their local date."""
    return [call for client in DEMO_CLIENTS for call in client_calls(client, today)]


def client_calls(client: DemoClient, today: date) -> list[ApiCall]:
    """One client's profile, then about six weeks of entries in date order, ending on `today`."""
    rng = random.Random(f"stepping-stones-demo:{client.uid}")
    dated: list[tuple[date, ApiCall]] = []
    for day in history_days(today):
        dated += daily_calls(client, day, today, rng)
    dated += experiment_calls(client, today)
    dated.sort(key=lambda pair: pair[0])  # stable: same-day calls keep their order
    profile = ApiCall(client.uid, "PUT", "/v1/me", client.profile_body())
    return [profile] + [call for _, call in dated]


def history_days(today: date) -> list[date]:
    return [today - timedelta(days=n) for n in range(HISTORY_DAYS - 1, -1, -1)]


def daily_calls(client: DemoClient, day: date, today: date, rng: random.Random) -> list[tuple[date, ApiCall]]:
    if (today - day).days in client.quiet_spell_days_ago:
        return []
    progress = 1 - (today - day).days / (HISTORY_DAYS - 1)  # 0 on the first day, 1 today
    mood = mood_of_the_day(progress, rng)
    bodies: list[tuple[str, dict]] = []
    if logs_checkin(client, day, today, rng):
        bodies.append((f"/v1/checkins/ci-{day}", checkin_body(day, mood, rng)))
    if day < today:  # timed entries stop yesterday: the generator does not know the hour today
        bodies += numbered(f"/v1/moods/mood-{day}", mood_bodies(client, day, mood, rng))
        bodies += numbered(f"/v1/breathing/br-{day}", breathing_bodies(client, day, progress, rng))
    return [(day, ApiCall(client.uid, "PUT", path, body)) for path, body in bodies]


def numbered(path_prefix: str, bodies: list[dict]) -> list[tuple[str, dict]]:
    """Paths with ids such as mood-2026-10-12-1, -2 for the day's first, second entry."""
    return [(f"{path_prefix}-{n}", body) for n, body in enumerate(bodies, 1)]


def mood_of_the_day(progress: float, rng: random.Random) -> int:
    """Around 5 at the start, drifting up towards 7, with ordinary ups and downs."""
    return clamp(round(5 + 2 * progress + rng.gauss(0, 1)), 3, 9)


def logs_checkin(client: DemoClient, day: date, today: date, rng: random.Random) -> bool:
    if day == today and client.leaves_todays_checkin_open:
        return False
    if client.skips_a_weekend and day in skipped_weekend(today):
        return False
    return rng.random() > 0.07  # an occasional forgotten day


def skipped_weekend(today: date) -> tuple[date, date]:
    """The Saturday and Sunday of the weekend that starts 17 to 23 days before `today`."""
    saturday = today - timedelta(days=17)
    saturday -= timedelta(days=(saturday.weekday() - 5) % 7)
    return saturday, saturday + timedelta(days=1)


def checkin_body(day: date, mood: int, rng: random.Random) -> dict:
    body = {
        "local_date": day.isoformat(),
        "mood": mood,
        "energy": clamp(mood + rng.choice((-2, -1, -1, 0, 0, 1)), 1, 10),
        "sleep_hours": rng.choice((5.5, 6.0, 6.5, 7.0, 7.0, 7.5, 7.5, 8.0, 8.5)),
    }
    if rng.random() < 0.6:
        body["went_well"] = rng.choice(WENT_WELL)
    if rng.random() < 0.2:
        body["note"] = rng.choice(CHECKIN_NOTES)
    return body


def mood_bodies(client: DemoClient, day: date, mood: int, rng: random.Random) -> list[dict]:
    """A mood entry on roughly three days a week, now and then two in a day."""
    if rng.random() > 0.45:
        return []
    count = 2 if rng.random() < 0.2 else 1
    hours = sorted(rng.sample(range(8, 22), count))
    ratings = [clamp(mood + rng.choice((-1, 0, 0, 1)), 3, 10) for _ in hours]
    return [mood_body(client, day, hour, rating, rng) for hour, rating in zip(hours, ratings, strict=False)]


def mood_body(client: DemoClient, day: date, hour: int, rating: int, rng: random.Random) -> dict:
    pool = EMOTIONS_WHEN_LOW if rating <= 4 else EMOTIONS_WHEN_MIDDLING if rating <= 6 else EMOTIONS_WHEN_GOOD
    body = {
        "at": local_timestamp(client, day, hour, rng.randrange(0, 60)),
        "rating": rating,
        "emotions": rng.sample(pool, rng.choice((1, 2, 2, 3))),
        "intensity": rng.randint(3, 8),
    }
    if rng.random() < 0.35:
        body["note"] = rng.choice(MOOD_NOTES)
    return body


def breathing_bodies(client: DemoClient, day: date, progress: float, rng: random.Random) -> list[dict]:
    """Breathing practice grows from about one day a week to most days, sometimes twice."""
    if rng.random() > 0.12 + 0.7 * progress:
        return []
    sessions = [(7, 30)] if rng.random() < 0.5 else [(21, 0)]
    if progress > 0.6 and rng.random() < 0.3:
        sessions = [(7, 30), (21, 0)]
    return [breathing_body(client, day, hour, minute + rng.randrange(25), rng) for hour, minute in sessions]


def breathing_body(client: DemoClient, day: date, hour: int, minute: int, rng: random.Random) -> dict:
    stress_before = rng.randint(4, 8)
    return {
        "started_at": local_timestamp(client, day, hour, minute),
        "duration_seconds": rng.choice(DURATIONS_SECONDS),
        "technique": rng.choice(TECHNIQUES),
        "stress_before": stress_before,
        "stress_after": clamp(stress_before - rng.choice((0, 1, 2, 2, 3)), 1, 10),
    }


def experiment_calls(client: DemoClient, today: date) -> list[tuple[date, ApiCall]]:
    calls = []
    for experiment in client.experiments:
        planned_for = today - timedelta(days=experiment.days_ago)
        path = f"/v1/experiments/exp-{experiment.slug}"
        plan = {
            "strength": experiment.strength,
            "plan": experiment.plan,
            "prediction": experiment.prediction,
            "prediction_rating": experiment.prediction_rating,
            "planned_for": planned_for.isoformat(),
        }
        calls.append((planned_for, ApiCall(client.uid, "PUT", path, plan)))
        if experiment.outcome is not None:
            done_on = min(planned_for + timedelta(days=experiment.done_days_later), today)
            outcome = {"done_on": done_on.isoformat(), **experiment.outcome}
            calls.append((done_on, ApiCall(client.uid, "PUT", f"{path}/outcome", outcome)))
    return calls


def local_timestamp(client: DemoClient, day: date, hour: int, minute: int) -> str:
    """RFC 3339 with the UTC offset the client's zone has at that wall-clock time (DST included)."""
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(client.timezone))
    return moment.isoformat(timespec="seconds")


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
