"""The review reads everything before it records the therapist's access, and records it once."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from stepping_stones.services import links, profile, review

NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)


@pytest.fixture
def linked(store):
    profile.save_profile(store, "rf-client", "client", {"display_name": "C", "timezone": "Europe/Berlin"}, NOW)
    code = links.create_invite(store, "rf-therapist", NOW)["code"]
    links.link_with_code(store, "rf-client", code, True, NOW)
    return "rf-therapist", "rf-client"


def access_records(store, client_uid: str) -> list[dict]:
    return store.list_access_log(client_uid, key_before=None, limit=10)


def test_a_review_records_the_access_once(store, linked):
    therapist, client = linked
    review.client_review(store, therapist, client, NOW)
    assert [r["what"] for r in access_records(store, client)] == ["review"]


def test_a_review_that_fails_while_reading_records_no_access(store, linked, monkeypatch):
    therapist, client = linked

    def unavailable(*args, **kwargs):
        raise RuntimeError("the wins could not be read")

    monkeypatch.setattr(type(store), "list_wins_between", unavailable)
    with pytest.raises(RuntimeError):
        review.client_review(store, therapist, client, NOW)
    assert access_records(store, client) == []
