"""Day by day through a review window: check-in, away, breathing and the client's own mood baseline band."""
from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Any

from stepping_stones.domain.records import AwayPeriod, BreathingPractice, CheckIn, MoodEntry
from stepping_stones.domain.review import BASELINE_DAYS, BASELINE_MIN_VALUES


def window_days(checkins: Iterable[CheckIn], moods: Iterable[MoodEntry], breathing: Iterable[BreathingPractice],
                away_periods: Iterable[AwayPeriod], since: date, until: date) -> list[dict[str, Any]]:
    """One row per local date from `since` to `until`, for the therapist page's calendar and charts.

    `baseline_low`/`baseline_high` are the mean of the mood values in the 28 days ending that day,
    minus and plus one standard deviation (None with fewer than 5 values), so pass mood values
    from 27 days before `since` on. Breathing counts sessions and sums the stress drops reported.
    """
    checkins = list(checkins)
    first, last = since.toordinal(), until.toordinal()
    checked_in = {c.local_date.toordinal() for c in checkins}
    values: dict[int, list[int]] = {}
    for day, value in [(c.local_date, c.mood) for c in checkins] + [(m.local_date, m.rating) for m in moods]:
        values.setdefault(day.toordinal(), []).append(value)
    away = {day for p in away_periods
            for day in range(max(first, p.start.toordinal()), min(last, p.end.toordinal()) + 1)}
    sessions: dict[int, list[BreathingPractice]] = {}
    for practice in breathing:
        sessions.setdefault(practice.local_date.toordinal(), []).append(practice)
    return [_day(day, day in checked_in, day in away, sessions.get(day, []), values)
            for day in range(first, last + 1)]


def _day(day: int, checked_in: bool, away: bool, sessions: list[BreathingPractice],
         values: dict[int, list[int]]) -> dict[str, Any]:
    drops = [s.stress_before - s.stress_after for s in sessions
             if s.stress_before is not None and s.stress_after is not None]
    low, high = _band([v for d in range(day - BASELINE_DAYS + 1, day + 1) for v in values.get(d, ())])
    return {"date": date.fromordinal(day).isoformat(), "checked_in": checked_in, "away": away,
            "breathing": len(sessions), "stress_drop_sum": sum(drops), "stress_drop_count": len(drops),
            "baseline_low": low, "baseline_high": high}


def _band(window: list[int]) -> tuple[float | None, float | None]:
    if len(window) < BASELINE_MIN_VALUES:
        return None, None
    mean = sum(window) / len(window)
    spread = math.sqrt(sum((v - mean) ** 2 for v in window) / len(window))
    return round(mean - spread, 2), round(mean + spread, 2)
