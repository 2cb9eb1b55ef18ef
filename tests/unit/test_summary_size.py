"""The stored summary document stays small: under 256 KiB after ten years of heavy use."""
from __future__ import annotations

import json
from datetime import date
from functools import cache

from stepping_stones.domain import wins
from stepping_stones.domain.summary_state import archive_contents
from stepping_stones.storage import Summary
from tests.support.history import firestore_size, heavy_records, summary_document

LIMIT = 256 * 1024
TODAY = date(2036, 3, 1)


@cache
def stored(days: int) -> dict:
    """The summary document after `days` days of heavy use, as stored (Summary.to_doc)."""
    return summary_document(*heavy_records(TODAY, days), TODAY)


def size(days: int, uid: str = "u" * 128) -> int:
    return firestore_size(stored(days), f"users/{uid}/private/summary")


def test_ten_years_of_heavy_use_stay_under_256_kib_in_the_stored_encoding():
    assert size(3653) < LIMIT * 0.9, f"{size(3653)} bytes"  # a margin for what a real client adds


def test_ten_years_stay_under_256_kib_even_if_the_archive_did_not_compress_at_all():
    doc = stored(3653)
    uncompressed = {**doc, "archive": json.dumps(archive_contents(doc["archive"]), separators=(",", ":"))}
    assert firestore_size(uncompressed, "users/" + "u" * 128 + "/private/summary") < LIMIT * 0.9


def test_the_summary_grows_with_days_not_with_entries_or_ids():
    # Per day, not per entry: a year of 21 entries a day with 64-character ids adds under 25 bytes a day
    # once compressed (about 50 before).
    assert size(730) - size(365) < 365 * 25


def test_earned_and_notified_wins_keep_only_the_horizon():
    doc = stored(3653)
    earned = Summary.from_doc(doc).earned
    horizon = wins.horizon_start(TODAY, None).isoformat()
    assert earned and all(occurred_on >= horizon for occurred_on, _ in earned.values())
    assert len(doc["earned"]) + len(doc["notified"]) < 12_000


def test_ten_heavy_years_plus_1500_experiments_stay_under_256_kib():
    from bench.write_path_history import many_experiments

    records, goals = heavy_records(TODAY, 3653)
    with_experiments = [*records, *many_experiments(1500, TODAY)]
    doc = summary_document(with_experiments, goals, TODAY)
    assert firestore_size(doc, "users/" + "u" * 128 + "/private/summary") < LIMIT * 0.9
