"""DELETE /v1/me answers 202 (never 503) once the erasure is recorded, and `make run`'s runner carries
a 202 erasure on to `done` with the code the deployed trigger and sweep run."""
from __future__ import annotations

import json
import time

import pytest

from stepping_stones.services import erasure
from stepping_stones.storage import Store, budget, get_store
from tests.support.bodies import a_mood
from tests.support.firestore_paths import all_documents
from tools.erasure_runner import ErasureRunner


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


def erase(user):
    return user.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=user.headers)


def documents_naming(store, uid: str) -> list[str]:
    return [path for path, data in all_documents(store.client)
            if path != f"erasures/{uid}" and (uid in path or uid in json.dumps(data, default=str))]


def with_moods(user, count: int):
    for n in range(count):
        assert user.put(f"/v1/moods/m{n}", a_mood(at=f"2026-03-0{1 + n % 8}T09:{n:02d}:00+01:00")).status_code == 201
    return user


def test_delete_answers_202_with_the_lease_free_when_deleting_outlives_the_request_budget(
        client_with_profile, store, monkeypatch):
    """As on a loaded machine: each page of deletes takes longer than the request's whole budget."""
    shift = [0.0]

    class SlowClock:
        @staticmethod
        def monotonic():
            return time.monotonic() + shift[0]

    monkeypatch.setattr(budget, "time", SlowClock)
    deleting = Store.delete_account_page

    def slow_page(self, *args, **kwargs):
        shift[0] += 30.0
        return deleting(self, *args, **kwargs)

    monkeypatch.setattr(Store, "delete_account_page", slow_page)
    response = erase(with_moods(client_with_profile, 3))
    assert response.status_code == 202, response.json
    record = store.get_erasure(client_with_profile.uid)
    assert record["state"] == erasure.RUNNING and record["lease_until"] is None


def test_a_202_erasure_is_carried_to_done_by_the_local_runner(client_with_profile, store, monkeypatch):
    monkeypatch.setattr(erasure, "WALK_LIMIT", 1)  # one document a step: the inline part cannot finish
    monkeypatch.setattr(erasure, "INLINE_SECONDS", 0.0)
    user = with_moods(client_with_profile, 4)
    assert erase(user).status_code == 202
    runner = ErasureRunner(store, lambda uid: True, interval=0.1).start()
    try:
        deadline = time.monotonic() + 120
        while store.get_erasure(user.uid)["state"] != erasure.DONE and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        runner.stop()
    assert store.get_erasure(user.uid)["state"] == erasure.DONE
    assert documents_naming(store, user.uid) == []
