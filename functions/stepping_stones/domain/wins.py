"""Micro-wins: one table of rules, evaluated as of each local day and reconciled with wins earned.

Order independence: each rule is evaluated as of a day d from facts dated on or before d, and a
win occurs on the first day its id is found. Wins are thus a pure function of the facts, the
same as in-order arrival would give, and a fact dated d can change wins only on days >= d.
Rules look back at facts, never at earlier wins: 27 days (5 of 7 "first in 28 days", the 28-day
mood baseline), to the week's Monday (weekly rules), or further through carried sums (streak
runs, minutes, the last 5 rated practices, firsts). So `derive_wins_since(state, d, today)`
reads the days from d - LOOKBACK_DAYS to today only, and reports days d..today.

Horizon: wins dated more than WIN_HORIZON_DAYS before the latest day the client's wins were
derived for are never derived, restated, retracted or notified, and the summary keeps no record
of them (the wins collection keeps them all). A very late entry dated before the horizon updates
the facts but brings no win from before it.

Reconciling: new wins are added. A win no longer derivable is retracted only after the addition
of an entry: the late entry showed it was never true (a late check-in closing a gap takes back
"welcome back"). After a correction or deletion it stays earned: a deleted entry does not
un-send a notification (a later addition dated on or before it may still retract it). A win
still derivable whose date or numbers changed is restated: same id, rewritten, not re-sent.
The summary keeps each earned win as a stamp, [occurred_on, digest of the win], enough to tell
a restatement from no change.

One module, over 300 lines, because the rule table and the evaluator that reads it are one idea: a rule is
understood only beside how it is evaluated (and the README's win table is checked against this table).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from stepping_stones.domain.experiments import strength_name
from stepping_stones.domain.habits import quiet_days_between, streak_lengths
from stepping_stones.domain.summary_state import DETAIL_DAYS, LOOKBACK_DAYS, State, Timeline, first_day, read_timeline

Win = dict[str, Any]
Stamp = list  # [occurred_on ISO date, digest]
Found = tuple[int, str, dict]  # (day number, subject, evidence)
CHANGES = ("addition", "correction", "deletion")
WIN_HORIZON_DAYS = DETAIL_DAYS


@dataclass(frozen=True)
class Rule:
    """`find(rule, timeline, start, end)` yields (day, subject, evidence) wherever the rule holds;
    it may skip days before `start` only for ids that cannot also occur before it."""

    name: str
    id_format: str  # from {subject}, {date} and {week} only: a win can never be created twice
    find: Callable[[Rule, Timeline, int, int], Iterable[Found]]
    message: str | Callable[[dict], str]
    params: Mapping[str, Any] = field(default_factory=dict)
    one_day_each: bool = False  # a subject's win can occur on one day only: `find` skips the days before start


def derive_wins(state: State, today: date) -> dict[str, Win]:
    """Every win of the whole history (repair, tests); the write path uses derive_wins_since."""
    return derive_wins_since(state, None, today)


def derive_wins_since(state: State, since: date | None, today: date) -> dict[str, Win]:
    """Wins occurring on since..today (None: from the beginning), keyed by id."""
    return derive_wins_window(state, since, today)[0]


def derive_wins_window(state: State, since: date | None, today: date,
                       among: Collection[str] = ()) -> tuple[dict[str, Win], dict[str, Win]]:
    """(wins occurring on since..today, wins among `among` the rules found only before since),
    keyed by id.

    The second are the earned wins a change can move before `since` when `since` is the horizon
    (a back-dated first entry): those are neither retracted nor re-sent (see `moved_before`)."""
    first = first_day(state)
    if first is None:
        return {}, {}
    start, end = max(first, since.toordinal() if since else first), today.toordinal()
    timeline = read_timeline(state, start - LOOKBACK_DAYS, end, id_less=False)  # the rules read experiments with ids only
    found: dict[str, tuple[int, Rule, dict]] = {}
    for rule in RULES:
        # Skipping is safe for the window; the earned wins among `among` are looked for on every day.
        from_day = first if among and rule.one_day_each else start
        for day, subject, evidence in rule.find(rule, timeline, from_day, end):
            win_id = _win_id(rule, subject, day)
            if day <= end and (win_id not in found or day < found[win_id][0]):
                found[win_id] = (day, rule, evidence)
    earlier = {win_id: found[win_id] for win_id in among if win_id in found and found[win_id][0] < start}
    return ({win_id: _win(win_id, rule, day, evidence)
             for win_id, (day, rule, evidence) in found.items() if day >= start},
            {win_id: _win(win_id, rule, day, evidence) for win_id, (day, rule, evidence) in earlier.items()})


def horizon_start(today: date, derived_through: date | None) -> date:
    """The first day wins may still be derived for: WIN_HORIZON_DAYS before the latest today seen."""
    return max(d for d in (today, derived_through) if d) - timedelta(days=WIN_HORIZON_DAYS)


def wins_since(earliest_affected: date | None, derived_through: date | None,
               horizon: date | None = None) -> date | None:
    """Where to start `derive_wins_since` after a change: its earliest affected date (see
    `summary_state.earliest_affected`), or the day after the last `today` wins were derived
    for if that is earlier, since facts dated ahead (a planned experiment) bring wins on their
    day; never before `horizon`. None (never derived, no horizon) means from the beginning.
    """
    if derived_through is None:
        return horizon
    since = min(d for d in (earliest_affected, derived_through + timedelta(days=1)) if d)
    return max(since, horizon) if horizon else since


def stamp(win: Win) -> Stamp:
    """What the summary keeps of an earned win: its date and a digest of all of it."""
    text = json.dumps(win, sort_keys=True, separators=(",", ":"), default=str)
    return [win["occurred_on"], hashlib.sha256(text.encode()).hexdigest()[:12]]


def moved_before(earned: Mapping[str, Stamp], earlier: Mapping[str, Win]) -> dict[str, Win]:
    """Earned wins a change moved before the horizon: rewritten in the wins collection with their
    true date, not re-sent, and no longer kept in the summary (they are older than the horizon)."""
    return {win_id: win for win_id, win in earlier.items() if win_id in earned and earned[win_id] != stamp(win)}


def reconcile(earned: Mapping[str, Stamp], derived: Mapping[str, Win], change: str, *,
              since: date | None = None, earlier: Mapping[str, Win] = {}) -> tuple[dict[str, Win], list[str]]:
    """(wins to write, ids to retract). `earned` holds stamps; `since` is what `derived` was
    derived from; earned wins before it are out of scope, and so are the `earlier` ones still
    found before it. An id to write that is already earned is a restatement."""
    if change not in CHANGES:
        raise ValueError(f"change must be one of {CHANGES}, not {change!r}")
    to_add = {win_id: win for win_id, win in derived.items() if earned.get(win_id) != stamp(win)}
    if change != "addition":
        return to_add, []
    first = since.isoformat() if since else ""
    return to_add, sorted(win_id for win_id, (occurred_on, _) in earned.items()
                          if win_id not in derived and win_id not in earlier and occurred_on >= first)


def within(dated: Mapping[str, Any], horizon: date, occurred_on: Callable[[Any], str]) -> dict:
    """The entries of `dated` (earned stamps or notified dates) on or after the horizon."""
    first = horizon.isoformat()
    return {key: value for key, value in dated.items() if occurred_on(value) >= first}


def _win_id(rule: Rule, subject: str, day: int) -> str:
    on = date.fromordinal(day)
    year, week, _ = on.isocalendar()
    safe = subject.replace("%", "%25").replace("/", "%2F")  # usable as a document id
    return rule.id_format.format(subject=safe, date=on.isoformat(), week=f"{year}-W{week:02d}")


def _win(win_id: str, rule: Rule, day: int, evidence: dict) -> Win:
    message = rule.message(evidence) if callable(rule.message) else rule.message.format(**evidence)
    return {"id": win_id, "rule": rule.name, "occurred_on": date.fromordinal(day).isoformat(),
            "evidence": evidence, "message": message}


def _monday(day: int) -> int:
    return day - (day - 1) % 7  # day 1, 0001-01-01, was a Monday


def _sessions(t: Timeline, day: int) -> int:
    return t.breathing.get(day, (0, 0))[0]


def _first_entries(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    return [(first, kind, {"kind": kind}) for kind, first in t.firsts.items()]


def _new_strengths(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    return [(planned, strength, {"strength": strength}) for strength, planned in t.strengths.items()]


def _streaks(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    lengths = streak_lengths([day for day in t.checkins if day <= end], t.away,
                             (t.last_checkin_before, t.streak_before))
    return [(day, str(n), {"days": n}) for day, n in lengths.items()
            if day >= start and n in rule.params["lengths"]]


def _welcome_backs(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    days = sorted(day for day in t.checkins if day <= end)
    if t.last_checkin_before is not None:
        days.insert(0, t.last_checkin_before)
    for earlier, day in pairwise(days):
        quiet = quiet_days_between(earlier, day, t.away) if day >= start else 0
        if quiet >= rule.params["quiet_days"]:
            yield day, "", {"quiet_days": quiet}


def _steady_checkins(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    """True with `days` check-ins in the last `window` days; a win where not true in the 27 before."""
    need, window, apart = rule.params["days"], rule.params["window"], rule.params["not_in_days"]
    first, last_true = start - apart + 1, None
    count = sum(1 for day in range(first - window, first) if day in t.checkins)
    for day in range(first, end + 1):
        count += (day in t.checkins) - (day - window in t.checkins)
        if count >= need:
            if last_true is None or day - last_true >= apart:
                yield day, "", {"days_checked_in": count, "window_days": window}
            last_true = day


def _more_breathing(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    """Only from the week after the first practice: a first week is not "more than last week"."""
    first = t.firsts.get("breathing", end)
    for monday in range(max(_monday(start), _monday(first) + 7), end + 1, 7):
        last_week = sum(_sessions(t, day) for day in range(monday - 7, monday))
        this_week = 0
        for day in range(monday, min(monday + 6, end) + 1):
            this_week += _sessions(t, day)
            if this_week >= last_week + rule.params["more_by"]:
                yield day, "", {"this_week": this_week, "last_week": last_week}
                break


def _breathing_minutes(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    pending, seconds = sorted(rule.params["minutes"]), t.seconds_before
    while pending and seconds >= pending[0] * 60:
        pending.pop(0)  # reached before the timeline's days: before `start`, so not reported
    for day in sorted(day for day in t.breathing if day <= end):
        seconds += t.breathing[day][1]
        while pending and seconds >= pending[0] * 60:
            minutes = pending.pop(0)
            yield day, str(minutes), {"minutes": minutes, "total_minutes": round(seconds / 60, 1)}


def _stress_drops(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    """As of the end of each day with a practice rating stress before and after."""
    size, least, drops = rule.params["sessions"], rule.params["average_drop"], t.stress_drops
    for i in range(size - 1, len(drops)):
        day = drops[i][0]
        if not _monday(start) <= day <= end or (i + 1 < len(drops) and drops[i + 1][0] == day):
            continue  # outside the range, or not the day's last practice
        recent = sum(drop for _, drop in drops[i + 1 - size:i + 1])
        if recent >= least * size:
            yield day, "", {"sessions": size, "average_drop": round(recent / size, 2)}


def _mood_lifts(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    """As of each day with a mood value; the 28-day baseline includes the last 7 days."""
    above, least = rule.params["above_by"], rule.params["values"]
    for day in sorted(day for day in t.mood_totals if _monday(start) <= day <= end):
        week, week_n = t.mood_between(day - 6, day)
        month, month_n = t.mood_between(day - 27, day)
        if min(week_n, month_n) >= least and week * month_n - month * week_n >= above * week_n * month_n:
            yield day, "", {"mean_7_days": round(week / week_n, 2), "count_7_days": week_n,
                            "baseline_28_days": round(month / month_n, 2), "count_28_days": month_n}


def _experiments_done(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    return [(e.done, e.id, {"strength": e.strength, "learned": e.learned})
            for e in t.experiments if e.done is not None and e.done >= start and e.id is not None]


def _steps_done(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    for goal_id, step_id, done in t.steps:
        steps = t.goals[goal_id]
        done_by_then = sum(1 for other in steps if other is not None and other <= done)
        yield done, f"{goal_id}:{step_id}", {"steps_done": done_by_then, "steps_total": len(steps)}


def _goals_done(rule: Rule, t: Timeline, start: int, end: int) -> Iterable[Found]:
    return [(max(step for step in steps if step is not None), goal_id, {"steps": len(steps)})
            for goal_id, steps in t.goals.items() if steps and None not in steps]


FIRST_ENTRY_MESSAGES = {
    "checkin": "Your first check-in — a first stepping stone.",
    "mood": "Your first mood entry — noticing how you feel is a skill in itself.",
    "breathing": "Your first breathing practice — well done taking that pause.",
    "experiment": "Your first strength experiment — a brave thing to try.",
}


def _more_breathing_message(e: dict) -> str:
    than = f"up from {e['last_week']} last week" if e["last_week"] else "more than last week"
    return f"{e['this_week']} breathing practices this week — {than}."


def _experiment_message(e: dict) -> str:
    then = "and noted what you learned." if e["learned"] else "— following through takes courage."
    return f"You carried out your {strength_name(e['strength'])} experiment {then}"


def _new_strength_message(e: dict) -> str:
    return f"Your first experiment with {strength_name(e['strength'])} — a strength worth trying out."


RULES: tuple[Rule, ...] = (
    Rule("first-entry", "first-entry:{subject}", _first_entries, lambda e: FIRST_ENTRY_MESSAGES[e["kind"]]),
    Rule("new-strength", "new-strength:{subject}", _new_strengths, _new_strength_message),
    Rule("streak", "streak-{subject}:{date}", _streaks,
         "{days} days of check-ins in a row — that's a rhythm you're building.",
         {"lengths": (3, 7, 14, 30, 60, 100)}),
    Rule("welcome-back", "welcome-back:{date}", _welcome_backs,
         "Welcome back — good to see you checking in again.", {"quiet_days": 3}),
    Rule("steady-checkins", "steady-checkins:{date}", _steady_checkins,
         "You checked in on {days_checked_in} of the last {window_days} days — a steady week.",
         {"days": 5, "window": 7, "not_in_days": 28}),
    Rule("more-breathing", "more-breathing:{week}", _more_breathing, _more_breathing_message, {"more_by": 2}),
    Rule("breathing-minutes", "breathing-minutes:{subject}", _breathing_minutes,
         "{minutes} minutes of breathing practice in all — every pause adds up.",
         {"minutes": (10, 30, 60, 120, 300)}),
    Rule("stress-drop", "stress-drop:{week}", _stress_drops,
         "Over your last {sessions} breathing practices, your stress eased by {average_drop:.1f} points"
         " on average.",
         {"sessions": 5, "average_drop": 2}),
    Rule("mood-lift", "mood-lift:{week}", _mood_lifts,
         "Your mood averaged {mean_7_days:.1f} this past week, above your four-week average of"
         " {baseline_28_days:.1f}.",
         {"above_by": 1, "values": 5}),
    Rule("experiment-done", "experiment-done:{subject}", _experiments_done, _experiment_message, one_day_each=True),
    Rule("step-done", "step-done:{subject}", _steps_done,
         "A micro-step done — {steps_done} of {steps_total} on this goal."),
    Rule("goal-done", "goal-done:{subject}", _goals_done,
         "Every step of a goal done — all {steps} of them. That's real progress."),
)
