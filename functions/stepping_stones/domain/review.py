"""The between-session review a therapist reads: status, mood trend, gentle signals and counts."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from stepping_stones.domain import habits
from stepping_stones.domain.experiments import CUSTOM_PREFIX, DONE, LAPSED, PLANNED, experiment_status
from stepping_stones.domain.records import (
    AwayPeriod,
    BreathingPractice,
    CheckIn,
    Experiment,
    Goal,
    MoodEntry,
)

ACTIVE, QUIET, INACTIVE, AWAY = "active", "quiet", "inactive", "away"
ACTIVE_WITHIN_DAYS, QUIET_WITHIN_DAYS = 2, 7
RECENT_DAYS, BASELINE_DAYS, BASELINE_MIN_VALUES = 7, 28, 5
GAP_MIN_DAYS, LOW_MOOD_MIN_DAYS = 3, 5
CHECKIN_GAP, EXPERIMENT_LAPSED, MOOD_BELOW_BASELINE = "checkin_gap", "experiment_lapsed", "mood_below_baseline"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
Totals = dict[int, tuple[int, int]]  # day number -> (sum, count) of mood values


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


def daily_mood_series(checkins: Iterable[CheckIn], moods: Iterable[MoodEntry],
                      since: date, until: date) -> list[dict[str, Any]]:
    """Each day in the window with a mood value: its mean (2 places) and how many values."""
    totals = _mood_totals(checkins, moods)
    return [{"date": _iso(day), "mean": round(total / count, 2), "count": count}
            for day in _days(since, until) for total, count in [totals.get(day, (0, 0))] if count]


def mood_vs_baseline(checkins: Iterable[CheckIn], moods: Iterable[MoodEntry], until: date) -> dict[str, Any]:
    """As the client summary: the mean of the last 7 days and of the last 28, both ending `until`."""
    totals, day = _mood_totals(checkins, moods), until.toordinal()
    week_total, week_count = _between(totals, day - RECENT_DAYS + 1, day)
    month_total, month_count = _between(totals, day - BASELINE_DAYS + 1, day)
    return {
        "mean_7_days": round(week_total / week_count, 2) if week_count else None,
        "count_7_days": week_count,
        "baseline_28_days": round(month_total / month_count, 2) if month_count else None,
        "count_28_days": month_count,
    }


def engagement_signals(checkins: Iterable[CheckIn], moods: Iterable[MoodEntry],
                       experiments: Iterable[Experiment], away_periods: Iterable[AwayPeriod],
                       since: date, until: date) -> list[dict[str, Any]]:
    """Patterns to explore together, worded neutrally, each with the dates it rests on.

    Mood baselines look back 27 days before `since`, so pass mood values from then on.
    Signals are sorted by first date, then type, so input order never matters.
    """
    checkins, first, last = list(checkins), since.toordinal(), until.toordinal()
    away = _away_days(away_periods, first, last)
    signals = [*_checkin_gaps({c.local_date.toordinal() for c in checkins}, away, first, last),
               *_lapsed_experiments(experiments, since, until),
               *_low_mood_runs(_mood_totals(checkins, moods), first, last)]
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


def _lapsed_experiments(experiments: Iterable[Experiment], since: date, until: date) -> list[dict[str, Any]]:
    return [_signal(EXPERIMENT_LAPSED, [e.planned_for.toordinal()],
                    f"The {_strength_name(e.strength)} experiment planned for {_day_text(e.planned_for)} "
                    "has no outcome noted yet — you might explore together how it went or what came up.")
            for e in experiments
            if since <= e.planned_for <= until
            and experiment_status(e.planned_for, e.outcome is not None, until) == LAPSED]


def _low_mood_runs(totals: Totals, first: int, last: int) -> list[dict[str, Any]]:
    runs = _runs(first, last, lambda day: _below_baseline(totals, day))
    return [_signal(MOOD_BELOW_BASELINE, run,
                    f"Mood was below this client's 28-day average each day from {_span(run[0], run[-1])} "
                    "— something to be curious about together.")
            for run in runs if len(run) >= LOW_MOOD_MIN_DAYS]


def _below_baseline(totals: Totals, day: int) -> bool:
    """The day's mean is below the mean of the 28 days ending that day (at least 5 values); exact."""
    total, count = totals.get(day, (0, 0))
    if not count:
        return False
    base_total, base_count = _between(totals, day - BASELINE_DAYS + 1, day)
    return base_count >= BASELINE_MIN_VALUES and total * base_count < base_total * count


def window_counts(checkins: Iterable[CheckIn], breathing: Iterable[BreathingPractice],
                  experiments: Iterable[Experiment], goals: Iterable[Goal],
                  away_periods: Iterable[AwayPeriod], since: date, until: date) -> dict[str, Any]:
    """What happened in the window; experiments are those planned or done in it, as of `until`."""
    first, last = since.toordinal(), until.toordinal()
    away = _away_days(away_periods, first, last)
    done = {c.local_date.toordinal() for c in checkins if since <= c.local_date <= until}
    adherence = habits.adherence(done, away, first, last)
    goals = list(goals)
    steps = [step for goal in goals for step in goal.steps]
    return {
        "days": max(0, last - first + 1),
        "away_days": len(away),
        "checkins": {"count": len(done), "adherence_percent": None if adherence is None else round(adherence, 1)},
        "breathing": _breathing_counts([b for b in breathing if since <= b.local_date <= until]),
        "experiments": _experiment_counts(experiments, since, until),
        "steps_done": sum(1 for s in steps if s.done_on is not None and since <= s.done_on <= until),
        "goals_completed": sum(1 for g in goals if _completed_on(g) is not None and since <= _completed_on(g) <= until),
    }


def _breathing_counts(sessions: list[BreathingPractice]) -> dict[str, Any]:
    drops = [s.stress_before - s.stress_after for s in sessions
             if s.stress_before is not None and s.stress_after is not None]
    return {"count": len(sessions),
            "minutes": round(sum(s.duration_seconds for s in sessions) / 60, 1),
            "avg_stress_drop": round(sum(drops) / len(drops), 2) if drops else None,
            "sessions_with_stress": len(drops)}


def _experiment_counts(experiments: Iterable[Experiment], since: date, until: date) -> dict[str, int]:
    counts = {PLANNED: 0, DONE: 0, LAPSED: 0, "with_learned": 0}
    for e in experiments:
        done_on = e.outcome.done_on if e.outcome else None
        if since <= e.planned_for <= until or (done_on is not None and since <= done_on <= until):
            counts[experiment_status(e.planned_for, e.outcome is not None, until)] += 1
            counts["with_learned"] += bool(e.outcome and e.outcome.learned and e.outcome.learned.strip())
    return counts


def _completed_on(goal: Goal) -> date | None:
    """The day the last step was done, once every step of a goal with steps is done."""
    if not goal.steps or any(step.done_on is None for step in goal.steps):
        return None
    return max(step.done_on for step in goal.steps)


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


def _mood_totals(checkins: Iterable[CheckIn], moods: Iterable[MoodEntry]) -> Totals:
    totals: Totals = {}
    values = [(c.local_date, c.mood) for c in checkins] + [(m.local_date, m.rating) for m in moods]
    for local_date, value in values:
        total, count = totals.get(local_date.toordinal(), (0, 0))
        totals[local_date.toordinal()] = (total + value, count + 1)
    return totals


def _between(totals: Totals, first: int, last: int) -> tuple[int, int]:
    found = [totals.get(day, (0, 0)) for day in range(first, last + 1)]
    return sum(total for total, _ in found), sum(count for _, count in found)


def _away_days(periods: Iterable[AwayPeriod], first: int, last: int) -> set[int]:
    return {day for p in periods
            for day in range(max(first, p.start.toordinal()), min(last, p.end.toordinal()) + 1)}


def _days(since: date, until: date) -> range:
    return range(since.toordinal(), until.toordinal() + 1)


def _signal(kind: str, days: list[int], text: str) -> dict[str, Any]:
    return {"type": kind, "dates": [_iso(day) for day in days], "text": text}


def _strength_name(strength: str) -> str:
    """A VIA id in words; a label the client named themselves, in quotes as theirs."""
    if strength.startswith(CUSTOM_PREFIX):
        return f"“{strength.removeprefix(CUSTOM_PREFIX).strip()}”"
    return strength.replace("_", " ")


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
