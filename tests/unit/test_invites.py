"""Invite codes, their expiry and the limit on failed attempts."""
from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepping_stones.domain.invites import (
    CODE_LENGTH,
    EXPIRED,
    INVITE_ALPHABET,
    INVITE_VALID_FOR,
    MALFORMED,
    UNKNOWN,
    USED,
    attempts_allowed,
    invite_problem,
    new_invite,
    new_invite_code,
    normalize_code,
    prune_failures,
)

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def bytes_from(values):
    """A random source that hands out the given byte values in order, then repeats them."""
    stream = iter(values * 1000)
    return lambda n: bytes(next(stream) for _ in range(n))


def minutes_ago(*minutes):
    return [NOON - timedelta(minutes=m) for m in minutes]


# The alphabet

def test_the_alphabet_is_exactly_the_documented_25_characters():
    assert INVITE_ALPHABET == "ACDEFGHJKMNPQRTUVWXY34679"
    assert len(set(INVITE_ALPHABET)) == 25


@pytest.mark.parametrize("look_alike", list("0O1IL5S2Z8B"))
def test_the_alphabet_has_no_look_alike_characters(look_alike):
    assert look_alike not in INVITE_ALPHABET


def test_the_alphabet_is_only_uppercase_letters_and_digits():
    assert all(char.isdigit() or ("A" <= char <= "Z") for char in INVITE_ALPHABET)


def test_an_invite_is_valid_for_72_hours_and_a_code_has_8_characters():
    assert INVITE_VALID_FOR == timedelta(hours=72)
    assert CODE_LENGTH == 8


# New codes

@settings(max_examples=200, deadline=None)
@given(rnd=st.randoms(use_true_random=False))
def test_every_new_code_has_8_characters_all_from_the_alphabet(rnd):
    code = new_invite_code(rnd.randbytes)
    assert len(code) == CODE_LENGTH
    assert set(code) <= set(INVITE_ALPHABET)


def test_bytes_that_would_bias_the_choice_are_thrown_away():
    code = new_invite_code(bytes_from([250, 251, 252, 253, 254, 255, 0, 1, 2, 3, 4, 5, 6, 7]))
    assert code == INVITE_ALPHABET[:8]


def test_every_byte_value_from_0_to_255_once_picks_each_character_exactly_ten_times():
    source = bytes_from(list(range(256)))
    counts = Counter("".join(new_invite_code(source) for _ in range(32 * 250 // CODE_LENGTH)))
    assert counts == {char: 32 * 10 for char in INVITE_ALPHABET}


def test_codes_from_a_seeded_source_use_every_character_about_equally():
    seeded = random.Random(7)
    counts = Counter("".join(new_invite_code(seeded.randbytes) for _ in range(5000)))
    expected = 5000 * CODE_LENGTH / 25
    assert all(abs(n - expected) < 0.1 * expected for n in counts.values())
    assert len(counts) == 25


def test_a_source_that_only_gives_out_of_range_bytes_is_refused_rather_than_looping_forever():
    with pytest.raises(RuntimeError):
        new_invite_code(bytes_from([255]))


# Normalizing what a client typed

def test_a_code_typed_in_lowercase_with_a_dash_is_accepted():
    assert normalize_code("acde-fghj") == "ACDEFGHJ"


@pytest.mark.parametrize("typed", ["ACDE FGHJ", " acde fghj ", "AC-DE-FG-HJ", "acde\u2013fghj"])
def test_spaces_and_dashes_anywhere_are_ignored(typed):
    assert normalize_code(typed) == "ACDEFGHJ"


@pytest.mark.parametrize("typed", ["", "ACDEFGH", "ACDEFGHJK", "ACDE_FGHJ", "ACDEFGH0", None, 12345678])
def test_text_that_cannot_be_a_code_gives_none(typed):
    assert normalize_code(typed) is None


def test_abcd_efgh_cannot_be_a_code_because_b_is_a_look_alike():
    assert normalize_code("abcd-efgh") is None


@settings(max_examples=200, deadline=None)
@given(rnd=st.randoms(use_true_random=False))
def test_every_new_code_normalizes_to_itself_even_lowercased_and_split(rnd):
    code = new_invite_code(rnd.randbytes)
    assert normalize_code(f"{code[:4].lower()}-{code[4:]}") == code


# Whether an invite can be redeemed

def test_a_fresh_invite_has_no_problem():
    assert invite_problem(new_invite("therapist-1", NOON), NOON + timedelta(hours=1)) is None


def test_an_invite_is_still_valid_one_second_before_72_hours():
    invite = new_invite("therapist-1", NOON)
    assert invite_problem(invite, NOON + INVITE_VALID_FOR - timedelta(seconds=1)) is None


def test_an_invite_has_expired_at_exactly_72_hours():
    assert invite_problem(new_invite("therapist-1", NOON), NOON + timedelta(hours=72)) == EXPIRED


def test_an_unknown_code_is_reported_as_unknown():
    assert invite_problem(None, NOON) == UNKNOWN


def test_a_used_invite_is_reported_as_used_even_before_it_expires():
    invite = {**new_invite("therapist-1", NOON), "used_by": "client-9"}
    assert invite_problem(invite, NOON + timedelta(minutes=5)) == USED


def test_an_invite_without_an_expiry_or_a_therapist_is_refused_as_malformed():
    assert invite_problem({"therapist_uid": "t", "used_by": None}, NOON) == MALFORMED
    assert invite_problem({**new_invite("", NOON)}, NOON) == MALFORMED


def test_a_new_invite_records_its_therapist_and_expiry_and_is_unused():
    assert new_invite("therapist-1", NOON) == {
        "therapist_uid": "therapist-1", "created_at": NOON,
        "expires_at": NOON + timedelta(hours=72), "used_by": None,
    }


# Limiting failed attempts

def test_no_failures_means_an_attempt_is_allowed():
    assert attempts_allowed([], NOON) == (True, 0)


def test_after_nine_failures_in_the_hour_the_tenth_attempt_is_allowed():
    assert attempts_allowed(minutes_ago(*range(1, 10)), NOON) == (True, 0)


def test_after_ten_failures_in_the_hour_the_eleventh_attempt_is_refused_until_the_oldest_leaves():
    failures = minutes_ago(50, 40, 30, 20, 10, 9, 8, 7, 6, 5)
    assert attempts_allowed(failures, NOON) == (False, 10 * 60)


def test_retry_after_rounds_up_to_a_whole_second():
    failures = minutes_ago(*range(1, 10)) + [NOON - timedelta(minutes=59, seconds=59, milliseconds=500)]
    assert attempts_allowed(failures, NOON) == (False, 1)


def test_a_failure_exactly_one_hour_old_has_left_the_window():
    failures = minutes_ago(60, *range(1, 10))
    assert attempts_allowed(failures, NOON) == (True, 0)


def test_with_more_failures_than_the_limit_retry_waits_until_only_nine_remain():
    failures = minutes_ago(55, 50, 45, 40, *range(1, 9))  # 12 failures
    assert attempts_allowed(failures, NOON) == (False, 15 * 60)


def test_the_order_failures_are_given_in_does_not_matter():
    failures = minutes_ago(50, 40, 30, 20, 10, 9, 8, 7, 6, 5)
    assert attempts_allowed(list(reversed(failures)), NOON) == attempts_allowed(failures, NOON)


def test_a_custom_limit_and_window_are_respected():
    failures = minutes_ago(4, 3, 2)
    assert attempts_allowed(failures, NOON, limit=3, window=timedelta(minutes=5)) == (False, 60)


def test_pruning_keeps_only_failures_inside_the_window_oldest_first():
    kept = prune_failures(minutes_ago(5, 61, 60, 30), NOON, timedelta(hours=1))
    assert kept == minutes_ago(30, 5)


@settings(max_examples=200, deadline=None)
@given(ages=st.lists(st.integers(0, 2 * 3600), max_size=20))
def test_an_attempt_is_refused_exactly_when_ten_failures_are_in_the_last_hour(ages):
    failures = [NOON - timedelta(seconds=age) for age in ages]
    allowed, retry_after = attempts_allowed(failures, NOON)
    in_window = sum(1 for age in ages if age < 3600)
    assert allowed == (in_window < 10)
    if not allowed:
        assert 1 <= retry_after <= 3600
        assert attempts_allowed(failures, NOON + timedelta(seconds=retry_after))[0]
        assert not attempts_allowed(failures, NOON + timedelta(seconds=retry_after - 1))[0]
