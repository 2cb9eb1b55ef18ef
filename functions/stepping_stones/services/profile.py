"""Reading and saving a client's profile."""
from __future__ import annotations

from datetime import datetime

from ..errors import ProfileRequired
from ..storage import Store
from .erasure import guard
from .reminders import with_reminder_schedule
from .summary import start_summary


def get_profile(store: Store, uid: str) -> dict:
    return {**require_profile(store.get_profile(uid)), "uid": uid}


def save_profile(store: Store, uid: str, role: str, fields: dict, now: datetime) -> tuple[dict, bool]:
    """Create (first time) or replace the profile, and keep the summary document's time zone in step;
    returns the profile and whether it was created. The same fields again write nothing, so
    `updated_at` keeps saying when something last changed."""

    def work(tx):
        tx.prefetch(uid, erasure=True, profile=True)  # the summary too: one round trip
        guard(tx, uid)
        existing = tx.get_profile(uid)
        summary = tx.get_summary(uid)
        if existing and summary and existing.get("role") == role and _holds(existing, fields):
            return existing, False
        profile = {
            **(existing or {}),
            **fields,
            "role": role,
            "created_at": existing["created_at"] if existing else now,
            "updated_at": now,
        }
        profile = with_reminder_schedule(profile, existing, now)  # next_reminder_due, or none
        tx.set_profile(uid, profile)
        tx.set_summary(uid, start_summary(summary, profile))
        return profile, existing is None

    profile, created = store.run_transaction(work)
    return {**profile, "uid": uid}, created


def _holds(existing: dict, fields: dict) -> bool:
    return all(existing.get(name) == value for name, value in fields.items())


def require_profile(profile: dict | None) -> dict:
    """Entries need the client's time zone, which lives in the profile."""
    if profile is None:
        raise ProfileRequired()
    return profile
