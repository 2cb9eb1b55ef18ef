"""Very low moments (a check-in mood or mood rating of 0 or 1): the day's first one, and the days that held one."""
from __future__ import annotations

from datetime import date

from stepping_stones.domain.help import LOW_MOMENT_HINT, NOT_A_CRISIS_SERVICE
from stepping_stones.domain.summary_state import (
    apply_delete,
    apply_put,
    empty_state,
    first_low_of_day,
    from_version_1,
    read_timeline,
    recompute,
)
from tests.support.builders import a_checkin, a_mood


def test_the_first_low_value_of_a_day_is_its_first_low_moment_whatever_the_kind():
    state = empty_state()
    assert first_low_of_day(state, None, a_mood("2026-03-02", rating=1))
    assert first_low_of_day(state, None, a_checkin("2026-03-02", mood=0))
    assert not first_low_of_day(state, None, a_mood("2026-03-02", rating=2))


def test_a_second_low_value_on_the_same_day_is_not_but_one_on_the_next_day_is():
    state = apply_put(empty_state(), None, a_checkin("2026-03-02", mood=1, id="c1"))
    assert not first_low_of_day(state, None, a_mood("2026-03-02", rating=0))
    assert first_low_of_day(state, None, a_mood("2026-03-03", rating=0))
    state = apply_put(empty_state(), None, a_mood("2026-03-02", rating=0, id="m1"))
    assert not first_low_of_day(state, None, a_checkin("2026-03-02", mood=1))


def test_a_resend_or_correction_of_the_first_low_entry_is_answered_as_the_first_was():
    first = a_mood("2026-03-02", rating=1, id="m1")
    state = apply_put(empty_state(), None, first)
    assert first_low_of_day(state, first, first)  # the identical retry
    assert first_low_of_day(state, first, a_mood("2026-03-02", rating=0, id="m1"))
    checkin = a_checkin("2026-03-02", mood=0, id="c1")
    both = apply_put(state, None, a_checkin("2026-03-02", mood=0, id="c1"))
    assert not first_low_of_day(both, checkin, checkin)  # another low value is on that day now


def test_moving_a_low_entry_to_another_day_leaves_its_old_day_out_of_the_count():
    old = a_mood("2026-03-02", rating=0, id="m1")
    state = apply_put(empty_state(), None, old)
    assert first_low_of_day(state, old, a_mood("2026-03-03", rating=0, id="m1"))


def test_low_days_follow_puts_corrections_and_deletions():
    low, fine = a_mood("2026-03-02", rating=1, id="m1"), a_mood("2026-03-02", rating=7, id="m1")
    state = apply_put(empty_state(), None, low)
    state = apply_put(state, None, a_checkin("2026-03-04", mood=0, id="c1"))
    state = apply_put(state, None, a_checkin("2026-03-05", mood=4, id="c2"))
    assert _low_days(state) == ["2026-03-02", "2026-03-04"]
    assert _low_days(apply_put(state, low, fine)) == ["2026-03-04"]
    assert _low_days(apply_delete(state, low)) == ["2026-03-04"]
    assert apply_delete(apply_put(empty_state(), None, low), low) == empty_state()


def test_a_version_1_summary_converts_with_its_low_ratings():
    old = {"checkins": {}, "moods": {"2026-03-02": {"m1": 0, "m2": 6}}, "breathing": {}, "experiments": {},
           "goals": {}, "away": {}}
    state = from_version_1(old)
    assert state == recompute([a_mood("2026-03-02", rating=0, id="m1"), a_mood("2026-03-02", rating=6, id="m2")])
    assert _low_days(state) == ["2026-03-02"]


def test_the_hint_is_gentle_says_nobody_watches_and_points_to_help():
    message = LOW_MOMENT_HINT["message"]
    assert "Nobody watches this app in real time" in message
    assert LOW_MOMENT_HINT["help_path"] == "/v1/help"
    for word in ("should", "must", "fail to", "risk", "warning", "alert"):
        assert word not in message.lower()
    assert "nobody watches the app in real time" in NOT_A_CRISIS_SERVICE


def _low_days(state) -> list[str]:
    return [low.isoformat() for low in sorted(map(date.fromordinal, read_timeline(state).low_days))]


def test_moments_to_ask_about_are_the_windows_low_days_with_their_acknowledgement():
    from stepping_stones.domain.review import moments_to_ask_about
    state = recompute([a_checkin("2026-03-01", mood=0), a_mood("2026-03-03", rating=1), a_mood("2026-03-04", rating=3),
                       a_checkin("2026-03-06", mood=1)])
    seen = {"2026-03-06": {"acknowledged_at": "then"}}
    moments = moments_to_ask_about(read_timeline(state), date(2026, 3, 2), date(2026, 3, 6), seen)
    assert [(m["date"], m["acknowledged"], m["acknowledged_at"]) for m in moments] == [
        ("2026-03-03", False, None), ("2026-03-06", True, "then")]
    assert moments[0]["text"] == "A mood of 0 or 1 was noted on 3 March — you might ask how that day was."
