"""Property: a week of offline entries, in any order and any split into sync batches, ends in the
same entries, summary and wins as the same entries sent one by one."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.api import ApiUser

NOW = datetime(2026, 3, 9, 20, 0, tzinfo=timezone.utc)
FIRST_DAY = date(2026, 3, 2)  # a week ending the day before NOW
_uids = itertools.count()


@pytest.fixture(scope="module")
def http(firestore_emulator):
    import os

    from stepping_stones.app import create_app
    from stepping_stones.config import Config

    saved = os.environ.get("FIREBASE_AUTH_EMULATOR_HOST")
    os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = "127.0.0.1:9099"
    app = create_app({"SETTINGS": Config.from_env().with_overrides(testing=True), "CLOCK": lambda: NOW,
                      "TESTING": True})
    yield app.test_client()
    if saved is None:
        os.environ.pop("FIREBASE_AUTH_EMULATOR_HOST", None)
    else:
        os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = saved


def operation(kind: str, slot: int, day: int, value: int) -> dict:
    on = FIRST_DAY + timedelta(days=day)
    if kind == "checkins":  # one per date, so that no order can make a different one the holder
        return {"method": "PUT", "path": f"/v1/checkins/c{day}", "body": {"local_date": on.isoformat(), "mood": value}}
    at = f"{on.isoformat()}T{8 + slot:02d}:15:00+01:00"
    if kind == "moods":
        return {"method": "PUT", "path": f"/v1/moods/m{slot}-{day}", "body": {"at": at, "rating": value}}
    if kind == "breathing":
        return {"method": "PUT", "path": f"/v1/breathing/b{slot}-{day}",
                "body": {"started_at": at, "duration_seconds": 60 * (value + 1), "technique": "box"}}
    return {"method": "PUT", "path": f"/v1/experiments/e{day}",
            "body": {"strength": "curiosity", "plan": "Say hello", "prediction": "Awkward", "planned_for": on.isoformat()}}


entries = st.lists(
    st.builds(operation, st.sampled_from(["checkins", "moods", "breathing", "experiments"]), st.integers(0, 3),
              st.integers(0, 6), st.integers(0, 10)),
    min_size=1, max_size=14, unique_by=lambda op: op["path"])


def new_client(http) -> ApiUser:
    user = ApiUser(http, f"sync-property-{next(_uids)}")
    assert user.put("/v1/me", {"display_name": "P", "timezone": "Europe/Berlin"}).status_code == 201
    return user


def outcome(user: ApiUser) -> tuple:
    timeline = user.get("/v1/timeline", limit=100).get_json()["items"]
    wins = user.get("/v1/wins", limit=100).get_json()["items"]
    return (
        sorted((item["kind"], item["id"], item["local_date"]) for item in timeline),
        user.get("/v1/summary").get_json(),
        sorted((win["id"], win["rule"], win["occurred_on"]) for win in wins),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(week=entries, data=st.data())
def test_any_order_and_any_split_into_batches_equals_one_by_one(http, week, data):
    one_by_one = new_client(http)
    for op in sorted(week, key=lambda op: op["body"].get("local_date") or op["body"].get("at")
                     or op["body"].get("started_at") or op["body"]["planned_for"]):
        assert getattr(one_by_one, op["method"].lower())(op["path"], op["body"]).status_code == 201

    shuffled = data.draw(st.permutations(week))
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(week) - 1)), max_size=3)))
    batches = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(week)], strict=False) if shuffled[a:b]]
    batched = new_client(http)
    for batch in batches:
        results = batched.post("/v1/sync", {"operations": batch}).get_json()["results"]
        assert [r["status"] for r in results] == [201] * len(batch)

    assert outcome(batched) == outcome(one_by_one)
