"""Small builders of request bodies: only what a test cares about is named."""
from __future__ import annotations


def a_profile(timezone="Europe/Berlin", display_name="Sam", **extra) -> dict:
    return {"display_name": display_name, "timezone": timezone, **extra}


def a_checkin(on="2026-03-02", mood=6, **extra) -> dict:
    return {"local_date": on, "mood": mood, **extra}


def a_mood(at="2026-03-02T09:30:00+01:00", rating=5, **extra) -> dict:
    return {"at": at, "rating": rating, **extra}


def a_breathing(at="2026-03-02T08:00:00+01:00", seconds=300, technique="box", **extra) -> dict:
    return {"started_at": at, "duration_seconds": seconds, "technique": technique, **extra}


def an_experiment(planned_for="2026-03-03", strength="curiosity", **extra) -> dict:
    body = {"strength": strength, "plan": "Ask a colleague about their weekend",
            "prediction": "It will feel awkward", "planned_for": planned_for}
    return {**body, **extra}


def an_outcome(done_on="2026-03-03", rating=7, **extra) -> dict:
    return {"done_on": done_on, "what_happened": "We talked for five minutes", "outcome_rating": rating, **extra}
