"""Notification timing: quiet hours, daily cap, decisions, reminder and digest slots across DST, retries, ids."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepping_stones.domain.notify_timing import (
    MAX_SEND_ATTEMPTS,
    SLOT_MINUTES,
    Decision,
    Prefs,
    after_send_error,
    decide,
    deliver_at,
    digest_notification_id,
    digest_week,
    floor_to_slot,
    give_up,
    in_quiet_hours,
    local_day,
    local_day_bounds,
    next_digest_due,
    next_reminder_due,
    prefs_from,
    push_eligible_for_win,
    pushes_sent_today,
    reminder_local_date,
    reminder_notification_id,
    retry_delay,
    run_reminder,
    win_notification_id,
)

ZONES = ["Europe/Berlin", "Pacific/Auckland", "America/Los_Angeles"]
NIGHT = (time(22), time(7))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(zone: str, *args, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone), fold=fold)


def wall(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


# Quiet hours

@pytest.mark.parametrize("at, quiet", [(time(23, 30), True), (time(6, 59), True), (time(22), True),
                                       (time(7), False), (time(12), False), (time(21, 59), False)])
def test_quiet_hours_wrap_past_midnight_start_inclusive_end_exclusive(at, quiet):
    assert in_quiet_hours(at, NIGHT) is quiet


def test_quiet_hours_within_one_day_and_none_at_all():
    assert in_quiet_hours(time(13), (time(12), time(14)))
    assert not in_quiet_hours(time(14), (time(12), time(14)))
    assert not in_quiet_hours(time(3), None)
    assert not in_quiet_hours(time(3), (time(3), time(3)))


def test_a_push_at_half_past_eleven_waits_until_seven_the_next_local_morning():
    now = local("Europe/Berlin", 2026, 6, 10, 23, 30)
    assert deliver_at(now, "Europe/Berlin", NIGHT) == local("Europe/Berlin", 2026, 6, 11, 7)


def test_a_push_in_the_early_morning_waits_until_seven_the_same_morning():
    now = local("Europe/Berlin", 2026, 6, 11, 5, 0)
    assert deliver_at(now, "Europe/Berlin", NIGHT) == local("Europe/Berlin", 2026, 6, 11, 7)


def test_outside_quiet_hours_a_push_goes_now():
    now = local("Europe/Berlin", 2026, 6, 11, 12, 0)
    assert deliver_at(now, "Europe/Berlin", NIGHT) == now
    assert deliver_at(now, "Europe/Berlin", None) == now


@pytest.mark.parametrize("zone, night_of, morning_utc", [
    ("Europe/Berlin", date(2026, 3, 28), utc(2026, 3, 29, 5)),       # 07:00 CEST, clocks went forward at 02:00
    ("Europe/Berlin", date(2026, 10, 24), utc(2026, 10, 25, 6)),     # 07:00 CET, clocks went back at 03:00
    ("Pacific/Auckland", date(2026, 4, 4), utc(2026, 4, 4, 19)),     # 07:00 NZST, clocks went back at 03:00
    ("Pacific/Auckland", date(2026, 9, 26), utc(2026, 9, 26, 18)),   # 07:00 NZDT, clocks went forward at 02:00
])
def test_quiet_hours_end_at_the_right_instant_on_a_dst_change_day(zone, night_of, morning_utc):
    now = datetime.combine(night_of, time(23, 30), ZoneInfo(zone))
    assert deliver_at(now, zone, NIGHT) == morning_utc


def test_quiet_hours_ending_in_the_spring_forward_gap_end_at_the_first_valid_minute():
    now = local("Europe/Berlin", 2026, 3, 28, 23, 0)
    assert deliver_at(now, "Europe/Berlin", (time(22), time(2, 30))) == utc(2026, 3, 29, 1)  # 03:00 CEST


def test_quiet_hours_whose_end_falls_in_the_gap_and_whose_start_follows_it_last_until_the_next_end():
    now = local("Europe/Berlin", 2026, 3, 28, 23, 0)
    assert deliver_at(now, "Europe/Berlin", (time(2, 50), time(2, 30))) == local("Europe/Berlin", 2026, 3, 30, 2, 30)


def test_quiet_hours_ending_in_the_repeated_hour_end_at_the_next_time_the_clock_reads_the_end():
    quiet = (time(22), time(2, 30))
    before_first = local("Europe/Berlin", 2026, 10, 25, 1, 0)
    in_the_repeat = local("Europe/Berlin", 2026, 10, 25, 2, 15, fold=1)
    assert deliver_at(before_first, "Europe/Berlin", quiet) == utc(2026, 10, 25, 0, 30)  # 02:30 CEST
    assert deliver_at(in_the_repeat, "Europe/Berlin", quiet) == utc(2026, 10, 25, 1, 30)  # 02:30 CET


a_minute = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@settings(max_examples=200, deadline=None)
@given(zone=st.sampled_from(ZONES), seconds=st.integers(0, 366 * 86400), start=a_minute, end=a_minute)
def test_a_deferred_push_goes_at_the_first_moment_outside_quiet_hours(zone, seconds, start, end):
    now = utc(2026, 1, 1) + timedelta(seconds=seconds)
    at = deliver_at(now, zone, (start, end))
    moment = now
    while in_quiet_hours(moment.astimezone(ZoneInfo(zone)).time(), (start, end)):
        moment = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    assert at == moment


# Local days and the daily cap

def test_the_daily_cap_counts_the_clients_local_day():
    zone = "America/Los_Angeles"
    late, early = local(zone, 2026, 3, 2, 23, 50), local(zone, 2026, 3, 3, 0, 10)
    assert local_day(late, zone) != local_day(early, zone)
    assert pushes_sent_today([late, late - timedelta(hours=1)], now=early, timezone_name=zone) == 0
    assert pushes_sent_today([late, early], now=early + timedelta(minutes=5), timezone_name=zone) == 1


def test_a_local_day_is_23_or_25_hours_long_on_a_dst_change():
    assert local_day_bounds(date(2026, 3, 29), "Europe/Berlin") == (utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))
    assert local_day_bounds(date(2026, 10, 25), "Europe/Berlin") == (utc(2026, 10, 24, 22), utc(2026, 10, 25, 23))


# Decisions

NOON_BERLIN = local("Europe/Berlin", 2026, 6, 10, 12)
NIGHT_BERLIN = local("Europe/Berlin", 2026, 6, 10, 23, 30)


NIGHT_OWL = Prefs(quiet_hours=NIGHT)


def a_decision(kind="micro_win", prefs=NIGHT_OWL, now=NOON_BERLIN, sent=0, away=False) -> Decision:
    return decide(kind, prefs, now=now, timezone_name="Europe/Berlin", pushes_sent_today=sent, away_today=away)


@pytest.mark.parametrize("kind, switch", [("micro_win", "micro_wins"), ("reminder", "reminders"), ("digest", "digest")])
def test_a_kind_switched_off_is_suppressed(kind, switch):
    assert a_decision(kind, prefs_from({switch: False})) == Decision("suppress", None, "type_off")


def test_away_suppresses_reminders():
    assert a_decision("reminder", away=True) == Decision("suppress", None, "away")


def test_away_does_not_hold_back_a_micro_win():
    assert a_decision("micro_win", away=True).action == "send"


def test_the_daily_cap_suppresses_once_reached():
    assert a_decision(sent=1).action == "send"
    assert a_decision(sent=2) == Decision("suppress", None, "daily_cap")
    assert a_decision(prefs=Prefs(max_per_day=3), sent=2).action == "send"


def test_quiet_hours_defer_and_never_drop():
    assert a_decision(now=NIGHT_BERLIN) == Decision("defer", local("Europe/Berlin", 2026, 6, 11, 7), None)


def test_otherwise_a_push_is_sent_now():
    assert a_decision() == Decision("send", NOON_BERLIN, None)


def test_the_kind_switch_is_checked_before_away_and_the_cap():
    prefs = prefs_from({"reminders": False})
    assert a_decision("reminder", prefs, sent=5, away=True).reason == "type_off"
    assert a_decision("reminder", sent=5, away=True).reason == "away"


def test_stored_preferences_default_to_all_on_two_a_day_no_quiet_hours():
    assert prefs_from(None) == prefs_from({"reminders": None, "max_per_day": None}) == Prefs(True, True, True, 2, None)
    assert prefs_from({"max_per_day": 0}).max_per_day == 0
    assert prefs_from({"max_per_day": 1, "quiet_hours": {"start": "22:00", "end": "07:00"}}).quiet_hours == NIGHT


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        a_decision("newsletter")


# Micro-win pushes

@pytest.mark.parametrize("occurred_on, pushed", [("2026-03-10", True), ("2026-03-09", True),
                                                 ("2026-03-08", False), ("2025-12-01", False)])
def test_wins_become_pushes_only_for_today_or_yesterday(occurred_on, pushed):
    assert push_eligible_for_win(date.fromisoformat(occurred_on), date(2026, 3, 10)) is pushed


# Reminders

def test_a_reminder_is_due_at_its_slot_in_the_clients_zone():
    due = next_reminder_due(time(20, 7), "Pacific/Auckland", utc(2026, 6, 1))
    assert due == utc(2026, 6, 1, 8, 0)  # 20:00 NZST on 1 June
    assert reminder_local_date(due, "Pacific/Auckland") == date(2026, 6, 1)


@pytest.mark.parametrize("zone, day, at, expected", [
    ("Europe/Berlin", date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1)),          # gap: 03:00 CEST
    ("Europe/Berlin", date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30)),    # repeated: first, CEST
    ("America/Los_Angeles", date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 10)),     # gap: 03:00 PDT
    ("America/Los_Angeles", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 8, 30)),  # repeated: first, PDT
    ("Pacific/Auckland", date(2026, 9, 27), time(2, 15), utc(2026, 9, 26, 14)),      # gap: 03:00 NZDT
    ("Pacific/Auckland", date(2026, 4, 5), time(2, 45), utc(2026, 4, 4, 13, 45)),    # repeated: first, NZDT
])
def test_a_reminder_on_a_dst_change_day_fires_once_at_its_time_or_just_after_the_gap(zone, day, at, expected):
    day_before = datetime.combine(day - timedelta(days=1), time(12), ZoneInfo(zone))
    due = next_reminder_due(at, zone, day_before)
    assert due == expected
    assert reminder_local_date(due, zone) == day
    assert reminder_local_date(next_reminder_due(at, zone, due), zone) == day + timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(zone=st.sampled_from(ZONES), at=a_minute, start_day=st.integers(0, 365))
def test_stepping_through_a_year_gives_one_reminder_per_local_date_at_its_local_time(zone, at, start_day):
    tz = ZoneInfo(zone)
    due = next_reminder_due(at, zone, utc(2026, 1, 1) + timedelta(days=start_day))
    previous = None
    for _ in range(366):
        day = reminder_local_date(due, zone)
        assert previous is None or day == previous + timedelta(days=1)
        assert due == floor_to_slot(due)
        exists = datetime.combine(day, at, tz).astimezone(UTC).astimezone(tz).time() == at
        if exists:
            assert wall(due, zone) == datetime.combine(day, at.replace(minute=at.minute - at.minute % SLOT_MINUTES))
        else:  # the first valid minute after the gap: the clocks changed at that very instant
            assert due.astimezone(tz).utcoffset() != (due - timedelta(minutes=1)).astimezone(tz).utcoffset()
            assert wall(due, zone).date() == day and wall(due, zone).time() > at
        previous, due = day, next_reminder_due(at, zone, due)


def test_the_job_reminds_for_today_and_moves_on_to_tomorrow():
    zone = "Europe/Berlin"
    due = next_reminder_due(time(8), zone, local(zone, 2026, 6, 10, 0))
    run = run_reminder(time(8), zone, due=due, now=due + timedelta(seconds=40))
    assert run.remind_for == date(2026, 6, 10)
    assert run.next_due == local(zone, 2026, 6, 11, 8)


def test_a_late_run_the_same_day_still_reminds_but_a_past_day_is_not_reminded():
    zone = "Europe/Berlin"
    due = local(zone, 2026, 6, 10, 8)
    assert run_reminder(time(8), zone, due=due, now=local(zone, 2026, 6, 10, 9, 20)).remind_for == date(2026, 6, 10)
    stale = run_reminder(time(8), zone, due=due, now=local(zone, 2026, 6, 12, 7, 0))
    assert stale.remind_for is None
    assert stale.next_due == local(zone, 2026, 6, 12, 8)


def test_after_a_long_outage_todays_reminder_is_still_sent_once():
    zone = "Europe/Berlin"
    run = run_reminder(time(8), zone, due=local(zone, 2026, 6, 7, 8), now=local(zone, 2026, 6, 12, 8, 30))
    assert run.remind_for == date(2026, 6, 12)
    assert run.next_due == local(zone, 2026, 6, 13, 8)


def test_a_client_not_yet_due_is_left_alone():
    due = utc(2026, 6, 10, 8)
    assert run_reminder(time(8), "UTC", due=due, now=utc(2026, 6, 10, 7, 50)).next_due == due


# Digests

def test_the_digest_is_due_on_the_therapists_weekday_and_local_time():
    due = next_digest_due(0, time(7, 30), "Pacific/Auckland", utc(2026, 3, 4))  # a Wednesday
    assert wall(due, "Pacific/Auckland") == datetime(2026, 3, 9, 7, 30)  # the next Monday
    assert digest_week(due, "Pacific/Auckland") == (2026, 11)


@settings(max_examples=200, deadline=None)
@given(zone=st.sampled_from(ZONES), weekday=st.integers(0, 6), at=a_minute, start_day=st.integers(0, 365))
def test_digests_come_once_a_week_on_their_weekday(zone, weekday, at, start_day):
    due = next_digest_due(weekday, at, zone, utc(2026, 1, 1) + timedelta(days=start_day))
    days, weeks = [], []
    for _ in range(8):
        days.append(local_day(due, zone))
        weeks.append(digest_week(due, zone))
        due = next_digest_due(weekday, at, zone, due)
    assert all(day.weekday() == weekday for day in days)
    assert all((b - a).days == 7 for a, b in pairwise(days))
    assert len(set(weeks)) == 8


def test_a_weekday_out_of_range_is_refused():
    with pytest.raises(ValueError):
        next_digest_due(7, time(9), "UTC", utc(2026, 1, 1))


# Retries

def test_backoff_doubles_and_is_capped_at_an_hour():
    delays = [retry_delay(n) for n in range(1, 12)]
    assert delays[:5] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert all(a <= b for a, b in pairwise(delays))
    assert max(delays) == timedelta(minutes=60) == retry_delay(10 ** 6)


def test_sending_gives_up_after_the_maximum_attempts():
    assert not give_up(MAX_SEND_ATTEMPTS - 1)
    assert give_up(MAX_SEND_ATTEMPTS)


def test_a_transient_error_leaves_the_push_pending_until_the_attempts_run_out():
    now = utc(2026, 6, 10, 12)
    first = after_send_error(1, "unavailable", now)
    assert first == {"status": "pending", "attempts": 1, "last_error": "unavailable",
                     "next_attempt_at": now + timedelta(minutes=1)}
    assert after_send_error(MAX_SEND_ATTEMPTS, "unavailable", now)["status"] == "failed"
    assert after_send_error(1, "unregistered token", now, transient=False)["status"] == "failed"


# Ids

FIRESTORE_SAFE = re.compile(r"^(?!\.\.?$)(?!__.*__$)[^/]{1,150}$")


@settings(max_examples=200, deadline=None)
@given(win_id=st.text(max_size=400), uid=st.text(min_size=1, max_size=40))
def test_win_notification_ids_are_deterministic_opaque_and_firestore_safe(win_id, uid):
    notification_id = win_notification_id(win_id, uid)
    assert notification_id == win_notification_id(win_id, uid)
    assert FIRESTORE_SAFE.match(notification_id)


def test_win_notification_ids_do_not_reveal_the_win():
    notification_id = win_notification_id("new-strength:bravery", "uid-1")
    assert "bravery" not in notification_id
    assert notification_id != win_notification_id("new-strength:bravery", "uid-2")
    assert notification_id != win_notification_id("new-strength:humour", "uid-1")


@settings(max_examples=200, deadline=None)
@given(day=st.dates(), week=st.integers(1, 53))
def test_reminder_and_digest_ids_are_deterministic_and_firestore_safe(day, week):
    assert reminder_notification_id(day) == reminder_notification_id(day) == f"reminder-{day.isoformat()}"
    assert FIRESTORE_SAFE.match(reminder_notification_id(day))
    assert FIRESTORE_SAFE.match(digest_notification_id(day.year, week))
    assert digest_notification_id(2026, 3) == "digest-2026-W03"
