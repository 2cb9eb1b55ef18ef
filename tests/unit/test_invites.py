"""Invite codes, their expiry and the limit on failed attempts."""
from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepping_stones.domain.invites import (
    CODE_BITS,
    CODE_LENGTH,
    EXPIRED,
    INVITE_ALPHABET,
    INVITE_VALID_FOR,
    MALFORMED,
    UNKNOWN,
    USED,
    attempt_window,
    display_code,
    invite_problem,
    new_invite,
    new_invite_code,
    normalize_code,
)

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def bytes_from(values):
    """A random source that hands out the given byte values in order, then repeats them."""
    stream = iter(values * 1000)
    return lambda n: bytes(next(stream) for _ in range(n))


# The alphabet

def test_the_alphabet_is_exactly_the_documented_25_characters():
    assert INVITE_ALPHABET == "ACDEFGHJKMNPQRTUVWXY34679"
    assert len(set(INVITE_ALPHABET)) == 25


@pytest.mark.parametrize("look_alike", list("0O1IL5S2Z8B"))
def test_the_alphabet_has_no_look_alike_characters(look_alike):
    assert look_alike not in INVITE_ALPHABET


def test_the_alphabet_is_only_uppercase_letters_and_digits():
    assert all(char.isdigit() or ("A" <= char <= "Z") for char in INVITE_ALPHABET)


def test_an_invite_is_valid_for_72_hours_and_a_code_has_16_characters_of_74_bits():
    assert INVITE_VALID_FOR == timedelta(hours=72)
    assert CODE_LENGTH == 16
    assert 74 < CODE_BITS < 74.4 and 2 ** CODE_BITS == pytest.approx(25 ** 16)


# New codes

@settings(max_examples=200, deadline=None)
@given(rnd=st.randoms(use_true_random=False))
def test_every_new_code_has_16_characters_all_from_the_alphabet(rnd):
    code = new_invite_code(rnd.randbytes)
    assert len(code) == CODE_LENGTH
    assert set(code) <= set(INVITE_ALPHABET)


def test_bytes_that_would_bias_the_choice_are_thrown_away():
    code = new_invite_code(bytes_from([250, 251, 252, 253, 254, 255, *range(16)]))
    assert code == INVITE_ALPHABET[:16]


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

CODE = "ACDEFGHJKMNPQRTU"


def test_a_code_typed_in_lowercase_with_dashes_is_accepted():
    assert normalize_code("acde-fghj-kmnp-qrtu") == CODE


@pytest.mark.parametrize("typed", ["ACDE FGHJ KMNP QRTU", " acde fghj kmnpqrtu ", "AC-DE-FG-HJ-KM-NP-QR-TU",
                                   "acde\u2013fghj\u2013kmnp\u2013qrtu", "ACDEFGHJKMNPQRTU"])
def test_spaces_and_dashes_anywhere_and_any_case_are_accepted(typed):
    assert normalize_code(typed) == CODE


@pytest.mark.parametrize("typed", ["", "ACDEFGHJ", "ACDEFGHJKMNPQRT", "ACDEFGHJKMNPQRTUV", "ACDE_FGHJ_KMNP_QRTU",
                                   "ACDEFGHJKMNPQRT0", None, 1234567890123456])
def test_text_that_cannot_be_a_code_gives_none(typed):
    assert normalize_code(typed) is None


def test_a_code_with_a_look_alike_cannot_be_a_code():
    assert normalize_code("abcd-efgh-kmnp-qrtu") is None


def test_a_code_is_shown_in_four_groups_of_four_and_read_back_as_typed():
    assert display_code(CODE) == "ACDE-FGHJ-KMNP-QRTU"
    assert normalize_code(display_code(CODE).lower()) == CODE


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


# Limiting attempts: fixed windows of an hour

def test_the_window_is_the_utc_hour_and_retry_after_runs_to_its_end():
    assert attempt_window(NOON) == ("2026-03-10T12", 3600)
    assert attempt_window(NOON + timedelta(minutes=59, seconds=59, milliseconds=500)) == ("2026-03-10T12", 1)
    assert attempt_window(NOON + timedelta(hours=1)) == ("2026-03-10T13", 3600)


def test_the_window_is_the_same_instant_whatever_the_offset_it_is_given_in():
    berlin = timezone(timedelta(hours=1))
    assert attempt_window(NOON.astimezone(berlin)) == attempt_window(NOON)


@settings(max_examples=200, deadline=None)
@given(seconds=st.integers(0, 10 * 24 * 3600))
def test_retry_after_always_lands_in_the_next_window(seconds):
    moment = NOON + timedelta(seconds=seconds, microseconds=123)
    window, retry_after = attempt_window(moment)
    assert 1 <= retry_after <= 3600
    assert attempt_window(moment + timedelta(seconds=retry_after))[0] > window
