"""Client-local dates: today in the client's zone, an entry's date at its offset, the one-day margin."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepping_stones.domain.local_dates import date_at_its_offset, is_known_timezone, is_too_far_ahead, today_in


def test_two_clients_at_the_same_instant_have_their_own_today():
    instant = datetime(2026, 3, 10, 11, 30, tzinfo=timezone.utc)
    assert today_in("Pacific/Auckland", instant) == date(2026, 3, 11)
    assert today_in("America/Los_Angeles", instant) == date(2026, 3, 10)


def test_a_timestamp_is_dated_at_the_offset_it_carries():
    moment = datetime(2026, 3, 2, 23, 30, tzinfo=timezone(timedelta(hours=13)))
    assert date_at_its_offset(moment) == date(2026, 3, 2)


def test_one_day_ahead_is_allowed_two_are_not():
    today = date(2026, 3, 10)
    assert not is_too_far_ahead(date(2026, 3, 11), today)
    assert is_too_far_ahead(date(2026, 3, 12), today)
    assert not is_too_far_ahead(date(2020, 1, 1), today)


@pytest.mark.parametrize("name, known", [
    ("Europe/Berlin", True), ("America/Los_Angeles", True), ("UTC", True), ("Mars/Olympus", False),
    ("europe/berlin", False), ("", False), ("../etc/passwd", False), ("/etc/localtime", False), (" Europe/Berlin", False),
])
def test_only_iana_zone_names_are_known(name, known):
    assert is_known_timezone(name) is known


@settings(max_examples=200)
@given(hours=st.integers(0, 24 * 400), zone=st.sampled_from(["Europe/Berlin", "Pacific/Auckland", "America/Los_Angeles"]))
def test_stepping_hour_by_hour_across_dst_never_skips_or_doubles_a_local_day(hours, zone):
    start = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(hours=hours)
    days = [today_in(zone, start + timedelta(hours=h)) for h in range(0, 48)]  # a 47-hour span
    steps = {(b - a).days for a, b in zip(days, days[1:], strict=False)}
    assert steps <= {0, 1}
    # 47 hours cover two or three local dates, also across a 23- or 25-hour day
    assert len(set(days)) in (2, 3)
