"""Client-local dates: "today" and an entry's date are the client's, never the server's."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

MAX_DAYS_AHEAD = 1


def is_known_timezone(name: str) -> bool:
    """True for an IANA zone name this machine's tz database knows (case-sensitive, no paths)."""
    if not name or name != name.strip() or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError):
        return False
    return name in _zone_names()


_ZONES: frozenset[str] | None = None


def _zone_names() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def today_in(timezone_name: str, now: datetime) -> date:
    """The client's local date at the instant `now` (timezone-aware)."""
    return now.astimezone(ZoneInfo(timezone_name)).date()


def date_at_its_offset(moment: datetime) -> date:
    """The local date of a timestamp at the UTC offset the phone sent with it."""
    return moment.date()


def at_clients_offset(moment: datetime, timezone_name: str) -> datetime:
    """The instant as the client lived it. A real offset (-03:00) is the phone's local time and is
    kept; UTC (Z or +00:00, what JavaScript's toISOString always sends) says nothing about where the
    phone was, so the instant is moved to the profile's time zone (same instant, local offset)."""
    if moment.utcoffset() == timedelta(0):
        return moment.astimezone(ZoneInfo(timezone_name))
    return moment


def is_too_far_ahead(local_date: date, today: date) -> bool:
    """Entries may be dated at most one day after the client's today (a phone ahead of midnight)."""
    return local_date > today + timedelta(days=MAX_DAYS_AHEAD)


# Every date and instant a caller sends lies in this range: a reset phone clock (1970, 1980, 2000-01-01
# at most) or a typo cannot write history, and date arithmetic never overflows.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_RANGE = f"from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"
