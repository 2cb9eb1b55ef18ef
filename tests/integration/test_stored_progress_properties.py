"""Properties of the stored summary under any sequence of requests, against the real emulator."""
from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepping_stones.config import Config
from stepping_stones.domain import summary_state, wins
from stepping_stones.domain.records import BREATHING, CHECKIN, MOOD
from stepping_stones.domain.vocabularies import BREATHING_TECHNIQUES
from stepping_stones.errors import EntryConflict, NotFound
from stepping_stones.services import entries, profile
from stepping_stones.storage import Summary, get_store, metering

NOW = datetime(2026, 3, 31, 12, tzinfo=timezone.utc)
TODAY = date(2026, 3, 31)
OFFSET = timezone(timedelta(hours=2))
_clients = itertools.count()
# The same properties run 200 examples each on the pure functions (tests/unit/test_progress_properties.py, in
# microseconds); here they are checked again through the real store, where an example costs a dozen emulator
# round trips, so fewer examples keep make test within its time.
STORED_EXAMPLES = 80


def body(kind: str, day: int, value: int) -> dict:
    on = TODAY - timedelta(days=day)
    if kind == CHECKIN:
        return {"local_date": on, "mood": value}
    at = datetime.combine(on, time(7 + value), OFFSET)
    if kind == MOOD:
        return {"at": at, "rating": value, "emotions": []}
    technique = BREATHING_TECHNIQUES[value % len(BREATHING_TECHNIQUES)]  # a correction may change it
    return {"started_at": at, "duration_seconds": 60 * (value + 1), "technique": technique,
            "stress_before": min(10, value + 3), "stress_after": value}


puts = st.tuples(st.just("put"), st.sampled_from([CHECKIN, MOOD, BREATHING]), st.integers(0, 5),
                 st.integers(0, 20), st.integers(0, 7))
deletes = st.tuples(st.just("delete"), st.sampled_from([CHECKIN, MOOD, BREATHING]), st.integers(0, 5))
operations = st.lists(st.one_of(puts, puts, deletes), min_size=1, max_size=12)


@pytest.fixture(scope="module")
def store(firestore_emulator):
    return get_store(Config.from_env())


def new_client(store) -> str:
    uid = f"property-{next(_clients)}"
    profile.save_profile(store, uid, "client", {"display_name": "P", "timezone": "Europe/Berlin"}, NOW)
    return uid


def apply(store, uid: str, operation) -> None:
    try:
        if operation[0] == "put":
            _, kind, slot, day, value = operation
            entries.put_entry(store, uid, kind, f"{kind}-{slot}", body(kind, day, value), NOW)
        else:
            _, kind, slot = operation
            entries.delete_entry(store, uid, kind, f"{kind}-{slot}", NOW)
    except (EntryConflict, NotFound):
        pass  # refused requests must leave nothing behind: the properties check that too


def stored(store, uid: str) -> tuple[dict, dict]:
    summary = Summary.from_doc(store.get_summary_doc(uid))
    return summary.state, summary.earned


@settings(max_examples=STORED_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=operations)
def test_after_any_puts_corrections_and_deletes_the_summary_equals_a_recompute(store, sequence):
    uid = new_client(store)
    for operation in sequence:
        apply(store, uid, operation)

    state, earned = stored(store, uid)
    remaining = store.all_entries(uid)
    recomputed = summary_state.recompute(remaining, as_of=TODAY)
    assert summary_state.prune(state, TODAY) == recomputed  # as stored by the last write on TODAY
    assert set(wins.derive_wins(recomputed, TODAY)) <= set(earned)  # earned wins stay earned
    assert set(store.list_win_ids(uid)) == set(earned)  # the wins collection mirrors the summary


@settings(max_examples=STORED_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=st.lists(puts, min_size=1, max_size=10), data=st.data())
def test_the_same_entries_in_any_order_give_the_same_summary_and_wins(store, sequence, data):
    # One body per entry id and one check-in per date: a second check-in on a date is refused
    # (409) whichever comes second, so only sets without such clashes can be order-free.
    by_id = {(op[1], op[2]): op for op in sequence}
    unique = list({(op[1], op[3] if op[1] == CHECKIN else op[2]): op for op in by_id.values()}.values())
    shuffled = data.draw(st.permutations(unique))
    results = []
    for order in (unique, shuffled):
        uid = new_client(store)
        for operation in order:
            apply(store, uid, operation)
        results.append(stored(store, uid))
    (state_a, wins_a), (state_b, wins_b) = results
    assert state_a == state_b
    assert wins_a.keys() == wins_b.keys()


@settings(max_examples=STORED_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=operations)
def test_a_phone_retrying_every_request_changes_nothing_beyond_the_first_attempt(store, sequence):
    once, twice = new_client(store), new_client(store)
    retry_writes = 0
    for operation in sequence:
        apply(store, once, operation)
        apply(store, twice, operation)
        with metering() as meter:
            apply(store, twice, operation)
        retry_writes += meter.writes

    assert retry_writes == 0
    assert stored(store, twice) == stored(store, once)
    assert sorted(store.list_win_ids(twice)) == sorted(store.list_win_ids(once))
