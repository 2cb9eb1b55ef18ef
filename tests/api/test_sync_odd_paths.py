"""Whatever path a phone puts in a sync operation, that operation gets a 4xx, never a 500."""
from __future__ import annotations

import pytest

ODD_PATHS = [
    "abc", "/", "/v1", "/v1/moods/", "/v1/moods/%", "/v1/moods/a b", "/v1/moods/%zz", "http://example.com/v1/moods/x",
    "http://x:badport/", "/v1/moods/x?y=1", "/v1/moods/x#frag", "/v1/moods/\x00", "/v1/moods/\ud800", "/v1/moods/ü",
    "//v1/moods/x", "/v1/moods/" + "x" * 400, "/v1/sync", "/v1/me/away", "/v1/goals/g/steps/s/done/extra",
    "/v1/moods/__x__", "/v1/moods/..",
]


@pytest.mark.parametrize("path", ODD_PATHS)
def test_an_odd_path_is_answered_with_a_4xx_for_that_operation_only(client_with_profile, path):
    operations = [{"method": "PUT", "path": path, "body": {"at": "2026-03-02T09:30:00+01:00", "rating": 5}},
                  {"method": "DELETE", "path": path, "body": None}]
    response = client_with_profile.post("/v1/sync", {"operations": operations})

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        for result in response.get_json()["results"]:
            assert 400 <= result["status"] < 500 or result["status"] in (200, 201, 204), result
            if result["status"] >= 400:
                assert set(result["body"]["error"]) == {"code", "message", "fields"}


# Paths the router would redirect (an empty segment, a slash too many or too few) or that carry more than a path:
# none matches a route exactly, so each is that operation's 404, whatever the others hold.
NOT_EXACTLY_A_ROUTE = [
    "/v1//moods/m2", "/v1/moods//x", "//v1/moods/x", "/v1/moods/x/", "/v1/me/away/a1/", "/v1/goals//steps/s",
    "/v1/goals/g/steps/s/done/", "/v1/experiments/x//outcome", "/v1/moods/x?y=1", "/v1/moods/x#frag",
]


@pytest.mark.parametrize("path", NOT_EXACTLY_A_ROUTE)
def test_a_path_that_is_not_exactly_a_route_is_a_404_for_that_operation_and_the_others_are_kept(
        client_with_profile, path):
    operations = [{"method": "PUT", "path": path, "body": {"at": "2026-03-02T09:30:00+01:00", "rating": 5}},
                  {"method": "PUT", "path": "/v1/moods/kept", "body": {"at": "2026-03-02T10:30:00+01:00", "rating": 6}}]
    response = client_with_profile.post("/v1/sync", {"operations": operations})

    assert response.status_code == 200
    odd, kept = response.get_json()["results"]
    assert odd["status"] == 404 and odd["body"]["error"]["code"] == "not_found", odd
    assert kept["status"] == 201


def test_an_exception_reading_one_operation_stays_that_operations_answer_and_the_others_are_kept(
        client_with_profile, monkeypatch):
    from stepping_stones.api import sync as sync_api

    real_reads = sync_api._reads

    def reads_with_a_bug(endpoint_name, args):
        if args.get("entry_id") == "broken":
            raise RuntimeError("a bug reading this operation")
        return real_reads(endpoint_name, args)

    monkeypatch.setattr(sync_api, "_reads", reads_with_a_bug)
    operations = [{"method": "PUT", "path": "/v1/moods/broken", "body": {"at": "2026-03-02T09:30:00+01:00", "rating": 5}},
                  {"method": "PUT", "path": "/v1/moods/kept", "body": {"at": "2026-03-02T10:30:00+01:00", "rating": 6}}]
    response = client_with_profile.post("/v1/sync", {"operations": operations})

    assert response.status_code == 200
    broken, kept = response.get_json()["results"]
    assert broken["status"] == 500 and set(broken["body"]["error"]) == {"code", "message", "fields"}
    assert kept["status"] == 201
