"""Strength experiments: the VIA strengths vocabulary and an experiment's derived status."""
from __future__ import annotations

from datetime import date, timedelta

# The 24 VIA character strengths (VIA Institute on Character), by snake_case id.
VIA_STRENGTHS = (
    "appreciation_of_beauty", "bravery", "creativity", "curiosity", "fairness", "forgiveness",
    "gratitude", "honesty", "hope", "humility", "humor", "judgment", "kindness", "leadership",
    "love", "love_of_learning", "perseverance", "perspective", "prudence", "self_regulation",
    "social_intelligence", "spirituality", "teamwork", "zest",
)
CUSTOM_PREFIX = "custom:"
MAX_CUSTOM_LABEL = 60
LAPSE_AFTER_DAYS = 3

PLANNED, DONE, LAPSED = "planned", "done", "lapsed"


def strength_problem(strength: str) -> str | None:
    """Why `strength` is not acceptable, or None when it is."""
    if strength in VIA_STRENGTHS:
        return None
    if strength.startswith(CUSTOM_PREFIX):
        label = strength[len(CUSTOM_PREFIX):].strip()
        if not label:
            return "A custom strength needs a label after 'custom:'."
        if len(label) > MAX_CUSTOM_LABEL:
            return f"A custom strength label is at most {MAX_CUSTOM_LABEL} characters."
        return None
    return "Use one of the 24 VIA strength ids (e.g. 'curiosity', 'bravery') or 'custom:<label>'."


def experiment_status(planned_for: date, has_outcome: bool, today: date) -> str:
    """`done` with an outcome; `lapsed` once the planned date is more than 3 days past; else `planned`."""
    if has_outcome:
        return DONE
    if today > planned_for + timedelta(days=LAPSE_AFTER_DAYS):
        return LAPSED
    return PLANNED


def strength_name(strength: str) -> str:
    """A VIA id in words; a label the client named themselves, in quotes as theirs."""
    if strength.startswith(CUSTOM_PREFIX):
        return f"“{strength.removeprefix(CUSTOM_PREFIX).strip()}”"
    return strength.replace("_", " ")
