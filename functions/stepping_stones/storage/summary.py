"""The summary document's shape: the `Summary` record a client's users/{uid}/private/summary holds, and its codec."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain import summary_state as facts
from ..domain import wins as win_rules
from ..domain.local_dates import today_in


@dataclass(frozen=True)
class Summary:
    """What the summary document holds. State and wins are stored as JSON text: one field, not
    thousands of indexed map keys, and a fraction of the decoding cost. Bounded: see
    domain/summary_state/ (per-day aggregates) and domain/wins.py (the wins horizon)."""

    timezone: str
    state: dict = field(default_factory=facts.empty_state)
    earned: dict = field(default_factory=dict)  # win id -> stamp [occurred_on, digest], within the horizon
    wins_through: date | None = None
    display_name: str = ""  # copied from the profile so a therapist's client list reads one document a client
    notified: dict = field(default_factory=dict)  # win id -> occurred_on of each win queued as a notification
    #                                               within the horizon: never queued twice

    def today(self, now: datetime) -> date:
        return today_in(self.timezone, now)

    def checked_in_on(self, day: date) -> bool:
        """Whether a check-in holds this local date (which one: `Store.list_entries` by date)."""
        return facts.checked_in_on(self.state, day)

    def away_on(self, day: date) -> bool:
        return day.toordinal() in facts.away_days(self.state)

    @classmethod
    def from_doc(cls, doc: dict) -> "Summary":
        """The document as stored; one of version 1 (facts by entry id, whole wins) is converted
        here, so every reader sees today's format and the next write stores it."""
        through = doc.get("wins_through")
        state, earned = json.loads(doc["state"]), json.loads(doc["earned"])
        notified = json.loads(doc.get("notified", "{}"))
        if state.get("version", 1) == 1:
            state = facts.from_version_1(state)
            earned = {win_id: win_rules.stamp(win) for win_id, win in earned.items()}
            # Version 1 kept ids only; a retracted win's date is unknown, so it is kept as of the
            # last day wins were derived: as long as it could still be derived again, or longer.
            notified = {win_id: earned.get(win_id, [through or ""])[0] for win_id in notified}
        state["archive"] = doc.get("archive") or None  # compressed, decoded only when a change reaches it
        return cls(doc["timezone"], state, earned,
                   date.fromisoformat(through) if through else None, doc.get("display_name", ""), notified)

    def to_doc(self) -> dict:
        return {
            "timezone": self.timezone,
            "state": _json({key: value for key, value in self.state.items() if key != "archive"}),
            "archive": self.state.get("archive"),
            "earned": _json(self.earned),
            "wins_through": self.wins_through.isoformat() if self.wins_through else None,
            "display_name": self.display_name,
            "notified": _json(dict(sorted(self.notified.items()))),
        }


def readable_summary(doc: dict) -> dict:
    """The summary document with its JSON text and compressed archive shown as JSON (the export)."""
    readable = {**doc, **{key: json.loads(doc[key]) for key in ("state", "earned", "notified") if doc.get(key)}}
    if doc.get("archive"):
        readable["archive"] = facts.archive_contents(doc["archive"])
    return readable


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"))
