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
