"""Every bound on what a client can add through the API, each with the reason for its size, in one place.

Generous for a real person, and small enough that no document nears Firestore's 1 MiB and no answer is
huge. Past a bound, adding one more is a 409 `limit_reached` naming the bound; correcting what exists
is always allowed. Each is checked from counts a request already holds (the goal document, the
summary's per-day cells and lists), never by reading a collection.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bound:
    name: str  # what the 409's `fields` names
    limit: int
    per: str  # what it counts over, in words
    reason: str


STEPS_PER_GOAL = Bound("steps", 50, "goal", "a goal broken into 50 tiny steps is already a long plan; "
                       "keeps a goal document under 0.4 MB even with every text field full")
GOALS = Bound("goals", 200, "account", "far more goals than anyone pursues at once; bounds GET /v1/goals")
AWAY_PERIODS = Bound("away_periods", 1000, "account", "a trip a week for 20 years; the summary keeps "
                     "each period in 2 numbers")
DEVICES = Bound("devices", 20, "account", "phones, tablets and browsers re-registered within the 60 days "
                "before an unused one is pruned; a push goes to each")
MOODS_PER_DAY = Bound("moods", 50, "local day", "a mood every 20 waking minutes")
BREATHING_PER_DAY = Bound("breathing", 12, "local day", "a practice every 80 waking minutes; the summary "
                          "keeps one small number per rated practice")
EXPERIMENTS_PER_DAY = Bound("experiments", 10, "local day (planned_for)", "a strength experiment is a "
                            "planned event; few people plan more than two a day")
EXPERIMENTS = Bound("experiments", 5000, "account", "one a day for over 13 years; the summary keeps a "
                    "small fact per experiment")
AGENDA_ITEMS = Bound("agenda_items", 30, "account", "far more than one session can take up; items talked "
                    "about make room by themselves (the oldest goes), and one small query reads them all")
ALL = (STEPS_PER_GOAL, GOALS, AWAY_PERIODS, DEVICES, MOODS_PER_DAY, BREATHING_PER_DAY, EXPERIMENTS_PER_DAY,
       EXPERIMENTS, AGENDA_ITEMS)
# Not something a client adds, but an answer bounded all the same: a review covers at most a year.
REVIEW_WINDOW_DAYS = 366  # the therapist page's widest view; a longer history is read a year at a time
# Check-ins need none: one per local date. Free text is bounded by each field's maxLength.
