"""Notification wording: neutral push payloads for the public lock screen, specific text for the in-app inbox."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from stepping_stones.domain.wording import counted

APP_NAME = "Stepping Stones"
PUSH_BODIES = {
    "micro_win": "Something good to look at in Stepping Stones",
    "reminder": "A gentle nudge: a moment for today's check-in?",
    "digest": "Your weekly overview is ready to look at",
    "questionnaire": "A short questionnaire is ready when you are",  # never which one, never an answer
    "therapist_note": "A note is waiting for you in Stepping Stones",  # never the note's words, nor who wrote it
}
WIN_TITLE = "Something good to look at"
QUESTIONNAIRE_BODY = "A few minutes, whenever suits you. Skipping it is fine too."
DIGEST_TITLE = "Your weekly overview"
# Warm, non-judgmental, never about days gone by: no "missed", "streak", "failed", "again", "don't forget".
REMINDER_TEXTS: tuple[tuple[str, str], ...] = (
    ("A moment for you", "Whenever it suits you, today's check-in is here. A few seconds, however the day is going."),
    ("A gentle nudge", "How is today landing? A quick check-in is ready when you are."),
    ("Just checking in", "If you have a moment, you could note how today feels. Any answer is a good answer."),
    ("A small pause", "A breath, a check-in, or both: whatever fits today. It only takes a few seconds."),
    ("Here when you're ready", "Today's check-in is open. Small moments of noticing add up."),
)
DIGEST_LABELS = {  # category -> (one, many); a digest carries counts in these categories only
    "clients_with_new_wins": ("client with new micro-wins", "clients with new micro-wins"),
    "micro_wins": ("new micro-win", "new micro-wins"),
    "check_ins": ("check-in", "check-ins"),
    "breathing_practices": ("breathing practice", "breathing practices"),
    "experiments_done": ("experiment carried out", "experiments carried out"),
    "steps_done": ("micro-step done", "micro-steps done"),
}


def push_payload(kind: str, notification_id: str) -> dict[str, Any]:
    """What the phone shows on the lock screen: the app's name, a neutral line and the id the app opens."""
    if kind not in PUSH_BODIES:
        raise ValueError(f"kind must be one of {tuple(PUSH_BODIES)}, not {kind!r}")
    return _payload(kind, notification_id, PUSH_BODIES[kind])


def digest_push_payload(notification_id: str, clients_with_new_wins: int) -> dict[str, Any]:
    """The therapist's weekly push: a count of clients, never a name."""
    n = _count(clients_with_new_wins)
    if n == 0:
        return push_payload("digest", notification_id)
    body = "1 client has new micro-wins to look at" if n == 1 else f"{n} clients have new micro-wins to look at"
    return _payload("digest", notification_id, body)


def _payload(kind: str, notification_id: str, body: str) -> dict[str, Any]:
    return {"title": APP_NAME, "body": body, "data": {"notification_id": notification_id, "type": kind}}


def inbox_text(kind: str, *, win: Mapping[str, Any] | None = None, local_date: date | None = None,
               counts: Mapping[str, int] | None = None, title: str | None = None,
               note: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The full text in the in-app inbox: a win's own message, a reminder for `local_date`, a digest's
    counts, a questionnaire (title naming who asks), a therapist's note (title naming them, body their words)."""
    if kind == "therapist_note":
        assert note is not None, "a note's inbox text needs the note"
        return {"title": str(note["title"]), "body": str(note["text"])}
    if kind == "micro_win":
        assert win is not None, "a win's inbox text needs the win"
        return {"title": WIN_TITLE, "body": str(win["message"])}
    if kind == "reminder":
        assert local_date is not None, "a reminder's inbox text needs its date"
        title, body = reminder_text(local_date)
        return {"title": title, "body": body}
    if kind == "digest":
        return {"title": DIGEST_TITLE, "body": digest_text(counts or {})}
    if kind == "questionnaire":
        assert title is not None, "a questionnaire's inbox text names who asks"
        return {"title": title, "body": QUESTIONNAIRE_BODY}
    raise ValueError(f"kind must be one of {tuple(PUSH_BODIES)}, not {kind!r}")


def reminder_text(local_date: date) -> tuple[str, str]:
    """(title, body): the variant for the client's local date, so a retry or re-run words it the same."""
    return REMINDER_TEXTS[local_date.toordinal() % len(REMINDER_TEXTS)]


def digest_text(counts: Mapping[str, int]) -> str:
    """Counts per category, in a fixed order, zeros left out: "3 clients with new micro-wins · 12 check-ins"."""
    unknown = set(counts) - set(DIGEST_LABELS)
    if unknown:
        raise ValueError(f"unknown digest categories: {sorted(unknown)}")
    parts = [counted(_count(counts[key]), *DIGEST_LABELS[key]) for key in DIGEST_LABELS if counts.get(key)]
    return " · ".join(parts) if parts else "Nothing new this week."


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a digest carries counts only, not {value!r}")
    return value
