"""Notification timing in each client's own zone: quiet hours, daily cap, reminders, digests, retries, ids."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

SLOT_MINUTES = 15
MAX_SEND_ATTEMPTS = 6
MAX_RETRY_DELAY = timedelta(minutes=60)
DEFAULT_MAX_PER_DAY = 2
# kind -> its on/off preference (a questionnaire's reminder follows the reminders switch; a therapist's note has
# no switch in the API yet: always on, within the quiet hours and the daily cap like every push)
SWITCHES = {"micro_win": "micro_wins", "reminder": "reminders", "digest": "digest", "questionnaire": "reminders",
            "therapist_note": "therapist_notes"}
KINDS = tuple(SWITCHES)
SUPPRESS_REASONS = ("type_off", "away", "daily_cap")
Quiet = tuple[time, time]


@dataclass(frozen=True)
class Prefs:
    micro_wins: bool = True
    reminders: bool = True
    digest: bool = True
    max_per_day: int = DEFAULT_MAX_PER_DAY
    quiet_hours: Quiet | None = None
    therapist_notes: bool = True


@dataclass(frozen=True)
class Decision:
    action: str  # "send" | "defer" | "suppress"
    at: datetime | None  # UTC instant to send at (send: now; defer: end of quiet hours)
    reason: str | None  # one of SUPPRESS_REASONS when suppressed


@dataclass(frozen=True)
class ReminderRun:
    remind_for: date | None  # the client's local date to remind for; None when that day has passed
    next_due: datetime  # store as the client's next_reminder_due


def prefs_from(stored: Mapping[str, Any] | None) -> Prefs:
    """Preferences from their stored shape; missing keys take the defaults, quiet_hours is {"start", "end"}."""
    stored = stored or {}
    cap = stored.get("max_per_day")
    return Prefs(**{name: stored.get(name) is not False for name in SWITCHES.values()},
                 max_per_day=DEFAULT_MAX_PER_DAY if cap is None else int(cap),
                 quiet_hours=quiet_from(stored.get("quiet_hours")))


def quiet_from(raw: Mapping[str, Any] | None) -> Quiet | None:
    """{"start": "22:00", "end": "07:00"} (or time objects) as a (start, end) pair; None stays None."""
    return (_time(raw["start"]), _time(raw["end"])) if raw else None


def _time(value: str | time) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


def floor_to_slot(moment: datetime) -> datetime:
    """The UTC start of the 15-minute slot holding `moment` (every zone's offset is a multiple of 15 minutes)."""
    m = moment.astimezone(UTC)
    return m.replace(minute=m.minute - m.minute % SLOT_MINUTES, second=0, microsecond=0)


def local_day(moment: datetime, timezone_name: str) -> date:
    return moment.astimezone(ZoneInfo(timezone_name)).date()


def local_instants(day: date, at: time, timezone_name: str) -> list[datetime]:
    """The UTC instants the zone's clocks read `day` `at`: two when clocks fall back, one usually; in a
    spring-forward gap none exist, so the one returned is the first valid instant after the gap."""
    zone, wall = ZoneInfo(timezone_name), datetime.combine(day, at)
    candidates = sorted({wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1)})
    real = [u for u in candidates if u.astimezone(zone).replace(tzinfo=None) == wall]
    return real or [_gap_end(candidates[0], candidates[-1], zone)]


def resolve_local(day: date, at: time, timezone_name: str) -> datetime:
    """The first UTC instant at which local time is `day` `at` (or the first one after a gap)."""
    return local_instants(day, at, timezone_name)[0]


def _gap_end(before: datetime, after: datetime, zone: ZoneInfo) -> datetime:
    offset_after = after.astimezone(zone).utcoffset()
    while after - before > timedelta(seconds=1):
        mid = before + timedelta(seconds=(after - before).total_seconds() // 2)
        before, after = (before, mid) if mid.astimezone(zone).utcoffset() == offset_after else (mid, after)
    return after


def local_day_bounds(day: date, timezone_name: str) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the client's local day, e.g. to count the pushes sent on it."""
    return resolve_local(day, time(0), timezone_name), resolve_local(day + timedelta(days=1), time(0), timezone_name)


def pushes_sent_today(sent_at: Iterable[datetime], *, now: datetime, timezone_name: str) -> int:
    """How many of these send instants fall on the client's local day at `now`."""
    today = local_day(now, timezone_name)
    return sum(1 for moment in sent_at if local_day(moment, timezone_name) == today)


def in_quiet_hours(local_time: time, quiet: Quiet | None) -> bool:
    """Start inclusive, end exclusive; start after end wraps past midnight; start == end means none."""
    if not quiet or quiet[0] == quiet[1]:
        return False
    start, end = quiet
    t = local_time.replace(tzinfo=None)
    return start <= t < end if start < end else (t >= start or t < end)


def deliver_at(now: datetime, timezone_name: str, quiet: Quiet | None) -> datetime:
    """`now` (in UTC) outside quiet hours, else the UTC instant the quiet period ends on its own local date."""
    local = now.astimezone(ZoneInfo(timezone_name))
    if quiet is None or not in_quiet_hours(local.time(), quiet):
        return now.astimezone(UTC)
    end = quiet[1]
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    at = next(instant for instant in local_instants(day, end, timezone_name) if instant > now)
    return deliver_at(at, timezone_name, quiet)  # the end of a gap can itself be quiet


def push_eligible_for_win(occurred_on: date, today: date) -> bool:
    """Only a fresh win (today or yesterday, client-local) becomes a push; backfilled ones stay in the inbox."""
    return today - timedelta(days=1) <= occurred_on <= today


def decide(kind: str, prefs: Prefs, *, now: datetime, timezone_name: str,
           pushes_sent_today: int, away_today: bool) -> Decision:
    """Whether a push goes out now, later or never; the inbox item exists whatever the answer.

    1. The kind's switch is off -> suppress "type_off".
    2. A reminder while the client is away -> suppress "away" (away never holds back a win).
    3. `max_per_day` pushes already sent on the client's local day -> suppress "daily_cap".
    4. Quiet hours -> defer to their end (never dropped); decide again then, as the cap may be reached.
    5. Otherwise send now.
    """
    if kind not in SWITCHES:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if not getattr(prefs, SWITCHES[kind]):
        return Decision("suppress", None, "type_off")
    if kind == "reminder" and away_today:
        return Decision("suppress", None, "away")
    if pushes_sent_today >= prefs.max_per_day:
        return Decision("suppress", None, "daily_cap")
    at = deliver_at(now, timezone_name, prefs.quiet_hours)
    return Decision("defer", at, None) if at > now else Decision("send", at, None)


def next_reminder_due(reminder_time: time, timezone_name: str, after: datetime) -> datetime:
    """The first reminder slot strictly after `after`: one a local day, at the first occurrence of a
    repeated time and at the first valid minute after a skipped one, floored to its 15-minute slot."""
    return _next_occurrence(reminder_time, timezone_name, after, lambda day: True)


def reminder_local_date(due: datetime, timezone_name: str) -> date:
    return local_day(due, timezone_name)


def reminder_query_bound(now: datetime) -> datetime:
    """The job at `now` handles clients with next_reminder_due <= this (its slot's start; a range, so
    a missed run is caught up)."""
    return floor_to_slot(now)


def run_reminder(reminder_time: time, timezone_name: str, *, due: datetime, now: datetime) -> ReminderRun:
    """For a client the job found due: the local date to remind for (only if it is still today there, so a
    late run reminds the same day and never for a past one) and the next slot to store."""
    bound = reminder_query_bound(now)
    if due > bound:
        return ReminderRun(None, due)
    next_due = next_reminder_due(reminder_time, timezone_name, bound)
    latest = reminder_local_date(next_due, timezone_name) - timedelta(days=1)
    return ReminderRun(latest if latest == local_day(now, timezone_name) else None, next_due)


def next_digest_due(weekday: int, at: time, timezone_name: str, after: datetime) -> datetime:
    """The therapist's next digest slot strictly after `after`: local `weekday` (0 = Monday) at `at`."""
    if weekday not in range(7):
        raise ValueError(f"weekday must be 0 (Monday) to 6, not {weekday!r}")
    return _next_occurrence(at, timezone_name, after, lambda day: day.weekday() == weekday)


def digest_week(due: datetime, timezone_name: str) -> tuple[int, int]:
    """(ISO year, ISO week) of the digest's local date, for its id."""
    year, week, _ = local_day(due, timezone_name).isocalendar()
    return year, week


def _next_occurrence(at: time, timezone_name: str, after: datetime, on_day: Callable[[date], bool]) -> datetime:
    first = local_day(after, timezone_name) - timedelta(days=1)
    for day in (first + timedelta(days=n) for n in range(10)):
        if on_day(day) and (due := floor_to_slot(resolve_local(day, at, timezone_name))) > after:
            return due
    raise AssertionError("no occurrence within 10 days")  # unreachable: every weekday recurs within 8


def retry_delay(attempts: int) -> timedelta:
    """The wait after `attempts` failed tries: 1, 2, 4, 8... minutes, capped at an hour."""
    return min(timedelta(minutes=2 ** min(max(attempts, 1) - 1, 10)), MAX_RETRY_DELAY)


def give_up(attempts: int) -> bool:
    return attempts >= MAX_SEND_ATTEMPTS


def after_send_error(attempts: int, error: str, now: datetime, *, transient: bool = True) -> dict[str, Any]:
    """Outbox fields after a failed send (`attempts` counts this try): pending with backoff while a
    transient error has tries left, else failed."""
    fields = {"attempts": attempts, "last_error": error[:500]}
    if transient and not give_up(attempts):
        return {**fields, "status": "pending", "next_attempt_at": (now + retry_delay(attempts)).astimezone(UTC)}
    return {**fields, "status": "failed", "next_attempt_at": None}


def win_notification_id(win_id: str, owner_uid: str) -> str:
    """Opaque, since ids travel in push data and a win id can name a strength ("new-strength:bravery");
    keyed by the owner so a small vocabulary cannot be reversed from the hash."""
    return "win-" + hashlib.sha256(f"{owner_uid}\n{win_id}".encode()).hexdigest()[:32]


def reminder_notification_id(local_date: date) -> str:
    return f"reminder-{local_date.isoformat()}"


def digest_notification_id(iso_year: int, iso_week: int) -> str:
    return f"digest-{iso_year}-W{iso_week:02d}"
