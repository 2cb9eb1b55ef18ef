"""Day by day through a review window: check-in, away, breathing and the client's own mood baseline band."""
from __future__ import annotations

import math
from datetime import date
from typing import Any

from stepping_stones.domain.review import BASELINE_MIN_VALUES
from stepping_stones.domain.summary import BASELINE_DAYS
from stepping_stones.domain.summary_state import Timeline


def window_days(timeline: Timeline, since: date, until: date) -> list[dict[str, Any]]:
    """One row per local date from `since` to `until`, for the therapist page's calendar and charts.

    `baseline_low`/`baseline_high` are the mean of the mood values in the 28 days ending that day,
    minus and plus one standard deviation of the days' averages, each day weighted by its number
    of values (None with fewer than 5 values); the summary keeps a day's sum and count, not every
    value. So read the timeline from 27 days before `since`. Breathing counts sessions and sums the
    stress drops reported.
    """
    first, last = since.toordinal(), until.toordinal()
    drops: dict[int, list[int]] = {}
    for day, drop in timeline.stress_drops:
        drops.setdefault(day, []).append(drop)
    return [_day(timeline, day, drops.get(day, [])) for day in range(first, last + 1)]


def _day(timeline: Timeline, day: int, drops: list[int]) -> dict[str, Any]:
    low, high = _band([timeline.mood_totals[d] for d in range(day - BASELINE_DAYS + 1, day + 1)
                       if d in timeline.mood_totals])
    return {"date": date.fromordinal(day).isoformat(), "checked_in": day in timeline.checkins,
            "away": day in timeline.away, "breathing": timeline.breathing.get(day, (0, 0))[0],
            "stress_drop_sum": sum(drops), "stress_drop_count": len(drops),
            "baseline_low": low, "baseline_high": high}


def _band(days: list[tuple[int, int]]) -> tuple[float | None, float | None]:
    count = sum(n for _, n in days)
    if count < BASELINE_MIN_VALUES:
        return None, None
    mean = sum(total for total, _ in days) / count
    spread = math.sqrt(sum(n * (total / n - mean) ** 2 for total, n in days) / count)
    return round(mean - spread, 2), round(mean + spread, 2)
