"""Small reads of the state that need no timeline: a day's cell, very low moments, a column's days, rated practices."""
from __future__ import annotations

from datetime import date

from stepping_stones.domain.records import CheckIn, Entry, MoodEntry

from .archive import is_archived, unarchived, whole_if_before
from .carried import carried
from .layout import CHECKIN_MOOD, EMPTY_DAY, LOW_VALUE_MAX, STRESS_KEEP, DayCell, State, day_cells, stress_drop


def cell_at(state: State, day: int) -> DayCell:
    """A day's cell (an empty day's too), from the archive when the day is archived."""
    if is_archived(state, day):
        state = unarchived(state)
    first, days = state["first"], state["days"]
    if first is None or not first <= day < first + len(days):
        return EMPTY_DAY
    return DayCell.from_list(days[day - first])


def checked_in_on(state: State, day: date) -> bool:
    return cell_at(state, day.toordinal()).holds(CHECKIN_MOOD)


def low_values(cell: DayCell) -> int:
    """How many of a day's check-in mood and mood ratings are LOW_VALUE_MAX or less."""
    return cell.low_values()


def low_value_of(entry: Entry | None) -> bool:
    """Whether an entry is a check-in or mood entry rated LOW_VALUE_MAX or less."""
    value = entry.mood if isinstance(entry, CheckIn) else entry.rating if isinstance(entry, MoodEntry) else None
    return value is not None and value <= LOW_VALUE_MAX


def first_low_of_day(state: State, old: Entry | None, new: Entry) -> bool:
    """Whether `new` is very low and, leaving out `old` (its stored version), the only very low value
    of its day: the day's first such moment, or a resend or correction of it."""
    if not low_value_of(new):
        return False
    others = cell_at(state, new.local_date.toordinal()).low_values()
    if old is not None and old.local_date == new.local_date and low_value_of(old):
        others -= 1
    return others <= 0


def daily_column(state: State, column: int, last: int) -> list[int]:
    """The days up to `last` on which a column of `DayCell` holds something (a check-in, sessions...),
    from the archive boundary on (see `carried` for the days before it)."""
    return [day for day, cell in day_cells(state, hi=last) if cell.holds(column)]


def last_daily_day(state: State, last: int) -> int | None:
    """The latest day up to `last` with a check-in, mood entry or breathing practice."""
    state = whole_if_before(state, last)
    first, days = state["first"], state["days"]
    if first is not None:
        for day in range(min(last, first + len(days) - 1), first - 1, -1):
            if days[day - first]:
                return day
    return carried(state)["last_active"]


def rated_practices(state: State, last: int) -> tuple[int, list[int]]:
    """How many practices rated stress up to day `last`, and the drops of the last STRESS_KEEP of
    them in order practised, the archived days included."""
    carry = carried(state)
    # Only days with a practice rated: a day with a very low mood rating stores the field too (empty,
    # before `low_moods`), and counting it among the last STRESS_KEEP days hid earlier practices.
    cells = [cell.stress for _, cell in day_cells(state, hi=last) if cell.stress]
    recent = [key for keys in cells[-STRESS_KEEP:] for key in keys]
    drops = [drop for _, drop in carry["drops"]] + [stress_drop(key) for key in recent]
    return carry["rated"] + sum(len(keys) for keys in cells), drops[-STRESS_KEEP:]
