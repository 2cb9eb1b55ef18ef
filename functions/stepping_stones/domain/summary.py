"""The summary of one client's progress, computed from the progress state as of a local date."""
from __future__ import annotations

from datetime import date
from typing import Any

from stepping_stones.domain import habits
from stepping_stones.domain.experiments import DONE, LAPSED, PLANNED, experiment_status
from stepping_stones.domain.summary_state import (
    CHECKIN_MOOD,
    SESSIONS,
    State,
    Timeline,
    carried,
    daily_column,
    first_day,
    last_daily_day,
    rated_practices,
    read_timeline,
    whole_if_before,
)

RECENT_DAYS, BASELINE_DAYS = 7, 28  # the mood rule: the last 7 days against the last 28, both ending that day


def summarize(state: State, today: date) -> dict[str, Any]:
    """Windows end today: "last 7 days" is today and the 6 days before; weeks start on Monday.

    Facts dated after today are left out, except that planned experiments are counted as planned.
    """
    day = today.toordinal()
    monday = day - today.weekday()
    lo = min(day - BASELINE_DAYS + 1, monday - 7)
    state = whole_if_before(state, lo)  # archived days are read through what they carry
    timeline = read_timeline(state, lo, day, carries=False)
    checkins, away, first = daily_column(state, CHECKIN_MOOD, day), timeline.away, first_day(state)
    carry = carried(state)
    before, (checkin_score, breathing_score) = (carry["last_checkin"], carry["streak"]), carry["habit"]
    current, longest = habits.streaks(checkins, away, day, before)
    return {
        "checkin_streak": {"current": current, "longest": max(carry["longest"], longest)},
        "habit_strength": {
            "checkins": round(habits.habit_strength(checkins, away, day, carried=(state["boundary"], checkin_score)), 3),
            "breathing": round(habits.habit_strength(daily_column(state, SESSIONS, day), away, day,
                                                     carried=(state["boundary"], breathing_score)), 3),
        },
        "counts": {"last_7_days": _counts(timeline, day - RECENT_DAYS + 1, day),
                   "last_28_days": _counts(timeline, day - BASELINE_DAYS + 1, day)},
        "checkin_adherence": {"last_7_days": adherence(timeline, first, day - RECENT_DAYS + 1, day),
                              "last_28_days": adherence(timeline, first, day - BASELINE_DAYS + 1, day)},
        "breathing": {
            "this_week": _breathing_between(timeline, monday, day),
            "last_week": _breathing_between(timeline, monday - 7, monday - 1),
            **_stress(*rated_practices(state, day)),
        },
        "mood": mood_vs_baseline(timeline, day),
        "experiments": _experiments(timeline, day, carry),
        "steps_done_this_week": sum(1 for done in timeline.step_days if monday <= done <= day),
        "last_active": _last_active(state, timeline, day, carry["last_done"]),
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


def adherence(timeline: Timeline, started: int | None, first: int, last: int) -> float | None:
    """Percent of the days first..last with a check-in, counted from the client's first day (a new
    client is not shown days before they started) and leaving out away days; None if no day counts."""
    if started is None:
        return None
    percent = habits.adherence(timeline.checkins, timeline.away, max(first, started), last)
    return None if percent is None else round(percent, 1)


def _breathing_between(timeline: Timeline, first: int, last: int) -> dict[str, float]:
    days = [timeline.breathing.get(day, (0, 0)) for day in range(first, last + 1)]
    return {"sessions": sum(sessions for sessions, _ in days),
            "minutes": round(sum(seconds for _, seconds in days) / 60, 1)}


def _stress(count: int, last_five: list[int]) -> dict[str, Any]:
    average = round(sum(last_five) / len(last_five), 2) if last_five else None
    return {"avg_stress_drop_last_5": average, "sessions_with_stress": count}


def mood_vs_baseline(timeline: Timeline, day: int) -> dict[str, Any]:
    """The mean of check-in moods and mood ratings over the last 7 days and the last 28 (the
    baseline includes the last 7), both ending `day`; the timeline must reach back 27 days."""
    week_total, week_count = timeline.mood_between(day - RECENT_DAYS + 1, day)
    month_total, month_count = timeline.mood_between(day - BASELINE_DAYS + 1, day)
    return {
        "mean_7_days": round(week_total / week_count, 2) if week_count else None,
        "count_7_days": week_count,
        "baseline_28_days": round(month_total / month_count, 2) if month_count else None,
        "count_28_days": month_count,
    }


def _experiments(timeline: Timeline, day: int, carry: dict) -> dict[str, int]:
    today = date.fromordinal(day)
    statuses = [DONE if e.done is not None else experiment_status(date.fromordinal(e.planned), False, today)
                for e in timeline.experiments]
    return {PLANNED: statuses.count(PLANNED), DONE: statuses.count(DONE) + carry["experiments_done"],
            LAPSED: statuses.count(LAPSED) + carry["experiments_lapsed"]}


def _last_active(state: State, timeline: Timeline, day: int, archived_done: int | None) -> str | None:
    # A planned date is not activity: a client who planned something and went quiet is quiet.
    days = [last_daily_day(state, day), archived_done, *(e.done for e in timeline.experiments if e.done is not None),
            *timeline.step_days]
    latest = max((active for active in days if active is not None and active <= day), default=None)
    return None if latest is None else date.fromordinal(latest).isoformat()
