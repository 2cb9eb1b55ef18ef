"""A hung or stopped database: every request answers 503 with Retry-After within its budget.

These tests start an emulator of their own, so pausing (SIGSTOP) and stopping it stalls nothing else.
"""
from __future__ import annotations

import os
import signal
import time

import pytest

from tests.support.api import ApiUser
from tests.support.bodies import a_mood, a_profile
from tools.emulator import PROJECT_ID, FirestoreEmulator

BUDGET = 2.0  # seconds: a short budget keeps the test quick; production uses config's 10 s
SLACK = 0.5  # the test client's own overhead on a shared machine


@pytest.fixture(scope="module")
def own_emulator(firestore_emulator):
    emulator = FirestoreEmulator(project_id=PROJECT_ID).start()
    yield emulator
    emulator.stop()


@pytest.fixture(scope="module")
def phone(own_emulator):
    """A client of an app whose store talks to `own_emulator`, with a 2 s request budget."""
    from stepping_stones.app import create_app
    from stepping_stones.config import Config
    from stepping_stones.storage import get_store

    saved = {key: os.environ.get(key) for key in ("FIRESTORE_EMULATOR_HOST", "FIREBASE_AUTH_EMULATOR_HOST")}
    os.environ["FIRESTORE_EMULATOR_HOST"] = own_emulator.host  # the client binds to it when created
    os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = "127.0.0.1:9099"
    try:  # the worker's later files talk to its own emulator again, even when this setup fails
        relaxed = Config.from_env().with_overrides(testing=True)
        get_store(relaxed)
        setup = ApiUser(create_app({"SETTINGS": relaxed, "TESTING": True}).test_client(), "deadline-client")
        assert setup.put("/v1/me", a_profile()).status_code == 201  # the emulator's first calls are slow
        tight = relaxed.with_overrides(request_budget_seconds=BUDGET, firestore_call_timeout_seconds=1.0)
        yield ApiUser(create_app({"SETTINGS": tight, "TESTING": True}).test_client(), setup.uid)
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _assert_retry_later(response, elapsed):
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    error = response.get_json()["error"]
    assert error["code"] == "unavailable" and "retry" in error["message"].lower()
    assert elapsed < BUDGET + SLACK


def test_a_paused_database_gets_503_with_retry_after_within_the_budget_and_nothing_half_written(phone, own_emulator):
    os.killpg(own_emulator._process.pid, signal.SIGSTOP)
    try:
        put, put_elapsed = _timed(lambda: phone.put("/v1/moods/m-paused", a_mood()))
        summary, summary_elapsed = _timed(lambda: phone.get("/v1/summary"))
    finally:
        os.killpg(own_emulator._process.pid, signal.SIGCONT)
    _assert_retry_later(put, put_elapsed)
    _assert_retry_later(summary, summary_elapsed)
    assert phone.get("/v1/moods/m-paused").status_code == 404  # the refused write left nothing behind
    assert phone.put("/v1/moods/m-paused", a_mood()).status_code == 201  # and the phone's retry works
    assert [item["id"] for item in phone.get("/v1/timeline").get_json()["items"]] == ["m-paused"]


def test_a_stopped_database_gets_503_with_retry_after_within_the_budget(phone, own_emulator):
    own_emulator.stop()
    put, put_elapsed = _timed(lambda: phone.put("/v1/moods/m-stopped", a_mood()))
    summary, summary_elapsed = _timed(lambda: phone.get("/v1/summary"))
    _assert_retry_later(put, put_elapsed)
    _assert_retry_later(summary, summary_elapsed)
