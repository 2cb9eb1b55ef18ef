"""The summary state: one client's per-day aggregates, kept small in one document for a decade.

layout.py     the stored layout: the state's fields, a day's `DayCell`, stress keys, fact lists
updates.py    a record put, corrected or deleted; prune; recompute
archive.py    the days before the boundary, compressed in a field of their own
carried.py    what the readers need of the archived days
timeline.py   the `Timeline` read for computing wins, the summary and the review
queries.py    small reads: a day's cell, very low moments, a column's days, rated practices
migrate_v1.py a version-1 summary converted to today's layout
"""
from .archive import archive_contents, unarchived, whole_if_before
from .carried import carried
from .layout import (
    ARCHIVE_BLOCK_DAYS,
    ARCHIVE_KEEP_DAYS,
    CHECKIN_MOOD,
    DETAIL_DAYS,
    LOOKBACK_DAYS,
    LOW_MOODS,
    LOW_VALUE_MAX,
    MOOD_SUM,
    MOODS,
    SECONDS,
    SESSIONS,
    STRESS,
    STRESS_KEEP,
    TECHNIQUES,
    VERSION,
    DayCell,
    Record,
    State,
    away_days,
    empty_state,
    rating_change,
    stress_drop,
    technique_number,
)
from .migrate_v1 import from_version_1
from .queries import (
    cell_at,
    checked_in_on,
    daily_column,
    first_low_of_day,
    last_daily_day,
    low_value_of,
    low_values,
    rated_practices,
)
from .timeline import ExperimentFact, Timeline, first_day, read_timeline
from .updates import apply_away, apply_delete, apply_goal, apply_put, earliest_affected, prune, recompute

__all__ = [
    "ARCHIVE_BLOCK_DAYS", "ARCHIVE_KEEP_DAYS", "CHECKIN_MOOD", "DETAIL_DAYS", "LOOKBACK_DAYS", "LOW_MOODS",
    "LOW_VALUE_MAX", "MOOD_SUM", "MOODS", "SECONDS", "SESSIONS", "STRESS", "STRESS_KEEP", "TECHNIQUES", "VERSION", "DayCell",
    "ExperimentFact", "Record", "State", "Timeline", "apply_away", "apply_delete", "apply_goal", "apply_put",
    "archive_contents", "away_days", "carried", "cell_at", "checked_in_on", "daily_column", "earliest_affected",
    "empty_state", "first_day", "first_low_of_day", "from_version_1", "last_daily_day", "low_value_of", "low_values",
    "prune", "rated_practices", "rating_change", "read_timeline", "recompute", "stress_drop", "technique_number",
    "unarchived", "whole_if_before",
]
