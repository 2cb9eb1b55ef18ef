"""Carried sums: what the readers need of the archived days, kept beside the archive so it stays compressed."""
from __future__ import annotations

from typing import Any

from stepping_stones.domain.habits import habit_strength, streak_lengths

from .layout import CHECKIN_MOOD, MOODS, SESSIONS, STRESS_KEEP, DayCell, State

_NO_CARRY: dict[str, Any] = {"first": None, "firsts": {}, "last_checkin": None, "streak": 0, "longest": 0, "habit": [None, None],
             "seconds": 0, "rated": 0, "drops": [], "last_active": None, "last_done": None, "strengths": {},
             "experiments_done": 0, "experiments_lapsed": 0}


def carried(state: State) -> dict:
    """What the archived days carry (nothing without an archive)."""
    return state["carry"] or _NO_CARRY


def carry_of(archived: dict, boundary: int, away: frozenset[int]) -> dict:
    """Of an archive's contents: first days, the last check-in and its streak, the longest streak, habit
    scores as of the boundary, breathing seconds, rated practices, the last days active, and of its
    experiments (all planned and done before the boundary) counts and each strength's first day."""
    first = archived["first"]
    cells = [(first + i, DayCell.from_list(stored)) for i, stored in enumerate(archived["days"]) if stored]
    checkins = [day for day, cell in cells if cell.holds(CHECKIN_MOOD)]
    breathing = [day for day, cell in cells if cell.holds(SESSIONS)]
    lengths = streak_lengths(checkins, away)
    drops = [[day, drop] for day, cell in cells for drop in cell.stress_drops()]
    firsts = {}
    for kind, column in (("checkin", CHECKIN_MOOD), ("mood", MOODS), ("breathing", SESSIONS)):
        firsts[kind] = next((day for day, cell in cells if cell.holds(column)), None)
    experiments, strengths = archived["experiments"], dict[str, int]()
    for strength, planned, *_ in experiments:
        strengths[strength] = min(planned, strengths.get(strength, planned))
    step_days = [day for fact in archived["goals"] for day in fact[1:]]
    done_days = [*(fact[2] for fact in experiments if fact[2] is not None), *step_days]
    return {
        "first": min([*(day for day, _ in cells[:1]), *strengths.values(), *step_days], default=None),
        "firsts": {kind: day for kind, day in firsts.items() if day is not None},
        "last_checkin": checkins[-1] if checkins else None, "streak": lengths[checkins[-1]] if checkins else 0,
        "longest": max(lengths.values(), default=0),
        "habit": [habit_strength(days, away, boundary - 1) if days else None for days in (checkins, breathing)],
        "seconds": sum(cell.seconds for _, cell in cells), "rated": len(drops), "drops": drops[-STRESS_KEEP:],
        "last_active": cells[-1][0] if cells else None, "last_done": max(done_days, default=None),
        "strengths": dict(sorted(strengths.items())),
        # Archived experiments were planned before the boundary, over 3 days before any today since.
        "experiments_done": sum(1 for fact in experiments if fact[2] is not None),
        "experiments_lapsed": sum(1 for fact in experiments if fact[2] is None),
        "goals": len(archived["goals"]),  # for the goals bound (domain/limits.py)
    }
