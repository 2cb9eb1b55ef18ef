"""GET /v1/timeline: every kind merged newest first, with cursor pagination and filters."""
from __future__ import annotations

import pytest

from tests.support.bodies import a_breathing, a_checkin, a_mood, an_experiment


@pytest.fixture
def a_week_of_entries(client_with_profile):
    user = client_with_profile
    for day in range(1, 8):
        date = f"2026-03-0{day}"
        user.put(f"/v1/checkins/c{day}", a_checkin(on=date))
        user.put(f"/v1/moods/m{day}", a_mood(at=f"{date}T09:00:00+01:00"))
        user.put(f"/v1/breathing/b{day}", a_breathing(at=f"{date}T18:00:00+01:00"))
    user.put("/v1/experiments/x", an_experiment(planned_for="2026-03-04"))
    return user


def test_the_timeline_merges_every_kind_newest_first(a_week_of_entries):
    items = a_week_of_entries.get("/v1/timeline").json["items"]

    assert len(items) == 22
    assert [(i["kind"], i["id"]) for i in items[:3]] == [("breathing", "b7"), ("mood", "m7"), ("checkin", "c7")]
    dates = [i["local_date"] for i in items]
    assert dates == sorted(dates, reverse=True)
    assert {i["kind"] for i in items} == {"checkin", "mood", "breathing", "experiment"}


def test_following_the_cursor_visits_every_entry_once(a_week_of_entries):
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        page = a_week_of_entries.get("/v1/timeline", **query).json
        seen += [(i["kind"], i["id"]) for i in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 5
    assert len(seen) == len(set(seen)) == 22


def test_the_timeline_filters_by_kind_and_local_date_range(a_week_of_entries):
    page = a_week_of_entries.get("/v1/timeline", kinds="checkin,breathing", **{"from": "2026-03-03", "to": "2026-03-05"})

    assert sorted((i["kind"], i["local_date"]) for i in page.json["items"]) == sorted(
        (kind, f"2026-03-0{d}") for kind in ("checkin", "breathing") for d in (3, 4, 5)
    )


def test_an_entry_added_between_pages_does_not_shift_the_next_page(a_week_of_entries):
    first = a_week_of_entries.get("/v1/timeline", limit=3).json
    a_week_of_entries.put("/v1/moods/new", a_mood(at="2026-03-08T10:00:00+01:00"))
    second = a_week_of_entries.get("/v1/timeline", limit=3, cursor=first["next_cursor"]).json

    assert [i["id"] for i in second["items"]] == ["b6", "m6", "c6"]


@pytest.mark.parametrize("query, field", [
    ({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"limit": "many"}, "limit"),
    ({"kinds": "checkin,dreams"}, "kinds"), ({"from": "March"}, "from"),
    ({"from": "2026-03-05", "to": "2026-03-01"}, "from"), ({"cursor": "not-a-cursor"}, "cursor"),
    ({"offset": 10}, "offset"),
])
def test_bad_timeline_arguments_are_400_naming_the_argument(client_with_profile, query, field):
    response = client_with_profile.get("/v1/timeline", **query)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


def test_an_empty_timeline_has_no_cursor(client_with_profile):
    assert client_with_profile.get("/v1/timeline").json == {"items": [], "next_cursor": None}
