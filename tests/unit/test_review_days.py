"""The review's day rows: check-ins, away days, breathing and the client's own mood baseline band."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from stepping_stones.domain import review_days
from stepping_stones.domain.records import AwayPeriod, BreathingPractice, CheckIn, MoodEntry
from stepping_stones.domain.summary_state import read_timeline, recompute

D = date(2026, 3, 10)
AT = datetime(2026, 3, 10, 8, tzinfo=timezone.utc)


def window_days(checkins, moods, breathing, away, since: date, until: date) -> list[dict]:
    """The rows as the review computes them: from the summary state the records make."""
    state = recompute([*checkins, *moods, *breathing], (), away)
    timeline = read_timeline(state, since.toordinal() - 27, until.toordinal(), carries=False)
    return review_days.window_days(timeline, since, until)


def checkin(day: date, mood: int = 5) -> CheckIn:
    return CheckIn(id=f"c-{day}", local_date=day, mood=mood)


def test_one_row_per_date_with_check_ins_and_away_days_marked():
    away = [AwayPeriod(id="trip", start=D + timedelta(days=2), end=D + timedelta(days=3))]
    rows = window_days([checkin(D), checkin(D + timedelta(days=4))], [], [], away, D, D + timedelta(days=4))
    assert [r["date"] for r in rows] == [(D + timedelta(days=i)).isoformat() for i in range(5)]
    assert [r["checked_in"] for r in rows] == [True, False, False, False, True]
    assert [r["away"] for r in rows] == [False, False, True, True, False]


def test_breathing_counts_sessions_and_sums_only_reported_stress_drops():
    sessions = [
        BreathingPractice(id="a", started_at=AT, local_date=D, duration_seconds=60, technique="box",
                          stress_before=7, stress_after=4),
        BreathingPractice(id="b", started_at=AT, local_date=D, duration_seconds=60, technique="box"),
    ]
    (row,) = window_days([], [], sessions, [], D, D)
    assert (row["breathing"], row["stress_drop_sum"], row["stress_drop_count"]) == (2, 3, 1)


def test_the_band_needs_five_values_in_the_28_days_ending_that_day():
    checkins = [checkin(D - timedelta(days=i), mood=4 + 2 * (i % 2)) for i in range(4)]  # 4 values
    assert window_days(checkins, [], [], [], D, D)[0]["baseline_low"] is None
    mood = MoodEntry(id="m", at=AT, local_date=D - timedelta(days=27), rating=5, emotions=())
    (row,) = window_days(checkins, [mood], [], [], D, D)
    # values 6, 4, 6, 4, 5 on five days: mean 5, population standard deviation sqrt(0.8)
    assert (row["baseline_low"], row["baseline_high"]) == (round(5 - 0.8 ** 0.5, 2), round(5 + 0.8 ** 0.5, 2))


def test_the_band_spreads_over_the_days_averages_each_weighted_by_its_values():
    moods = [MoodEntry(id=f"m{n}", at=AT, local_date=D, rating=rating, emotions=())
             for n, rating in enumerate((2, 8, 5, 5))]  # one day averaging 5 from four values
    moods += [MoodEntry(id="y", at=AT, local_date=D - timedelta(days=1), rating=7, emotions=())]
    (row,) = window_days([], moods, [], [], D, D)
    mean = (20 + 7) / 5  # 5.4; days at 5 (weight 4) and 7 (weight 1)
    spread = ((4 * (5 - mean) ** 2 + (7 - mean) ** 2) / 5) ** 0.5
    assert (row["baseline_low"], row["baseline_high"]) == (round(mean - spread, 2), round(mean + spread, 2))


def test_values_older_than_28_days_leave_the_band():
    old = [checkin(D - timedelta(days=28 + i)) for i in range(10)]
    assert window_days(old, [], [], [], D, D)[0]["baseline_high"] is None
