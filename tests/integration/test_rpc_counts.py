"""Round trips of the write path, counted at the Firestore client: one batched read and one commit."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from stepping_stones.domain.records import CHECKIN, EXPERIMENT, MOOD
from stepping_stones.services import away, entries, goals, profile
from tests.support.rpc_counter import counting_rpcs

NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
MOOD_BODY = {"at": datetime(2026, 3, 9, 9, 30, tzinfo=timezone.utc), "rating": 5, "emotions": [], "note": None}


@pytest.fixture
def uid(store, request):
    uid = f"rpc-{request.node.name[:40]}"
    profile.save_profile(store, uid, "client", {"display_name": "A", "timezone": "Europe/Berlin"}, NOW)
    return uid


def test_logging_an_entry_is_one_batched_read_and_one_commit(store, uid, monkeypatch):
    with counting_rpcs(store, monkeypatch) as rpcs:
        entries.put_entry(store, uid, CHECKIN, "c1", {"local_date": date(2026, 3, 9), "mood": 5}, NOW)
    # The summary and the entry in one BatchGet; no lock-taking transaction to begin or roll back.
    assert rpcs == {"BatchGetDocuments": 1, "Commit": 1}


def test_an_identical_retry_reads_once_and_commits_nothing(store, uid, monkeypatch):
    entries.put_entry(store, uid, MOOD, "m1", MOOD_BODY, NOW)
    with counting_rpcs(store, monkeypatch) as rpcs:
        saved = entries.put_entry(store, uid, MOOD, "m1", MOOD_BODY, NOW)
    assert not saved.created
    assert rpcs == {"BatchGetDocuments": 1}


def test_deleting_and_outcomes_goals_and_away_are_also_one_read_and_one_commit(store, uid, monkeypatch):
    entries.put_entry(store, uid, EXPERIMENT, "e1", {"strength": "curiosity", "plan": "Ask", "prediction": "Awkward",
                                                      "planned_for": date(2026, 3, 9)}, NOW)
    calls = [
        lambda: entries.put_outcome(store, uid, "e1", {"done_on": date(2026, 3, 9), "what_happened": "Fine",
                                                       "outcome_rating": 7}, NOW),
        lambda: goals.put_goal(store, uid, "g1", {"title": "Walk", "why": "Health", "target_date": None}, NOW),
        lambda: away.put_away(store, uid, "a1", {"from_date": date(2026, 3, 1), "to_date": date(2026, 3, 2)}, NOW),
        lambda: entries.delete_entry(store, uid, EXPERIMENT, "e1", NOW),
    ]
    for call in calls:
        with counting_rpcs(store, monkeypatch) as rpcs:
            call()
        assert rpcs == {"BatchGetDocuments": 1, "Commit": 1}
