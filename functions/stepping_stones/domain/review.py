"""The between-session review a therapist reads: status, mood trend, gentle signals and counts."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from stepping_stones.domain.experiments import DONE, LAPSED, PLANNED, experiment_status, strength_name
from stepping_stones.domain.summary import BASELINE_DAYS, adherence
from stepping_stones.domain.summary_state import Timeline

ACTIVE, QUIET, INACTIVE, AWAY = "active", "quiet", "inactive", "away"
ACTIVE_WITHIN_DAYS, QUIET_WITHIN_DAYS = 2, 7
BASELINE_MIN_VALUES = 5
GAP_MIN_DAYS, LOW_MOOD_MIN_DAYS = 3, 5
PLANNED_AHEAD_DAYS = 7  # the review lists experiments planned up to a week after the window too
CHECKIN_GAP, EXPERIMENT_LAPSED, MOOD_BELOW_BASELINE = "checkin_gap", "experiment_lapsed", "mood_below_baseline"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def client_status(last_active: date | None, today: date, away_today: bool) -> str:
    """`away` in away time; `active` if last active 0-2 days ago, `quiet` 3-7, else `inactive`."""
    if away_today:
        return AWAY
    if last_active is None:
        return INACTIVE
    days_since = (today - last_active).days
    if days_since <= ACTIVE_WITHIN_DAYS:
        return ACTIVE
    return QUIET if days_since <= QUIET_WITHIN_DAYS else INACTIVE


def default_window(last_session: date | None, today: date, fallback_days: int = 14) -> tuple[date, date]:
    """From the last session's date (inclusive) to today; without one, the last `fallback_days` days."""
    if last_session is None or last_session > today:
        return today - timedelta(days=fallback_days - 1), today
    return last_session, today


def daily_mood_series(t: Timeline, since: date, until: date) -> list[dict[str, Any]]:
    """Each day in the window with a mood value: its mean (2 places) and how many values."""
    return [{"date": _iso(day), "mean": round(total / count, 2), "count": count}
            for day in _days(since, until) for total, count in [t.mood_totals.get(day, (0, 0))] if count]


def engagement_signals(t: Timeline, since: date, until: date, started: int | None = None) -> list[dict[str, Any]]:
    """Patterns to explore together, worded neutrally, each with the dates it rests on.

    Mood baselines look back 27 days before `since`, so the timeline must reach back that far.
    Check-in gaps count from the client's first day (`started`, when known), as adherence does: the days
    before someone began are not days they went without.
    Signals are sorted by first date, then type, so input order never matters.
    """
    first, last = since.toordinal(), until.toordinal()
    away = {day for day in t.away if first <= day <= last}
    signals = [*_checkin_gaps(set(t.checkins), away, max(first, started or first), last),
               *_lapsed_experiments(t, since, until),
               *_low_mood_runs(t, first, last)]
    return sorted(signals, key=lambda s: (s["dates"][0], s["type"], s["text"]))


def _checkin_gaps(done: set[int], away: set[int], first: int, last: int) -> list[dict[str, Any]]:
    """Runs of days without a check-in; away days are passed over, neither ending nor lengthening one.

    A run still open at `until` counts: the days so far are enough to wonder about.
    """
    runs = _runs(first, last, lambda day: day not in done and day not in away,
                 passed_over=lambda day: day in away and day not in done)
    return [_gap_signal(run) for run in runs if len(run) >= GAP_MIN_DAYS]


def _gap_signal(run: list[int]) -> dict[str, Any]:
    span = _span(run[0], run[-1])
    away_inside = run[-1] - run[0] + 1 - len(run)
    if away_inside:
        plural = "s" if away_inside > 1 else ""
        span = f"on {len(run)} days from {span} ({away_inside} away day{plural} not counted)"
    else:
        span = f"from {span}"
    return _signal(CHECKIN_GAP, run, f"No check-ins {span} — a possible thread to explore together.")


def _lapsed_experiments(t: Timeline, since: date, until: date) -> list[dict[str, Any]]:
    first, last = since.toordinal(), until.toordinal()
    return [_signal(EXPERIMENT_LAPSED, [e.planned],
                    f"The {strength_name(e.strength)} experiment planned for {_day_text(date.fromordinal(e.planned))} "
                    "has no outcome noted yet — you might explore together how it went or what came up.")
            for e in t.experiments
            if first <= e.planned <= last
            and experiment_status(date.fromordinal(e.planned), e.done is not None, until) == LAPSED]


def _low_mood_runs(t: Timeline, first: int, last: int) -> list[dict[str, Any]]:
    runs = _runs(first, last, lambda day: _below_baseline(t, day))
    return [_signal(MOOD_BELOW_BASELINE, run,
                    f"Mood was below this client's 28-day average each day from {_span(run[0], run[-1])} "
                    "— something to be curious about together.")
            for run in runs if len(run) >= LOW_MOOD_MIN_DAYS]


def _below_baseline(t: Timeline, day: int) -> bool:
    """The day's mean is below the mean of the 28 days ending that day (at least 5 values); exact."""
    total, count = t.mood_totals.get(day, (0, 0))
    if not count:
        return False
    base_total, base_count = t.mood_between(day - BASELINE_DAYS + 1, day)
    return base_count >= BASELINE_MIN_VALUES and total * base_count < base_total * count


def moments_to_ask_about(t: Timeline, since: date, until: date, acknowledged: dict) -> list[dict[str, Any]]:
    """The days in the window with a check-in mood or mood rating of 0 or 1, oldest first, each with
    whether this therapist acknowledged it (`acknowledged`: ISO date -> {"acknowledged_at"}). Not a score."""
    return [{"date": iso, "kind": "low_mood", "text": f"A mood of 0 or 1 was noted on {_day_text(date.fromordinal(day))} "
                                  "— you might ask how that day was.",
             "acknowledged": iso in acknowledged, "acknowledged_at": acknowledged.get(iso, {}).get("acknowledged_at")}
            for day in _days(since, until) if day in t.low_days for iso in [_iso(day)]]


def window_counts(t: Timeline, started: int | None, since: date, until: date) -> dict[str, Any]:
    """What happened in the window; experiments are those planned or done in it, as of `until`.
    Adherence counts from the client's first day (`started`), as in the client's own summary."""
    first, last = since.toordinal(), until.toordinal()
    away = {day for day in t.away if first <= day <= last}
    percent = adherence(t, started, first, last)
    drops = [drop for day, drop in t.stress_drops if first <= day <= last]
    breathing = [t.breathing[day] for day in range(first, last + 1) if day in t.breathing]
    return {
        "days": max(0, last - first + 1),
        "away_days": len(away),
        "checkins": {"count": sum(1 for day in t.checkins if first <= day <= last), "adherence_percent": percent},
        "breathing": {"count": sum(sessions for sessions, _ in breathing),
                      "minutes": round(sum(seconds for _, seconds in breathing) / 60, 1),
                      "avg_stress_drop": round(sum(drops) / len(drops), 2) if drops else None,
                      "sessions_with_stress": len(drops)},
        "experiments": _experiment_counts(t, since, until),
        "steps_done": sum(1 for done in t.step_days if first <= done <= last),
        "goals_completed": sum(1 for done in t.goals_completed if first <= done <= last),
    }


def _experiment_counts(t: Timeline, since: date, until: date) -> dict[str, int]:
    first, last = since.toordinal(), until.toordinal()
    counts = {PLANNED: 0, DONE: 0, LAPSED: 0, "with_learned": 0}
    for e in t.experiments:
        if first <= e.planned <= last or (e.done is not None and first <= e.done <= last):
            counts[experiment_status(date.fromordinal(e.planned), e.done is not None, until)] += 1
            counts["with_learned"] += e.learned
    return counts


def _runs(first: int, last: int, in_run: Callable[[int], bool],
          passed_over: Callable[[int], bool] = lambda day: False) -> list[list[int]]:
    """Maximal runs of days in first..last for which `in_run` holds; `passed_over` days are skipped."""
    runs: list[list[int]] = [[]]
    for day in range(first, last + 1):
        if in_run(day):
            runs[-1].append(day)
        elif not passed_over(day) and runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _days(since: date, until: date) -> range:
    return range(since.toordinal(), until.toordinal() + 1)


def _signal(kind: str, days: list[int], text: str) -> dict[str, Any]:
    return {"type": kind, "dates": [_iso(day) for day in days], "text": text}


def _span(first: int, last: int) -> str:
    start, end = date.fromordinal(first), date.fromordinal(last)
    if start.year != end.year:
        return f"{_day_text(start)} {start.year} to {_day_text(end)} {end.year}"
    if start.month != end.month:
        return f"{_day_text(start)} to {_day_text(end)}"
    return f"{start.day} to {_day_text(end)}"


def _day_text(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _iso(day: int) -> str:
    return date.fromordinal(day).isoformat()
