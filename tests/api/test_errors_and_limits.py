"""One JSON error shape for every failure: bad bodies, sizes, routes, methods, tokens and roles."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.bodies import a_checkin
from tests.support.tokens import mint_emulator_token


def assert_error_shape(response, status: int, code: str | None = None):
    assert response.status_code == status
    assert response.is_json, response.data[:200]
    error = response.json["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code


def test_a_non_json_body_is_415(client_with_profile):
    response = client_with_profile.http.put(
        "/v1/checkins/a", data="mood=5", headers={**client_with_profile.headers, "Content-Type": "text/plain"}
    )
    assert_error_shape(response, 415, "unsupported_media_type")


def test_malformed_json_is_400(client_with_profile):
    response = client_with_profile.http.put(
        "/v1/checkins/a", data="{mood: 5", headers={**client_with_profile.headers, "Content-Type": "application/json"}
    )
    assert_error_shape(response, 400, "validation_failed")


@pytest.mark.parametrize("body", [[1, 2], "text", 5, None])
def test_a_json_body_that_is_not_an_object_is_400(client_with_profile, body):
    response = client_with_profile.http.put(
        "/v1/checkins/a", data=json.dumps(body), headers={**client_with_profile.headers, "Content-Type": "application/json"}
    )
    assert_error_shape(response, 400)


def test_a_body_over_64_kib_is_413(client_with_profile):
    response = client_with_profile.put("/v1/checkins/a", a_checkin(note="x" * (65 * 1024)))
    assert_error_shape(response, 413, "payload_too_large")


def test_an_unknown_route_is_a_json_404(http):
    assert_error_shape(http.get("/v1/nothing-here"), 404, "not_found")
    assert_error_shape(http.get("/"), 404, "not_found")


def test_a_wrong_method_is_a_json_405_with_allow(http):
    response = http.post("/v1/me", json={})
    assert_error_shape(response, 405, "method_not_allowed")
    assert "PUT" in response.headers["Allow"]


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer", "Bearer ", "Bearer not.a.token", "Bearer a.b"])
def test_a_missing_or_malformed_token_is_401(http, header):
    headers = {"Authorization": header} if header is not None else {}
    assert_error_shape(http.get("/v1/me", headers=headers), 401, "unauthenticated")


def test_an_expired_token_is_401(http):
    token = mint_emulator_token("someone", "client", expires_in=-60)
    assert_error_shape(http.get("/v1/me", headers={"Authorization": f"Bearer {token}"}), 401)


def test_a_token_for_another_project_is_401(http):
    token = mint_emulator_token("someone", "client", project_id="demo-other-project")
    assert_error_shape(http.get("/v1/me", headers={"Authorization": f"Bearer {token}"}), 401)


def test_authentication_is_checked_before_the_body(http):
    response = http.put("/v1/checkins/a", data="garbage", headers={"Content-Type": "text/plain"})
    assert_error_shape(response, 401)


@pytest.mark.parametrize("method, path", [
    ("get", "/v1/me"), ("put", "/v1/me"), ("put", "/v1/checkins/a"), ("get", "/v1/timeline"), ("get", "/v1/experiments"),
])
def test_a_therapist_token_on_a_client_route_is_403(new_user, method, path):
    therapist = new_user("therapist")
    assert_error_shape(getattr(therapist, method)(path), 403, "forbidden")


def test_a_token_without_a_role_is_a_client_and_never_a_therapist(http):
    headers = {"Authorization": f"Bearer {mint_emulator_token('someone-new', role=None)}"}
    assert http.put("/v1/me", json={"display_name": "New", "timezone": "Europe/Berlin"}, headers=headers).status_code == 201
    assert_error_shape(http.post("/v1/invites", headers=headers), 403)


def test_a_token_with_an_unknown_role_is_403(http):
    token = mint_emulator_token("someone", role="admin")
    assert_error_shape(http.get("/v1/me", headers={"Authorization": f"Bearer {token}"}), 403)


# What phones really send besides ordinary text: half an emoji (a lone surrogate, after JavaScript's
# .slice()), NUL, and instants or dates from a reset clock or a typo, far outside the documented range.
odd_text = (
    st.text(max_size=30)
    | st.builds(lambda a, b, c: a + c + b, st.text(max_size=8), st.text(max_size=8),
                st.sampled_from(["\ud800", "\udfff", "\ud83d", "\x00"]))
)
extreme_moments = st.builds(
    lambda year, offset, date_only: f"{year:04d}-01-01" if date_only else f"{year:04d}-12-31T23:59:59{offset}",
    st.sampled_from([1, 1900, 1969, 1970, 1999, 2000, 2026, 2100, 2101, 9999]),
    st.sampled_from(["+14:00", "-12:00", "Z", "+00:00", "-00:30"]),
    st.booleans(),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | odd_text | extreme_moments,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)
field_names = st.sampled_from(
    ["local_date", "mood", "energy", "sleep_hours", "note", "at", "rating", "emotions", "started_at",
     "duration_seconds", "technique", "strength", "plan", "prediction", "prediction_rating", "planned_for", "done_on",
     "display_name", "timezone", "quiet_hours", "reminder_time", "outcome_rating", "title", "why", "done_when", "position",
     "from", "to", "code", "share_notes", "note", "confirm", "fcm_token", "platform", "app_version",
     "notifications", "digest", "x"]
)


def routes_with_bodies():
    """(method, rule, role) of every route whose contract takes a body: a new one is fuzzed too."""
    from stepping_stones.app import create_app
    from stepping_stones.config import Config

    app = create_app({"SETTINGS": Config()})
    return sorted(
        (method, rule.rule, contract.role)
        for rule in app.url_map.iter_rules()
        if (contract := getattr(app.view_functions[rule.endpoint], "__contract__", None)) and contract.body
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if not (method == "DELETE" and rule.rule == "/v1/me")  # erasure: fuzzing it would erase the fixture
    )


@pytest.fixture
def fuzz_users(client_with_profile, new_user):
    therapist = new_user("therapist")
    therapist.put("/v1/therapist/profile", {"display_name": "T", "timezone": "Europe/Berlin"})
    client_with_profile.put("/v1/experiments/x1", {"strength": "hope", "plan": "p", "prediction": "q",
                                                   "planned_for": "2026-03-08"})
    client_with_profile.put("/v1/goals/x1", {"title": "t", "why": "w"})
    client_with_profile.put("/v1/goals/x1/steps/x1", {"title": "t", "done_when": "d"})
    return {"client": client_with_profile, "therapist": therapist, "any": client_with_profile}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(routes_with_bodies()),
       body=st.dictionaries(field_names, json_values, max_size=8) | json_values)
def test_no_body_of_any_shape_yields_a_500_on_any_route(fuzz_users, route, body):
    import re

    method, rule, role = route
    user = fuzz_users[role]
    valid = {"client_uid": user.uid, "day": "2026-03-01", "win_id": "first-entry:checkin"}
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: valid.get(m.group(1), "x1"), rule)
    response = getattr(user.http, method.lower())(path, json=body, headers=user.headers)
    assert response.status_code < 500, (route, response.json)
    assert response.is_json or response.status_code == 204


def routes_with_ids():
    import re

    from stepping_stones.app import create_app
    from stepping_stones.config import Config

    app = create_app({"SETTINGS": Config()})
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        names = re.findall(r"<(?:\w+:)?(\w+)>", rule.rule)
        role = getattr(app.view_functions[rule.endpoint], "__contract__", None)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for name in names:
                yield pytest.param(method, rule.rule, name, role.role, id=f"{method} {rule.rule} {name}")


@pytest.mark.parametrize("bad_id", ["__reserved__", "..", ".", "a" * 300])
@pytest.mark.parametrize("method, rule, name, role", list(routes_with_ids()))
def test_an_id_firestore_cannot_store_is_a_400_on_every_route(new_user, method, rule, name, role, bad_id):
    import re

    user = new_user("therapist" if role == "therapist" else "client")
    valid = {"day": "2026-03-01", "win_id": "first-entry:checkin", "measure": "phq9"}
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: bad_id if m.group(1) == name else valid.get(m.group(1), "x1"), rule)
    response = getattr(user.http, method.lower())(path, json={} if method != "GET" else None, headers=user.headers)
    assert_error_shape(response, 400)
    assert list(response.json["error"]["fields"]) == [name]
