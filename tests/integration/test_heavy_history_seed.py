"""The heavy-history seeding helper stores what the incremental path would: every win in the wins
collection, and a summary document that keeps only the wins of the horizon."""
from __future__ import annotations

from datetime import date

from stepping_stones.domain import wins
from tests.support.heavy_history import seed_heavy_client

TODAY = date(2026, 3, 10)
UID = "seeded-heavy-client"


def test_a_seeded_heavy_client_keeps_older_wins_in_the_wins_collection_and_only_the_horizon_in_the_summary(store):
    seed_heavy_client(store, UID, years=0.5, today=TODAY)

    summary = store.get_summary(UID)
    horizon = wins.horizon_start(TODAY, None).isoformat()
    all_wins = [doc.to_dict() for doc in store.client.collection("users").document(UID).collection("wins").stream()]
    assert any(win["occurred_on"] < horizon for win in all_wins)
    assert summary.earned and all(occurred_on >= horizon for occurred_on, _ in summary.earned.values())
    assert set(summary.earned) < {win["id"] for win in all_wins}
    assert (summary.timezone, summary.display_name) == ("Europe/Berlin", "Heavy User")
