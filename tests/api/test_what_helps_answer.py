"""GET /v1/me/what-helps: the rules through the API, one summary read a call, a bounded answer."""
from __future__ import annotations

import json
import logging

from tests.support.bodies import a_breathing, a_checkin

TODAY = "2026-03-10"  # the clock's date in Berlin


def practice(client, number: int, day: int, technique: str = "paced"):
    body = a_breathing(at=f"2026-03-{day:02d}T08:00:00+01:00", technique=technique, stress_before=7, stress_after=4)
    assert client.put(f"/v1/breathing/b{number}", body).status_code == 201


def test_a_technique_shows_its_stress_change_only_from_its_third_rated_practice(client_with_profile):
    practice(client_with_profile, 1, 2)
    practice(client_with_profile, 2, 3)
    [item] = client_with_profile.get("/v1/me/what-helps").json["stress_by_technique"]["items"]
    assert (item["technique"], item["needs"], item["average_drop"]) == ("paced", 1, None)
    assert item["text"].startswith("Paced breathing: 1 more practice")

    practice(client_with_profile, 3, 4)
    [item] = client_with_profile.get("/v1/me/what-helps").json["stress_by_technique"]["items"]
    assert (item["needs"], item["average_drop"]) == (0, 3.0)
    assert item["text"] == "After paced breathing, your stress rating was on average 3 points lower than before (3 practices)."


def test_a_corrected_technique_moves_the_practice_and_a_deleted_one_leaves_it(client_with_profile):
    for number, day in ((1, 2), (2, 3), (3, 4)):
        practice(client_with_profile, number, day)
    client_with_profile.put("/v1/breathing/b3", a_breathing(at="2026-03-04T08:00:00+01:00", technique="box",
                                                            stress_before=7, stress_after=4))
    items = client_with_profile.get("/v1/me/what-helps").json["stress_by_technique"]["items"]
    assert [(i["technique"], i["practices"]) for i in items] == [("box", 1), ("paced", 2)]
    assert client_with_profile.delete("/v1/breathing/b3").status_code == 204
    items = client_with_profile.get("/v1/me/what-helps").json["stress_by_technique"]["items"]
    assert [(i["technique"], i["practices"]) for i in items] == [("paced", 2)]


def test_the_answer_holds_a_mood_a_day_for_the_year_and_costs_one_summary_read(client_with_profile, caplog):
    assert client_with_profile.put("/v1/checkins/c1", a_checkin(on=TODAY, mood=6)).status_code == 201
    assert client_with_profile.put("/v1/me/away/a1", {"from": "2026-03-05", "to": "2026-03-06"}).status_code == 201
    caplog.set_level(logging.INFO, logger="stepping_stones.requests")
    response = client_with_profile.get("/v1/me/what-helps")
    days = response.json["days"]
    assert len(days) == 366 and days[0]["date"] == "2025-03-10" and days[-1] == {"date": TODAY, "mood": 6.0,
                                                                                    "away": False}
    assert [d["date"] for d in days if d["away"]] == ["2026-03-05", "2026-03-06"]
    line = [json.loads(r.getMessage()) for r in caplog.records if r.name == "stepping_stones.requests"][-1]
    assert (line["firestore"]["reads"], line["firestore"]["writes"]) == (1 + 1, 0)  # the erasure check, the summary
    assert len(response.get_data()) < 40_000


def test_what_helps_needs_a_profile_first(new_user):
    response = new_user().get("/v1/me/what-helps")
    assert response.status_code == 409 and response.json["error"]["code"] == "profile_required"
