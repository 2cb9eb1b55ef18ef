"""Every collection a client can grow has a bound: past it, adding one more is a 409 naming it, per item in a
batch; correcting what exists is always allowed."""
from __future__ import annotations

import pytest

from stepping_stones.domain import bounds, limits
from stepping_stones.domain.bounds import Bound
from tests.support.bodies import a_breathing, a_mood, an_experiment


def op(method, path, body=None):
    return {"method": method, "path": path, "body": body}


def assert_limit_named(result_status, body, name):
    assert result_status == 409, body
    assert body["error"]["code"] == "limit_reached"
    assert name in body["error"]["fields"], body


def fill(user, operations):
    for start in range(0, len(operations), 100):
        results = user.post("/v1/sync", {"operations": operations[start:start + 100]}).get_json()["results"]
        assert all(result["status"] in (200, 201) for result in results), results[:3]


def step(i, title="Step"):
    return {"title": f"{title} {i}", "done_when": "Done", "position": i}


def test_a_goal_at_its_step_bound_refuses_a_new_step_and_still_takes_corrections_and_done_marks(client_with_profile):
    user = client_with_profile
    user.put("/v1/goals/g", {"title": "Walk", "why": "Energy"})
    fill(user, [op("PUT", f"/v1/goals/g/steps/s{i}", step(i)) for i in range(bounds.STEPS_PER_GOAL.limit)])

    refused = user.put("/v1/goals/g/steps/one-more", step(99))
    corrected = user.put("/v1/goals/g/steps/s0", step(0, title="Better words"))
    done = user.post("/v1/goals/g/steps/s1/done", {"done_on": "2026-03-09"})

    assert_limit_named(refused.status_code, refused.json, "steps")
    assert corrected.status_code == 200 and corrected.json["title"] == "Better words 0"
    assert done.status_code == 200 and done.json["done_on"] == "2026-03-09"
    assert user.get("/v1/goals").json["items"][0]["steps_total"] == bounds.STEPS_PER_GOAL.limit


def test_a_step_change_answers_with_the_step_not_its_goal(client_with_profile):
    user = client_with_profile
    user.put("/v1/goals/g", {"title": "Walk", "why": "Energy"})
    user.put("/v1/goals/g/steps/a", step(0))

    created = user.put("/v1/goals/g/steps/b", step(1))
    done = user.post("/v1/goals/g/steps/b/done", {"done_on": "2026-03-09", "note": "Easy"})
    goal = user.put("/v1/goals/g", {"title": "Walk more", "why": "Energy"})

    assert created.status_code == 201 and created.json["id"] == "b" and "steps" not in created.json
    assert done.json == {**created.json, "done_on": "2026-03-09", "note": "Easy"}
    assert "steps" not in goal.json and goal.json["steps_total"] == 2 and goal.json["next_step"]["id"] == "a"
    assert user.delete("/v1/goals/g/steps/a").status_code == 204


def test_a_day_at_its_mood_bound_refuses_a_new_mood_and_in_a_batch_only_that_item_fails(client_with_profile):
    user = client_with_profile
    limit = bounds.MOODS_PER_DAY.limit
    fill(user, [op("PUT", f"/v1/moods/m{i}", a_mood(at=f"2026-03-02T09:{i % 60:02d}:00+01:00")) for i in range(limit)])

    results = user.post("/v1/sync", {"operations": [
        op("PUT", "/v1/moods/one-more", a_mood(at="2026-03-02T20:00:00+01:00")),
        op("PUT", "/v1/moods/m0", a_mood(at="2026-03-02T09:00:00+01:00", rating=8)),
        op("PUT", "/v1/moods/next-day", a_mood(at="2026-03-03T09:00:00+01:00")),
        op("PUT", "/v1/moods/m1", a_mood(at="2026-03-03T09:01:00+01:00")),  # moved to another day: fine
    ]}).get_json()["results"]

    assert_limit_named(results[0]["status"], results[0]["body"], "moods")
    assert [result["status"] for result in results[1:]] == [200, 201, 200]
    assert user.get("/v1/moods/one-more").status_code == 404


def test_a_day_at_its_breathing_bound_refuses_a_new_practice_and_one_moved_onto_it(client_with_profile):
    user = client_with_profile
    limit = bounds.BREATHING_PER_DAY.limit
    fill(user, [op("PUT", f"/v1/breathing/b{i}", a_breathing(at=f"2026-03-02T{8 + i:02d}:00:00+01:00"))
                for i in range(limit)])
    user.put("/v1/breathing/elsewhere", a_breathing(at="2026-03-04T08:00:00+01:00"))

    refused = user.put("/v1/breathing/one-more", a_breathing(at="2026-03-02T23:00:00+01:00"))
    moved = user.put("/v1/breathing/elsewhere", a_breathing(at="2026-03-02T23:30:00+01:00"))
    corrected = user.put("/v1/breathing/b0", a_breathing(at="2026-03-02T08:00:00+01:00", seconds=600))

    assert_limit_named(refused.status_code, refused.json, "breathing")
    assert_limit_named(moved.status_code, moved.json, "breathing")
    assert corrected.status_code == 200


def test_a_day_at_its_experiment_bound_refuses_a_new_experiment_and_still_takes_outcomes(client_with_profile):
    user = client_with_profile
    limit = bounds.EXPERIMENTS_PER_DAY.limit
    fill(user, [op("PUT", f"/v1/experiments/x{i}", an_experiment(planned_for="2026-03-08")) for i in range(limit)])

    refused = user.put("/v1/experiments/one-more", an_experiment(planned_for="2026-03-08"))
    outcome = user.put("/v1/experiments/x0/outcome", {"done_on": "2026-03-08", "what_happened": "Went well",
                                                      "outcome_rating": 7})
    other_day = user.put("/v1/experiments/one-more", an_experiment(planned_for="2026-03-09"))

    assert_limit_named(refused.status_code, refused.json, "experiments")
    assert outcome.status_code == 201 and other_day.status_code == 201


@pytest.fixture
def small_bounds(monkeypatch):
    """The account-wide bounds at 3, so reaching them takes three requests (their sizes: tests/unit)."""
    for name in ("GOALS", "AWAY_PERIODS", "EXPERIMENTS"):
        monkeypatch.setattr(limits, name, Bound(getattr(bounds, name).name, 3, "account", "test"))


def test_an_account_at_its_goal_bound_refuses_a_new_goal_and_takes_corrections(client_with_profile, small_bounds):
    user = client_with_profile
    fill(user, [op("PUT", f"/v1/goals/g{i}", {"title": "Walk", "why": "Energy"}) for i in range(3)])

    refused = user.put("/v1/goals/one-more", {"title": "Swim", "why": "Joy"})
    corrected = user.put("/v1/goals/g0", {"title": "Walk daily", "why": "Energy"})
    user.delete("/v1/goals/g1")
    after_delete = user.put("/v1/goals/one-more", {"title": "Swim", "why": "Joy"})

    assert_limit_named(refused.status_code, refused.json, "goals")
    assert corrected.status_code == 200 and after_delete.status_code == 201


def test_an_account_at_its_away_bound_refuses_a_new_period_and_takes_corrections(client_with_profile, small_bounds):
    user = client_with_profile
    fill(user, [op("PUT", f"/v1/me/away/a{i}", {"from": f"2026-02-0{i + 1}", "to": f"2026-02-0{i + 1}"})
                for i in range(3)])

    refused = user.put("/v1/me/away/one-more", {"from": "2026-02-20", "to": "2026-02-21"})
    corrected = user.put("/v1/me/away/a0", {"from": "2026-02-01", "to": "2026-02-02"})

    assert_limit_named(refused.status_code, refused.json, "away_periods")
    assert corrected.status_code == 200


def test_an_account_at_its_experiment_bound_refuses_a_new_one_on_any_day(client_with_profile, small_bounds):
    user = client_with_profile
    fill(user, [op("PUT", f"/v1/experiments/x{i}", an_experiment(planned_for=f"2026-03-0{i + 1}")) for i in range(3)])

    refused = user.put("/v1/experiments/one-more", an_experiment(planned_for="2026-03-09"))
    corrected = user.put("/v1/experiments/x0", an_experiment(planned_for="2026-03-01", plan="Smile first"))

    assert_limit_named(refused.status_code, refused.json, "experiments")
    assert corrected.status_code == 200


def test_an_account_at_its_device_bound_refuses_a_new_device_and_refreshes_a_known_one(client_with_profile):
    user = client_with_profile
    device = {"fcm_token": "token", "platform": "web"}
    for i in range(bounds.DEVICES.limit):
        assert user.put(f"/v1/devices/d{i}", {**device, "fcm_token": f"token-{i}"}).status_code == 201

    refused = user.put("/v1/devices/one-more", {**device, "fcm_token": "token-new"})
    refreshed = user.put("/v1/devices/d0", {**device, "fcm_token": "token-0"})

    assert_limit_named(refused.status_code, refused.json, "devices")
    assert refreshed.status_code == 200


def test_the_largest_answer_a_sync_item_can_give_fits_the_documented_item_bound(client_with_profile):
    from stepping_stones.schemas.sync import MAX_RESULT_BODY_BYTES

    worst = "\x01"  # a control character: a 6-byte escape in JSON, the most any character costs
    plan = an_experiment(planned_for="2026-03-08", strength="custom:" + "x" * 60, plan=worst * 1000,
                         prediction=worst * 1000)
    user = client_with_profile
    user.put("/v1/experiments/x", plan)
    user.put("/v1/experiments/x/outcome", {"done_on": "2026-03-09", "what_happened": worst * 2000, "outcome_rating": 7,
                                           **{name: worst * 2000 for name in ("sensations", "thoughts", "learned")}})

    response = user.post("/v1/sync", {"operations": [op("PUT", "/v1/experiments/x", plan)]})

    [result] = response.get_json()["results"]
    assert result["status"] == 200 and result["body"]["outcome"]["learned"] == worst * 2000
    body_bytes = len(response.get_data()) - len('{"results":[{"status":200,"body":}]}')
    assert 60_000 < body_bytes <= MAX_RESULT_BODY_BYTES


def test_goals_are_listed_a_bounded_page_at_a_time_and_every_goal_is_reached(client_with_profile):
    user = client_with_profile
    fill(user, [op("PUT", f"/v1/goals/g{i:02d}", {"title": "Walk", "why": "Energy"}) for i in range(12)])

    first = user.get("/v1/goals").json
    second = user.get("/v1/goals", cursor=first["next_cursor"]).json

    assert len(first["items"]) == 10 and second["next_cursor"] is None
    assert [goal["id"] for goal in first["items"] + second["items"]] == [f"g{i:02d}" for i in range(12)]
    assert user.get("/v1/goals", limit=11).status_code == 400


def test_experiments_are_listed_a_bounded_page_at_a_time_newest_first(client_with_profile):
    user = client_with_profile
    fill(user, [op("PUT", f"/v1/experiments/x{i}", an_experiment(planned_for=f"2026-03-0{1 + i % 9}"))
                for i in range(12)])

    first = user.get("/v1/experiments", limit=5).json
    rest = user.get("/v1/experiments", limit=10, cursor=first["next_cursor"]).json

    planned = [item["planned_for"] for item in first["items"] + rest["items"]]
    assert len(first["items"]) == 5 and rest["next_cursor"] is None
    assert len(planned) == 12 and planned == sorted(planned, reverse=True)


def test_answers_are_utf8_so_an_emoji_costs_4_bytes_not_a_12_byte_escape(client_with_profile):
    response = client_with_profile.put("/v1/moods/m", a_mood(note="\U0001F600" * 10))

    assert response.status_code == 201
    assert "\U0001F600".encode() * 10 in response.get_data() and b"\\ud83d" not in response.get_data()
