"""The summary of one client's progress, computed from the progress state as of a local date."""
from __future__ import annotations

from datetime import date
from typing import Any

from stepping_stones.domain import habits
from stepping_stones.domain.experiments import DONE, LAPSED, PLANNED, experiment_status
from stepping_stones.domain.progress_state import State, Timeline, read_timeline


def summarize(state: State, today: date) -> dict[str, Any]:
    """Windows end today: "last 7 days" is today and the 6 days before; weeks start on Monday.

    Facts dated after today are left out, except that planned experiments are counted as planned.
    """
    timeline = read_timeline(state)
    day = today.toordinal()
    monday = day - today.weekday()
    checkins, away = timeline.checkins, timeline.away
    return {
        "checkin_streak": {
            "current": habits.current_streak(checkins, away, day),
            "longest": habits.longest_streak(checkins, away, day),
        },
        "habit_strength": {
            "checkins": round(habits.habit_strength(checkins, away, day), 3),
            "breathing": round(habits.habit_strength(timeline.breathing, away, day), 3),
        },
        "counts": {"last_7_days": _counts(timeline, day - 6, day),
                   "last_28_days": _counts(timeline, day - 27, day)},
        "checkin_adherence": {"last_7_days": _adherence(timeline, day - 6, day),
                              "last_28_days": _adherence(timeline, day - 27, day)},
        "breathing": {
            "this_week": _breathing_between(timeline, monday, day),
            "last_week": _breathing_between(timeline, monday - 7, monday - 1),
            **_stress(timeline, day),
        },
        "mood": _mood(timeline, day),
        "experiments": _experiments(timeline, day),
        "steps_done_this_week": sum(1 for _, _, done in timeline.steps if monday <= done <= day),
        "last_active": _last_active(timeline, day),
        "away_today": day in away,
    }


def _counts(timeline: Timeline, first: int, last: int) -> dict[str, int]:
    days = range(first, last + 1)
    return {
        "checkin": sum(1 for day in days if day in timeline.checkins),
        "mood": sum(timeline.mood_entries.get(day, 0) for day in days),
        "breathing": sum(timeline.breathing.get(day, (0, 0))[0] for day in days),
        "experiment": sum(1 for e in timeline.experiments if first <= e.planned <= last),
    }


def _adherence(timeline: Timeline, first: int, last: int) -> float | None:
    percent = habits.adherence(timeline.checkins, timeline.away, first, last)
    return None if percent is None else round(percent, 1)


def _breathing_between(timeline: Timeline, first: int, last: int) -> dict[str, float]:
    days = [timeline.breathing.get(day, (0, 0)) for day in range(first, last + 1)]
    return {"sessions": sum(sessions for sessions, _ in days),
            "minutes": round(sum(seconds for _, seconds in days) / 60, 1)}


def _stress(timeline: Timeline, day: int) -> dict[str, Any]:
    drops = [drop for practised, drop in timeline.stress_drops if practised <= day]
    last_five = drops[-5:]
    average = round(sum(last_five) / len(last_five), 2) if last_five else None
    return {"avg_stress_drop_last_5": average, "sessions_with_stress": len(drops)}


def _mood(timeline: Timeline, day: int) -> dict[str, Any]:
    week_total, week_count = timeline.mood_between(day - 6, day)
    month_total, month_count = timeline.mood_between(day - 27, day)
    return {
        "mean_7_days": round(week_total / week_count, 2) if week_count else None,
        "count_7_days": week_count,
        "baseline_28_days": round(month_total / month_count, 2) if month_count else None,
        "count_28_days": month_count,
    }


def _experiments(timeline: Timeline, day: int) -> dict[str, int]:
    today = date.fromordinal(day)
    statuses = [experiment_status(date.fromordinal(e.planned), e.done is not None, today)
                for e in timeline.experiments]
    return {status: statuses.count(status) for status in (PLANNED, DONE, LAPSED)}


def _last_active(timeline: Timeline, day: int) -> str | None:
    # A planned date is not activity: a client who planned something and went quiet is quiet.
    days = [*timeline.checkins, *timeline.mood_entries, *timeline.breathing,
            *(e.done for e in timeline.experiments if e.done is not None),
            *(done for _, _, done in timeline.steps)]
    latest = max((active for active in days if active <= day), default=None)
    return None if latest is None else date.fromordinal(latest).isoformat()
