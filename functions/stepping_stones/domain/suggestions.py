"""Suggestions a therapist offers and the client takes, changes or lets go: pure rules, no I/O.

A suggestion is never the client's own record: taking it creates the record through the client's own
path (the step, experiment or goal gets the suggestion's id), so nothing is added without their tap.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

STEP, EXPERIMENT, GOAL = "step", "experiment", "goal"
KINDS = (STEP, EXPERIMENT, GOAL)
OPEN, TAKEN, NOT_TAKEN = "open", "taken", "not_taken"
STATES = (OPEN, TAKEN, NOT_TAKEN)
TAKE, LET_GO = "take", "let_go"
# Which fields of the client's own record a suggestion proposes (the client adds the rest when taking).
PROPOSED_FIELDS = {
    STEP: ("title", "done_when", "due_on"),
    EXPERIMENT: ("strength", "plan", "planned_for"),
    GOAL: ("title", "why", "target_date"),
}


def changed(kind: str, proposal: dict, record: dict) -> bool:
    """Whether the client took it with changes of their own: a proposed field they wrote differently.
    A field the suggestion left empty (a step's "done when", a date) is theirs to fill, not a change."""
    return any(proposal.get(name) is not None and record.get(name) != proposal[name] for name in PROPOSED_FIELDS[kind])


class AlreadyAnswered(Exception):
    """The client answered this suggestion the other way already (taken, or let go)."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


def answer(state: str, action: str) -> str | None:
    """The state after the client's `action`: None when nothing changes (the same answer again, so a
    retry is harmless); AlreadyAnswered when it was answered the other way."""
    wanted = TAKEN if action == TAKE else NOT_TAKEN
    if state == OPEN:
        return wanted
    if state == wanted:
        return None
    raise AlreadyAnswered(state)


def over_open_limit(states: Iterable[str], limit: int) -> bool:
    """Whether one more open suggestion would pass the bound."""
    return sum(1 for state in states if state == OPEN) >= limit


def to_drop(kept: Iterable[tuple[str, str, object]], keep: int) -> list[str]:
    """Ids of the oldest answered suggestions to drop so one more fits within `keep`:
    `kept` holds (id, state, created_at)."""
    kept = list(kept)
    excess = len(kept) + 1 - keep
    if excess <= 0:
        return []
    answered = sorted((item for item in kept if item[1] != OPEN), key=lambda item: (item[2], item[0]))
    return [item[0] for item in answered[:excess]]


def note_id(therapist_uid: str, subject: str) -> str:
    """The inbox item of a therapist's note on one win or moment: one per subject, replaced when edited."""
    digest = hashlib.sha256(f"{therapist_uid}\n{subject}".encode()).hexdigest()[:24]
    return f"note-{digest}"


def note_title(therapist_name: str | None) -> str:
    return f"A note from {therapist_name}" if therapist_name else "A note from your therapist"


def suggested_by(therapist_name: str | None) -> str:
    return f"Suggested by {therapist_name}" if therapist_name else "Suggested by your therapist"
