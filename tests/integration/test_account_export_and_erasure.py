"""Three heavy years (issue 16): exported in bounded pages at about one read a document, and erased
to the last document by a job that was killed halfway and resumed."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from stepping_stones.auth_users import delete_sign_in
from stepping_stones.config import Config
from stepping_stones.services import erasure, my_data
from stepping_stones.storage import get_store, metering
from tests.support.export_check import verify_export
from tests.support.firestore_paths import all_documents
from tests.support.heavy_history import seed_heavy_client
from tools.emulator import PROJECT_ID, FirestoreEmulator

NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
UID = "heavy-client"
KEY = Config().export_cursor_key


class Killed(Exception):
    """The worker's process died (timeout, crash, redeploy)."""


def killed_halfway(store, uid: str, total: int):
    """A time budget that kills the worker once it has deleted half of the documents."""
    def time_left() -> float:
        if store.get_erasure(uid)["deleted_documents"] >= total // 2:
            raise Killed()
        return 60.0

    return time_left


def documents_of(store, uid: str) -> list[str]:
    """Every document naming the uid, by a full listing (slow: for when few are left)."""
    return [path for path, data in all_documents(store.client) if uid in path or uid in json.dumps(data, default=str)]


def count_under(store, uid: str) -> int:
    """Documents under users/{uid}, counted with the emulator's own listing of collections and a
    count query for each (independent of the store's list of collections)."""
    user = store.client.collection("users").document(uid)
    total = 1 if user.get().exists else 0
    for collection in user.collections():
        total += collection.count().get()[0][0].value
    return total


@pytest.fixture(scope="module")
def own_emulator(firestore_emulator):
    """An emulator for this file alone, stopped after it. The emulator's store never shrinks: once it has held
    tens of thousands of documents, every query scans the room they took, emptied or not (after 20,000, a query
    and a read cost four times as much), and the worker's own emulator serves hundreds of files after this one."""
    emulator = FirestoreEmulator(project_id=PROJECT_ID).start()
    yield emulator
    emulator.stop()


@pytest.fixture
def store(own_emulator, monkeypatch):
    """The app's store on this file's emptied emulator (its client binds to the emulator named when it is made)."""
    own_emulator.clear()
    monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", own_emulator.host)
    return get_store(Config.from_env())


@pytest.fixture
def heavy_client(store):
    seed_heavy_client(store, UID, years=3)
    return UID


def test_three_heavy_years_export_in_pages_then_erase_to_nothing_across_a_crash(store, heavy_client, sign_ins):
    stored = count_under(store, heavy_client)
    assert stored > 3 * 7700

    pages, cursor, reads = [], None, []
    while True:
        with metering() as meter:
            lines = my_data.export_page(store, heavy_client, "client", NOW, cursor, KEY)
        reads.append(meter.reads)
        pages.append("".join(line + "\n" for line in lines).encode())
        trailer = json.loads(lines[-1])
        if "end" in trailer:
            break
        cursor = trailer["page"]["next_cursor"]
    records = verify_export(pages)
    assert len(records) == stored
    assert all(page.count(b"\n") <= my_data.PAGE_DOCUMENTS + 2 for page in pages)
    assert sum(reads) <= len(records) + 3 * len(pages) + 20  # about one read a document

    record = {"state": "running", "role": "client", "requested_at": NOW, "updated_at": NOW, "finished_at": None,
              "deleted_documents": 0, "chunks": 0, "links_ended": False, "lease_until": None}
    store.start_erasure(heavy_client, record)
    deleter = lambda uid: delete_sign_in(uid, None)  # noqa: E731 — the fake boundary needs no app
    with pytest.raises(Killed):
        erasure.run_erasure_job(store, heavy_client, NOW, deleter, killed_halfway(store, heavy_client, stored))
    halfway = store.get_erasure(heavy_client)
    left = count_under(store, heavy_client)
    assert halfway["state"] == "running" and 0 < halfway["deleted_documents"] < stored
    assert halfway["deleted_documents"] == stored - left  # exact after a crash

    assert erasure.resume_stalled(store, NOW + timedelta(seconds=30), deleter, lambda: 60.0) == 0  # lease held
    assert erasure.resume_stalled(store, NOW + erasure.LEASE, deleter, lambda: 60.0) == 1

    done = store.get_erasure(heavy_client)
    assert done["state"] == "done" and done["deleted_documents"] == stored
    assert documents_of(store, heavy_client) == [f"erasures/{heavy_client}"]
    assert sign_ins.deleted == [heavy_client]


def test_the_sign_in_deletion_tolerates_a_user_already_gone(sign_ins):
    assert delete_sign_in("someone", None) is True
    assert delete_sign_in("someone", None) is False
    sign_ins.fail_with = ValueError("Auth answered 500")
    with pytest.raises(ValueError):
        delete_sign_in("another", None)

