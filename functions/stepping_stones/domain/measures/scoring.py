"""Scoring PHQ-9 and GAD-7: totals, bands, change against the course's first score, reliable change and caseness.

Plain data in and out. Answers are {item code: answer index 0-3}; an item left out (or None) is missing.
No prorating rule for missing items is published with the PHQ-9 or GAD-7 (see docs/measures.md), so an answer
with a missing scored item is incomplete: it has no total, and is never scored as if the missing item were 0.
"""
from __future__ import annotations

from dataclasses import dataclass

from .instruments import MEASURES, PHQ9_ITEM9, Measure

__all__ = ["BANDS", "CASENESS", "RELIABLE_CHANGE", "Change", "Score", "UnknownMeasure", "answer_problems", "band",
           "course_change", "is_case", "item9_positive", "measure", "reliable_change", "score"]

# Every threshold in one place.
# Bands: PHQ-9, Kroenke, Spitzer & Williams (2001), J Gen Intern Med 16:606-613, as LOINC 44261-6 states them;
#        GAD-7, Spitzer, Kroenke, Williams & Löwe (2006), Arch Intern Med 166:1092-1097 (cut-points 5, 10, 15).
# Reliable change and caseness: the NHS Talking Therapies for anxiety and depression Manual (NHS England) and its
#        data handbook: reliable change is a change of 6 or more on the PHQ-9 and 4 or more on the GAD-7; a
#        "case" scores 10 or more on the PHQ-9 and 8 or more on the GAD-7.
BANDS = {
    "phq9": ((0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 19, "moderately severe"), (20, 27, "severe")),
    "gad7": ((0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")),
}
RELIABLE_CHANGE = {"phq9": 6, "gad7": 4}
CASENESS = {"phq9": 10, "gad7": 8}


class UnknownMeasure(ValueError):
    """Not one of the measures this product carries."""


@dataclass(frozen=True)
class Score:
    measure: str
    total: int | None  # None when incomplete
    band: str | None
    complete: bool
    missing: tuple[str, ...]  # codes of scored items with no answer
    case: bool | None  # at or above the caseness threshold; None when incomplete
    item9_positive: bool  # PHQ-9 item 9 answered above 0 (always False for the GAD-7)


@dataclass(frozen=True)
class Change:
    first: int
    latest: int
    difference: int  # latest - first: negative is fewer symptoms
    reliable: str  # "improvement", "deterioration" or "none"
    first_case: bool
    latest_case: bool


def measure(key: str) -> Measure:
    if key not in MEASURES:
        raise UnknownMeasure(f"Unknown measure '{key}'; known: {', '.join(sorted(MEASURES))}.")
    return MEASURES[key]


def answer_problems(key: str, answers: dict) -> dict:
    """Per item, what is wrong with the answers (unknown items, values outside the item's answers); {} if nothing."""
    definition = measure(key)
    problems = {}
    if not isinstance(answers, dict):
        return {"answers": ["Expected an object of item code to answer (0-3)."]}
    for code, value in answers.items():
        item = definition.item(code)
        if item is None:
            problems[code] = [f"Not an item of the {definition.name}."]
        elif value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                    or not 0 <= value < len(item.answers)):
            problems[code] = [f"Answer with 0 to {len(item.answers) - 1}, or leave it out."]
    return problems


def score(key: str, answers: dict) -> Score:
    """The total and band of one administration; incomplete (no total) when a scored item is missing."""
    definition = measure(key)
    missing = tuple(item.code for item in definition.scored_items if answers.get(item.code) is None)
    item9 = key == "phq9" and item9_positive(answers)
    if missing:
        return Score(key, None, None, False, missing, None, item9)
    total = sum(item.answers[answers[item.code]].score for item in definition.scored_items)
    return Score(key, total, band(key, total), True, (), is_case(key, total), item9)


def band(key: str, total: int) -> str:
    for low, high, label in BANDS[measure(key).key]:
        if low <= total <= high:
            return label
    raise ValueError(f"{total} is outside the {measure(key).name}'s range")


def is_case(key: str, total: int) -> bool:
    return total >= CASENESS[measure(key).key]


def reliable_change(key: str, first: int, latest: int) -> str:
    """"improvement" (down by the threshold or more), "deterioration" (up by it or more), otherwise "none"."""
    threshold = RELIABLE_CHANGE[measure(key).key]
    if first - latest >= threshold:
        return "improvement"
    if latest - first >= threshold:
        return "deterioration"
    return "none"


def course_change(key: str, totals: list[int | None]) -> Change | None:
    """Change of the latest complete score against the course's first complete one; None with fewer than one."""
    complete = [total for total in totals if total is not None]
    if not complete:
        return None
    first, latest = complete[0], complete[-1]
    return Change(first, latest, latest - first, reliable_change(key, first, latest),
                  is_case(key, first), is_case(key, latest))


def item9_positive(answers: dict) -> bool:
    """PHQ-9 item 9 ("Thoughts that you would be better off dead or of hurting yourself") answered above 0."""
    value = answers.get(PHQ9_ITEM9)
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
