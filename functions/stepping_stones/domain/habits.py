"""Streaks and habit strength over day numbers (`date.toordinal()`), with away days skipped.

A day is *skipped* when it falls in an away period and the practice was not done on it: it
neither breaks a streak nor counts towards one. A practice done on an away day still counts.
"""
from __future__ import annotations

from collections.abc import Collection
from collections.abc import Set as AbstractSet
from math import sqrt


def streak_lengths(done: Collection[int], away: AbstractSet[int],
                   before: tuple[int | None, int] = (None, 0)) -> dict[int, int]:
    """For each done day, the length of the streak that ends on it; `before` is the last done day
    before them all and the length of its streak, when only recent days are passed."""
    previous, length = before
    lengths: dict[int, int] = {}
    for day in sorted(done):
        joined = previous is not None and quiet_days_between(previous, day, away) == 0
        length = length + 1 if joined else 1
        lengths[day] = length
        previous = day
    return lengths


def quiet_days_between(earlier: int, later: int, away: AbstractSet[int]) -> int:
    """Days strictly between two consecutive done days that are not away days."""
    between = later - earlier - 1
    if between == 0 or not away:
        return between
    if between <= len(away):
        return sum(1 for day in range(earlier + 1, later) if day not in away)
    return between - sum(1 for day in away if earlier < day < later)


def current_streak(done: Collection[int], away: AbstractSet[int], today: int,
                   before: tuple[int | None, int] = (None, 0)) -> int:
    """The streak ending today, or yesterday while today is still open (skipped days passed over)."""
    lengths = streak_lengths([day for day in done if day <= today], away, before)
    if before[0] is not None:
        lengths.setdefault(before[0], before[1])
    day = today if today in lengths else today - 1
    while day in away and day not in lengths:
        day -= 1
    return lengths.get(day, 0)


def streaks(done: Collection[int], away: AbstractSet[int], today: int,
            before: tuple[int | None, int] = (None, 0)) -> tuple[int, int]:
    """(current_streak, longest_streak) from one pass."""
    lengths = streak_lengths([day for day in done if day <= today], away, before)
    longest = max(lengths.values(), default=0)
    if before[0] is not None:
        lengths.setdefault(before[0], before[1])
    day = today if today in lengths else today - 1
    while day in away and day not in lengths:
        day -= 1
    return lengths.get(day, 0), longest


def longest_streak(done: Collection[int], away: AbstractSet[int], today: int,
                   before: tuple[int | None, int] = (None, 0)) -> int:
    return max(streak_lengths([day for day in done if day <= today], away, before).values(), default=0)


def habit_strength(done: Collection[int], away: AbstractSet[int], today: int, frequency: float = 1.0,
                   carried: tuple[int, float | None] | None = None) -> float:
    """Loop Habit Tracker's habit score, 0 to 1.

    Starting at 0 on the first day the practice was done, each day until today updates
    `score = score * m + done * (1 - m)`, where `done` is 1 if practised that day, else 0, and
    `m = 0.5 ** (sqrt(frequency) / 13)`; with a daily habit (frequency 1) a day's weight halves
    about every 13 days. Skipped days (away, not practised) leave the score untouched.
    `carried` is (a day, the score after the day before it, or None if not practised before it)
    when `done` holds only the days from then on.
    """
    days = [day for day in done if day <= today]
    start, score = (None, None) if carried is None else carried
    if score is None:
        if not days:
            return 0.0
        start, score = min(days), 0.0
    assert start is not None  # given with a carried score, else the first day done
    done_days = set(days)
    keep = 0.5 ** (sqrt(frequency) / 13)
    for day in range(start, today + 1):
        if day in done_days:
            score = score * keep + (1 - keep)
        elif day not in away:
            score *= keep
    return score


def adherence(done: Collection[int], away: AbstractSet[int], first: int, last: int) -> float | None:
    """Percent of the days first..last that were done, leaving out skipped days; None if all skipped."""
    counted = [day for day in range(first, last + 1) if day in done or day not in away]
    if not counted:
        return None
    return 100 * sum(1 for day in counted if day in done) / len(counted)
