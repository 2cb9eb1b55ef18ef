"""When an assigned measure is due: a pure function of the assignment, the client's answers and their local today.

An assignment is {"measure", "rhythm", "starts_on", "session_date"} (local dates of the client). Rhythms:

- once: due from `starts_on` until the client answers or skips it;
- weekly / fortnightly: due on `starts_on` and every 7 / 14 days after it; each occasion stays due until the
  client answers or skips, and a later occasion replaces an earlier one (never two at once, never a backlog);
- before_session: due from BEFORE_SESSION_DAYS before the session through that day, until answered or skipped.
  The session is the assignment's own `session_date` when the therapist gave one; otherwise the next session's
  date the therapist set for the client (passed in as `next_session`), so moving that session moves the occasion
  and a later one opens the next occasion.

An answer or a skip on or after the occasion's date settles it. Nothing here counts what was not answered.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ONCE, WEEKLY, FORTNIGHTLY, BEFORE_SESSION = "once", "weekly", "fortnightly", "before_session"
RHYTHMS = (ONCE, WEEKLY, FORTNIGHTLY, BEFORE_SESSION)
PERIOD_DAYS = {WEEKLY: 7, FORTNIGHTLY: 14}
BEFORE_SESSION_DAYS = 2  # opens two days before the session, so it is answered close to it


@dataclass(frozen=True)
class Occasion:
    opens_on: date  # the local date the questionnaire became due
    due: bool  # open now and not yet answered or skipped


def session_for(assignment: dict, next_session: date | str | None = None) -> date | None:
    """The session a before_session rhythm counts towards: its own `session_date`, else the next session's date
    (None for the other rhythms, or with neither)."""
    if assignment["rhythm"] != BEFORE_SESSION:
        return None
    return _as_date(assignment.get("session_date")) or _as_date(next_session)


def current_occasion(assignment: dict, answered_on: list[date], today: date,
                     next_session: date | str | None = None) -> Occasion | None:
    """The occasion `today` falls in (None before the first one, or after a before-session date has passed),
    and whether it is still due given the local dates the client answered or skipped this measure on."""
    rhythm = assignment["rhythm"]
    starts_on = _day(assignment["starts_on"])
    if rhythm == BEFORE_SESSION:
        session = session_for(assignment, next_session)
        if session is None or today > session:
            return None
        opens_on = max(session - timedelta(days=BEFORE_SESSION_DAYS), starts_on)
    else:
        opens_on = starts_on
        if rhythm in PERIOD_DAYS and today >= starts_on:
            period = PERIOD_DAYS[rhythm]
            opens_on = starts_on + timedelta(days=(today - starts_on).days // period * period)
    if today < opens_on:
        return None
    settled = any(day >= opens_on for day in answered_on)
    return Occasion(opens_on, not settled)


def next_opening(assignment: dict, today: date, next_session: date | str | None = None) -> date | None:
    """The next local date a new occasion opens after today (None for once, or without a coming session)."""
    rhythm = assignment["rhythm"]
    starts_on = _day(assignment["starts_on"])
    if today < starts_on and rhythm != BEFORE_SESSION:
        return starts_on
    if rhythm in PERIOD_DAYS:
        period = PERIOD_DAYS[rhythm]
        return starts_on + timedelta(days=((today - starts_on).days // period + 1) * period)
    if rhythm == BEFORE_SESSION:
        session = session_for(assignment, next_session)
        if session is None:
            return None
        opens_on = max(session - timedelta(days=BEFORE_SESSION_DAYS), starts_on)
        return opens_on if opens_on > today else None
    return None


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
