"""POST /v1/sync: a batch answers each operation as its single route would, in one read and one commit."""
from __future__ import annotations

import json
import logging

from tests.support.bodies import a_breathing, a_checkin, a_mood, an_experiment, an_outcome
from tests.support.rpc_counter import counting_rpcs


def op(method: str, path: str, body=None) -> dict:
    return {"method": method, "path": path, "body": body}


def request_lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "stepping_stones.requests"]


A_WEEK = [
    op("PUT", "/v1/checkins/c1", a_checkin(on="2026-03-02")),
    op("PUT", "/v1/moods/m1", a_mood(at="2026-03-02T09:30:00+01:00")),
    op("PUT", "/v1/breathing/b1", a_breathing(at="2026-03-03T08:00:00+01:00")),
    op("PUT", "/v1/experiments/e1", an_experiment(planned_for="2026-03-03")),
    op("PUT", "/v1/experiments/e1/outcome", an_outcome(done_on="2026-03-03")),
    op("PUT", "/v1/goals/g1", {"title": "Walk more", "why": "To feel alive"}),
    op("PUT", "/v1/goals/g1/steps/s1", {"title": "Shoes by the door", "done_when": "They are there", "position": 1}),
    op("POST", "/v1/goals/g1/steps/s1/done", {"done_on": "2026-03-04"}),
    op("PUT", "/v1/me/away/a1", {"from": "2026-03-06", "to": "2026-03-07"}),
    op("PUT", "/v1/checkins/c2", a_checkin(on="2026-03-05")),
]


def test_each_operation_gets_the_status_and_body_of_its_single_route_in_order(client_with_profile, new_user):
    response = client_with_profile.post("/v1/sync", {"operations": A_WEEK})

    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == [201, 201, 201, 201, 201, 201, 201, 200, 201, 201]
    # the same bodies, one by one, to another client, give the same answers
    single = new_user()
    single.put("/v1/me", {"display_name": "Sam", "timezone": "Europe/Berlin"})
    for operation, result in zip(A_WEEK, results, strict=False):
        alone = getattr(single, operation["method"].lower())(operation["path"], operation["body"])
        assert alone.status_code == result["status"]
        assert _without_times(alone.get_json()) == _without_times(result["body"])
    assert _without_times(single.get("/v1/summary").get_json()) == _without_times(
        client_with_profile.get("/v1/summary").get_json())


def _without_times(value):
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k not in ("created_at", "updated_at")}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def test_a_bad_operation_gets_its_own_error_and_never_fails_the_others(client_with_profile):
    operations = [
        op("PUT", "/v1/moods/m1", a_mood()),
        op("PUT", "/v1/moods/m2", a_mood(rating=11)),  # out of range: 400 naming the field
        op("PUT", "/v1/checkins/c1", a_checkin(on="2026-03-02")),
        op("PUT", "/v1/checkins/c2", a_checkin(on="2026-03-02")),  # same date: 409
        op("DELETE", "/v1/moods/nope"),  # 404
        op("PUT", "/v1/moods/bad id!", a_mood()),  # invalid id: 400
        op("PUT", "/v1/me", {"display_name": "x", "timezone": "UTC"}),  # not a syncable route
        op("POST", "/v1/moods/m3", a_mood()),  # wrong method: 405
        op("PUT", "/v1/moods/m4"),  # no body: what the single route says
        op("PUT", "/v1/breathing/b1", a_breathing()),
    ]
    results = client_with_profile.post("/v1/sync", {"operations": operations}).get_json()["results"]

    assert [r["status"] for r in results] == [201, 400, 201, 409, 404, 400, 404, 405, 415, 201]
    assert "rating" in results[1]["body"]["error"]["fields"]
    assert results[3]["body"]["error"]["code"] == "conflict"
    assert all(set(r["body"]["error"]) == {"code", "message", "fields"} for r in results if r["status"] >= 400)
    stored = sorted(i["id"] for i in client_with_profile.get("/v1/timeline").get_json()["items"])
    assert stored == ["b1", "c1", "m1"]


def test_a_batch_sent_twice_changes_nothing_the_second_time(client_with_profile):
    client_with_profile.post("/v1/sync", {"operations": A_WEEK})
    timeline = client_with_profile.get("/v1/timeline").get_json()
    wins = client_with_profile.get("/v1/wins").get_json()
    summary = client_with_profile.get("/v1/summary").get_json()

    again = client_with_profile.post("/v1/sync", {"operations": A_WEEK})

    assert [r["status"] for r in again.get_json()["results"]] == [200] * len(A_WEEK)
    assert client_with_profile.get("/v1/timeline").get_json() == timeline
    assert client_with_profile.get("/v1/wins").get_json() == wins
    assert client_with_profile.get("/v1/summary").get_json() == summary


def test_a_batch_is_one_batched_read_and_one_commit_and_a_repeat_no_commit(app, client_with_profile, monkeypatch,
                                                                           caplog):
    from stepping_stones.api.context import store

    with app.app_context():
        the_store = store()
    caplog.set_level(logging.INFO, logger="stepping_stones.requests")
    with counting_rpcs(the_store, monkeypatch) as rpcs:
        client_with_profile.post("/v1/sync", {"operations": A_WEEK})
    # one read of the caller's erasure record (for the whole batch), one of everything the batch names
    assert rpcs == {"BatchGetDocuments": 2, "Commit": 1}
    line = request_lines(caplog)[-1]
    assert line["firestore"]["reads"] == 1 + 1 + 7  # the erasure check, the summary and the 7 documents named
    with counting_rpcs(the_store, monkeypatch) as rpcs:
        client_with_profile.post("/v1/sync", {"operations": A_WEEK})
    assert rpcs == {"BatchGetDocuments": 2}


def test_the_batch_body_is_validated(client_with_profile):
    too_many = {"operations": [op("DELETE", f"/v1/moods/m{i}") for i in range(101)]}
    assert client_with_profile.post("/v1/sync", too_many).status_code == 400
    bad_method = client_with_profile.post("/v1/sync", {"operations": [op("GET", "/v1/summary")]})
    assert bad_method.status_code == 400 and "operations" in bad_method.get_json()["error"]["fields"]


def test_a_batch_over_a_commit_s_write_limit_is_committed_in_chunks_with_the_same_answers(
        app, client_with_profile, new_user, monkeypatch):
    from stepping_stones.api.context import store
    from stepping_stones.services import sync

    with app.app_context():
        the_store = store()
    whole = new_user()
    whole.put("/v1/me", {"display_name": "Sam", "timezone": "Europe/Berlin"})
    expected = whole.post("/v1/sync", {"operations": A_WEEK}).get_json()["results"]

    monkeypatch.setattr(sync, "MAX_WRITES_PER_COMMIT", 6)
    with counting_rpcs(the_store, monkeypatch) as rpcs:
        results = client_with_profile.post("/v1/sync", {"operations": A_WEEK}).get_json()["results"]

    assert rpcs["Commit"] > 1 and rpcs["Commit"] == rpcs["BatchGetDocuments"] - 1  # less the erasure check
    assert [r["status"] for r in results] == [r["status"] for r in expected]
    assert _without_times(client_with_profile.get("/v1/summary").get_json()) == _without_times(
        whole.get("/v1/summary").get_json())


def test_an_operation_that_fails_unexpectedly_is_a_500_with_its_own_error_line_and_the_others_are_kept(
        client_with_profile, monkeypatch, caplog):
    from stepping_stones.services import entries

    real = entries.build_record

    def broken_for_m2(kind, entry_id, fields, timezone_name):
        if entry_id == "m2":
            raise RuntimeError("a bug")
        return real(kind, entry_id, fields, timezone_name)

    monkeypatch.setattr(entries, "build_record", broken_for_m2)
    caplog.set_level(logging.INFO, logger="stepping_stones.requests")
    operations = [op("PUT", f"/v1/moods/m{i}", a_mood(at=f"2026-03-02T0{i}:30:00+01:00")) for i in (1, 2, 3)]
    response = client_with_profile.post("/v1/sync", {"operations": operations})

    assert [r["status"] for r in response.get_json()["results"]] == [201, 500, 201]
    assert response.headers["X-Request-Id"] in response.get_json()["results"][1]["body"]["error"]["message"]
    errors = [line for line in request_lines(caplog) if line["severity"] == "ERROR"]
    assert len(errors) == 1 and "RuntimeError" in errors[0]["stack_trace"]
    assert errors[0]["request_id"] == response.headers["X-Request-Id"]
    stored = sorted(i["id"] for i in client_with_profile.get("/v1/timeline").get_json()["items"])
    assert stored == ["m1", "m3"]


def test_a_batch_may_be_larger_than_one_body_but_each_operation_keeps_the_single_limit(client_with_profile):
    note = "n" * 990
    operations = [op("PUT", f"/v1/moods/m{i}", a_mood(at=f"2026-03-0{2 + i // 30}T09:{i:02d}:00+01:00", note=note))
                  for i in range(60)]  # about 70 KiB in all, on two days (at most 50 moods a day)
    operations.append(op("PUT", "/v1/moods/big", a_mood(note="x" * (70 * 1024))))
    response = client_with_profile.post("/v1/sync", {"operations": operations})

    assert response.status_code == 200
    statuses = [r["status"] for r in response.get_json()["results"]]
    assert statuses[:60] == [201] * 60
    assert statuses[60] in (400, 413)  # the single route refuses it too (note too long, or body too large)
