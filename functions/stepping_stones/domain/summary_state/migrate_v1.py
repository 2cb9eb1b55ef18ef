"""Migrating a version-1 summary (facts keyed by entry id) to today's layout, without reading the entries."""
from __future__ import annotations

from datetime import date, datetime

from .layout import LOW_VALUE_MAX, DayCell, State, empty_state, stress_key, with_cell
from .queries import cell_at


def from_version_1(old: State) -> State:
    """The state of a version-1 summary (facts keyed by entry id), converted without reading
    the entries: each fact is put in as its entry would be."""
    state = empty_state()
    for day, (_, mood) in old["checkins"].items():
        state = with_cell(state, _day(day), DayCell(checkin_mood=mood))
    for day, ratings in old["moods"].items():
        cell = cell_at(state, _day(day))._replace(
            moods=len(ratings), mood_sum=sum(ratings.values()),
            low_moods=sum(1 for rating in ratings.values() if rating <= LOW_VALUE_MAX))
        state = with_cell(state, _day(day), cell)
    for day, sessions in old["breathing"].items():
        local_date = date.fromisoformat(day)
        keys = (stress_key(local_date, datetime.fromisoformat(started.replace("Z", "+00:00")), before, after)
                for started, _, before, after in sessions.values())
        cell = cell_at(state, _day(day))._replace(
            sessions=len(sessions), seconds=sum(s[1] for s in sessions.values()),
            stress=tuple(sorted(key for key in keys if key is not None)))
        state = with_cell(state, _day(day), cell)
    experiments = {eid: [strength, _day(planned), _day(done) if done else None, int(learned)]
                   for eid, (strength, planned, done, learned) in old["experiments"].items()}
    goals = {gid: [[sid, _day(done) if done else None] for sid, done in steps.items()]
             for gid, steps in old["goals"].items()}
    away = sorted([_day(start), _day(end)] for start, end in old["away"].values())
    return {**state, "experiments": experiments, "goals": goals, "away": away}


def _day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()
