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
MEASURE_ANSWERS = Bound("measure_answers", 1000, "account", "a PHQ-9 and a GAD-7 every week for over 9 years "
                        "(skips included); all answers live in one document of at most about 0.4 MB")
MEASURE_ANSWERS_PER_DAY = Bound("measure_answers", 8, "local day", "each measure answered or skipped a few times "
                                "in a day (a correction re-uses its id and is always allowed)")
ALL = (STEPS_PER_GOAL, GOALS, AWAY_PERIODS, DEVICES, MOODS_PER_DAY, BREATHING_PER_DAY, EXPERIMENTS_PER_DAY,
       EXPERIMENTS, MEASURE_ANSWERS, MEASURE_ANSWERS_PER_DAY, AGENDA_ITEMS)
# Measure assignments need no bound of their own: at most one per measure per linked therapist.
# Added by a linked therapist, not the client, and bounded all the same (per therapist and client):
OPEN_SUGGESTIONS = Bound("suggestions", 20, "therapist and client (open ones)", "more than a client could weigh "
                         "before the next session; a taken or let-go one frees its place")
KEPT_SUGGESTIONS = 100  # per therapist and client; past it the oldest answered suggestion is dropped on adding one
UNREAD_NOTES = Bound("notes", 30, "therapist and client (unread ones)", "a note on most wins and moments of a "
                     "month; one the client has read frees its place (one note per win or moment, replaced when edited)")
THERAPIST_ANSWERS = (OPEN_SUGGESTIONS, UNREAD_NOTES)
# Not something a client adds, but an answer bounded all the same: a review covers at most a year.
REVIEW_WINDOW_DAYS = 366  # the therapist page's widest view; a longer history is read a year at a time
# Check-ins need none: one per local date. Free text is bounded by each field's maxLength.

# The safety plan: one document per client, replaced whole, so each list is bounded by its schema (a
# longer list is a 400 naming the field). Stanley–Brown plans fit on one card: a handful per step.
SAFETY_PLAN_ITEMS_PER_STEP = 10  # each of the six lists; the whole plan stays under 25 KB
SAFETY_PLAN_ITEM_CHARS = 300  # a warning sign, a thing to do, a change to the surroundings
SAFETY_PLAN_NAME_CHARS = 120  # a person, a place, a professional or a crisis line
SAFETY_PLAN_PHONE_CHARS = 32  # digits with spaces, dashes, brackets and a leading '+'
SAFETY_PLAN_REASON_CHARS = 1000  # one reason for living, in the client's words
