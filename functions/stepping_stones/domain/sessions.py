"""The rhythm of sessions and the client's agenda: pure rules, no I/O.

A session is held, cancelled or missed. Only a held session moves things on: the review's default
window starts at the last held one, and it closes the client's agenda items added up to its date
("talked about"). A missed or cancelled session is the therapist's record alone: it changes nothing
a client sees (a missed session is read as self-protection, never as failure).
"""
from __future__ import annotations

from datetime import date

HELD, CANCELLED, MISSED = "held", "cancelled", "missed"
SESSION_STATUSES = (HELD, CANCELLED, MISSED)

# The worksheet's reflection (seed 001): five optional prompts, in its order.
REFLECTION_PROMPTS = (
    ("what_happened", "What happened? (just the facts)"),
    ("what_i_felt", "What did I feel in the moment?"),
    ("story_i_told_myself", "What story did I tell myself?"),
    ("client_might_be_communicating", "Looking back, what might the client have been communicating?"),
    ("try_next_time", "What would I try differently next time?"),
)
REFLECTION_FIELDS = tuple(name for name, _ in REFLECTION_PROMPTS)
SESSION, MOMENT = "session", "moment"


def session_status(session: dict) -> str:
    """A session's status; sessions recorded before statuses existed were held."""
    return session.get("state") or HELD


def last_held_session(sessions: list[dict], today: date) -> date | None:
    """The latest held session on or before `today` (None without one)."""
    held = [date.fromisoformat(s["date"]) for s in sessions if session_status(s) == HELD]
    return max((day for day in held if day <= today), default=None)


def agenda_changes(items: list[dict], therapist_uid: str, day: str, held: bool) -> list[dict]:
    """The agenda items a session on `day` changes, as they should be stored: a held session closes
    the open items added up to its day; a session no longer held reopens those it closed."""
    changed = []
    for item in items:
        if held and item.get("talked_about_on") is None and item["added_on"] <= day:
            changed.append({**item, "talked_about_on": day, "closed_by": therapist_uid})
        elif not held and item.get("talked_about_on") == day and item.get("closed_by") == therapist_uid:
            changed.append({**item, "talked_about_on": None, "closed_by": None})
    return changed


def agenda_for_review(items: list[dict], share_notes: bool, since: date, until: date) -> list[dict]:
    """The client's agenda as a therapist reads it, first in the review: open items (oldest first),
    then those talked about in the window. Words only when the client shares notes."""
    wanted = [i for i in items if i.get("talked_about_on") is None
              or since.isoformat() <= i["talked_about_on"] <= until.isoformat()]
    wanted.sort(key=lambda i: (i.get("talked_about_on") is not None, i["added_on"], i["id"]))
    return [{"id": i["id"], "added_on": i["added_on"], "text": i["text"] if share_notes else None,
             "text_shared": share_notes, "about": i.get("about"),
             "talked_about_on": i.get("talked_about_on")} for i in wanted]


def agenda_view(item: dict) -> dict:
    """An agenda item as its client sees it (who closed it is not shown)."""
    return {key: item.get(key) for key in ("id", "text", "added_on", "about", "talked_about_on")}


def reflection_is_empty(fields: dict) -> bool:
    return not any((fields.get(name) or "").strip() for name in REFLECTION_FIELDS)
