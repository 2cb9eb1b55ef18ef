"""Goals broken into micro-steps with a clear "done when", and away time that pauses streaks."""
from __future__ import annotations

import pytest

from tests.support.bodies import a_checkin


def a_goal(**extra):
    return {"title": "Feel at ease at work", "why": "Connection with colleagues", **extra}


def a_step(title="Say good morning to one colleague", position=0, **extra):
    return {"title": title, "done_when": "I said it out loud once", "position": position, **extra}


def test_a_goal_shows_its_steps_in_order_with_progress_and_the_next_step(client_with_profile):
    user = client_with_profile
    assert user.put("/v1/goals/g", a_goal()).status_code == 201
    assert user.put("/v1/goals/g/steps/late", a_step("Ask about their weekend", position=2)).status_code == 201
    assert user.put("/v1/goals/g/steps/early", a_step(position=1)).status_code == 201

    done = user.post("/v1/goals/g/steps/early/done", {"done_on": "2026-03-09", "note": "Easier than I thought"})

    assert done.status_code == 200
    goal = user.get("/v1/goals").json["items"][0]
    assert [s["id"] for s in goal["steps"]] == ["early", "late"]
    assert (goal["steps_done"], goal["steps_total"]) == (1, 2)
    assert goal["next_step"]["id"] == "late"


def test_marking_a_step_done_twice_is_harmless_and_delete_undoes_it(client_with_profile):
    user = client_with_profile
    user.put("/v1/goals/g", a_goal())
    user.put("/v1/goals/g/steps/s", a_step())
    first = user.post("/v1/goals/g/steps/s/done", {"done_on": "2026-03-09"})
    again = user.post("/v1/goals/g/steps/s/done", {"done_on": "2026-03-09"})
    assert again.json == first.json
    assert [w["rule"] for w in user.get("/v1/wins").json["items"]].count("step-done") == 1

    assert user.delete("/v1/goals/g/steps/s/done").status_code == 204
    assert user.get("/v1/goals").json["items"][0]["steps_done"] == 0
    assert user.delete("/v1/goals/g/steps/s/done").status_code == 404


def test_finishing_every_step_of_a_goal_is_a_win(client_with_profile):
    user = client_with_profile
    user.put("/v1/goals/g", a_goal())
    for step in ("a", "b"):
        user.put(f"/v1/goals/g/steps/{step}", a_step(step))
        user.post(f"/v1/goals/g/steps/{step}/done", {"done_on": "2026-03-09"})
    assert "goal-done" in [w["rule"] for w in user.get("/v1/wins").json["items"]]


def test_correcting_a_goal_keeps_its_steps_and_deleting_it_removes_them(client_with_profile):
    user = client_with_profile
    user.put("/v1/goals/g", a_goal())
    user.put("/v1/goals/g/steps/s", a_step())
    corrected = user.put("/v1/goals/g", a_goal(title="Feel at ease"))
    assert corrected.status_code == 200 and corrected.json["steps_total"] == 1
    assert user.delete("/v1/goals/g").status_code == 204
    assert user.get("/v1/goals").json["items"] == []
    assert user.delete("/v1/goals/g").status_code == 404


@pytest.mark.parametrize("path, body, field", [
    ("/v1/goals/g", {"title": "t"}, "why"),
    ("/v1/goals/g", a_goal(steps=[]), "steps"),
    ("/v1/goals/g/steps/s", {"title": "t"}, "done_when"),
    ("/v1/goals/g/steps/s", a_step(position=-1), "position"),
])
def test_invalid_goals_and_steps_are_refused_naming_the_field(client_with_profile, path, body, field):
    client_with_profile.put("/v1/goals/g", a_goal())
    response = client_with_profile.put(path, body)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


def test_steps_of_unknown_goals_are_404_and_done_dates_are_checked(client_with_profile):
    user = client_with_profile
    assert user.put("/v1/goals/nope/steps/s", a_step()).status_code == 404
    user.put("/v1/goals/g", a_goal())
    assert user.post("/v1/goals/g/steps/nope/done", {"done_on": "2026-03-09"}).status_code == 404
    user.put("/v1/goals/g/steps/s", a_step())
    assert user.post("/v1/goals/g/steps/s/done", {"done_on": "2026-03-20"}).status_code == 400


def test_away_days_neither_break_a_streak_nor_lower_adherence(client_with_profile):
    user = client_with_profile
    for on in ("2026-03-04", "2026-03-05", "2026-03-09", "2026-03-10"):
        user.put(f"/v1/checkins/c-{on}", a_checkin(on=on))
    before = user.get("/v1/summary").json

    assert user.put("/v1/me/away/trip", {"from": "2026-03-06", "to": "2026-03-08"}).status_code == 201
    after = user.get("/v1/summary").json

    assert before["checkin_streak"]["current"] == 2
    assert after["checkin_streak"]["current"] == 4
    assert after["checkin_adherence"]["last_7_days"] > before["checkin_adherence"]["last_7_days"]
    assert user.get("/v1/me/away").json["items"] == [{"id": "trip", "from": "2026-03-06", "to": "2026-03-08"}]
    assert user.delete("/v1/me/away/trip").status_code == 204
    assert user.get("/v1/summary").json["checkin_streak"]["current"] == 2


@pytest.mark.parametrize("body, field", [
    ({"from": "2026-03-08", "to": "2026-03-06"}, "from"),
    ({"from": "2026-03-08"}, "to"),
    ({"from": "2026-01-01", "to": "2027-06-01"}, "to"),
])
def test_invalid_away_time_is_refused(client_with_profile, body, field):
    response = client_with_profile.put("/v1/me/away/a", body)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]
