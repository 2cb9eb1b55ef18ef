"""Bounded input: odd strings, extreme dates, deep JSON and long tokens are a 400 naming the field, never a 500."""
from __future__ import annotations

import json

import pytest

from tests.support.bodies import a_breathing, a_checkin, a_mood, a_profile, an_experiment, an_outcome


def raw_put(user, path: str, text: str, method: str = "put"):
    """Send JSON text as is, so escapes such as \\ud800 reach the server unchanged."""
    return getattr(user.http, method)(path, data=text, headers={**user.headers, "Content-Type": "application/json"})


def assert_400_naming(response, *names: str):
    assert response.status_code == 400, (response.status_code, response.data[:300])
    fields = response.json["error"]["fields"]
    for name in names:
        assert name in fields, fields


LONE_SURROGATE = '"x\\ud800y"'
NUL = '"x\\u0000y"'


@pytest.mark.parametrize("bad", [LONE_SURROGATE, NUL], ids=["lone surrogate", "NUL"])
@pytest.mark.parametrize("path, body, field", [
    ("/v1/moods/m1", {"at": "2026-03-02T09:30:00+01:00", "rating": 5}, "note"),
    ("/v1/checkins/c1", {"local_date": "2026-03-02", "mood": 5}, "went_well"),
    ("/v1/experiments/x1", an_experiment(), "plan"),
    ("/v1/me", {"timezone": "Europe/Berlin"}, "display_name"),
    ("/v1/goals/g1", {"why": "w"}, "title"),
    ("/v1/devices/d1", {"platform": "ios"}, "fcm_token"),
])
def test_a_lone_surrogate_or_nul_in_a_string_field_is_a_400_naming_it(client_with_profile, path, body, field, bad):
    text = json.dumps(body)[:-1] + f', "{field}": {bad}}}'
    assert_400_naming(raw_put(client_with_profile, path, text), field)


def test_a_lone_surrogate_in_a_nested_field_names_its_parent(client_with_profile):
    text = '{"display_name": "Sam", "timezone": "Europe/Berlin", "quiet_hours": {"start": "22:00", "end": "x\\udc00"}}'
    response = raw_put(client_with_profile, "/v1/me", text)
    assert_400_naming(response, "quiet_hours")
    assert "end" in response.json["error"]["fields"]["quiet_hours"]


def test_a_lone_surrogate_in_a_list_item_is_a_400(client_with_profile):
    text = '{"at": "2026-03-02T09:30:00+01:00", "rating": 5, "emotions": ["calm", "\\ud83d"]}'
    assert_400_naming(raw_put(client_with_profile, "/v1/moods/m1", text), "emotions")


def test_a_lone_surrogate_in_a_field_name_is_a_400(client_with_profile):
    text = '{"local_date": "2026-03-02", "mood": 5, "x\\ud800": 1}'
    assert_400_naming(raw_put(client_with_profile, "/v1/checkins/c1", text), "_body")


def test_nothing_is_stored_after_a_refused_surrogate(client_with_profile):
    text = '{"fcm_token": "tok\\ud800", "platform": "ios"}'
    assert raw_put(client_with_profile, "/v1/devices/d1", text).status_code == 400
    # nothing was written: registering the device now creates it (201), it does not refresh it (200)
    assert client_with_profile.put("/v1/devices/d1", {"fcm_token": "tok", "platform": "ios"}).status_code == 201


@pytest.mark.parametrize("query", [{"cursor": "a\x00b"}, {"kinds": "mood\x00"}, {"from": "2026-03-01\x00"}])
def test_a_nul_in_a_query_string_is_a_400_naming_the_parameter(client_with_profile, query):
    (name,) = query
    assert_400_naming(client_with_profile.get("/v1/timeline", **query), name)


def test_a_nul_in_a_path_id_is_a_400_naming_the_parameter(client_with_profile):
    assert_400_naming(client_with_profile.get("/v1/checkins/a%00b"), "entry_id")


def test_a_surrogate_in_a_path_id_never_reaches_storage(client_with_profile):
    # Percent-encoded lone surrogates are not UTF-8: the router decodes them to U+FFFD, outside the id pattern.
    assert_400_naming(client_with_profile.get("/v1/checkins/a%ED%A0%80b"), "entry_id")


# -- dates and instants -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, body, field", [
    ("/v1/breathing/b1", a_breathing(at="0001-01-01T00:00:00+14:00"), "started_at"),
    ("/v1/breathing/b1", a_breathing(at="9999-12-31T23:59:59-12:00"), "started_at"),
    ("/v1/moods/m1", a_mood(at="0001-01-01T00:00:00-00:30"), "at"),
    ("/v1/moods/m1", a_mood(at="1999-12-31T23:59:59+00:00"), "at"),
    ("/v1/checkins/c1", a_checkin(on="1900-01-01"), "local_date"),
    ("/v1/checkins/c1", a_checkin(on="0001-01-01"), "local_date"),
    ("/v1/experiments/x1", an_experiment(planned_for="1999-12-31"), "planned_for"),
    ("/v1/goals/g1", {"title": "t", "why": "w", "target_date": "9999-12-31"}, "target_date"),
    ("/v1/goals/g1", {"title": "t", "why": "w", "target_date": "1970-01-01"}, "target_date"),
    ("/v1/me/away/a1", {"from": "0001-01-01", "to": "0001-01-02"}, "from"),
    ("/v1/me/away/a1", {"from": "9999-12-30", "to": "9999-12-31"}, "to"),
])
def test_dates_and_instants_outside_the_documented_bounds_are_a_400(client_with_profile, path, body, field):
    assert_400_naming(client_with_profile.put(path, body), field)


def test_a_step_due_date_and_done_date_are_bounded(client_with_profile):
    user = client_with_profile
    assert user.put("/v1/goals/g1", {"title": "t", "why": "w"}).status_code == 201
    assert_400_naming(user.put("/v1/goals/g1/steps/s1", {"title": "t", "done_when": "d", "due_on": "0001-01-01"}),
                      "due_on")
    assert user.put("/v1/goals/g1/steps/s1", {"title": "t", "done_when": "d"}).status_code == 201
    assert_400_naming(user.post("/v1/goals/g1/steps/s1/done", {"done_on": "1900-01-01"}), "done_on")


def test_an_outcome_date_is_bounded(client_with_profile):
    assert client_with_profile.put("/v1/experiments/x1", an_experiment()).status_code == 201
    assert_400_naming(client_with_profile.put("/v1/experiments/x1/outcome", an_outcome(done_on="0001-01-01")),
                      "done_on")


def test_the_earliest_documented_date_is_accepted(client_with_profile):
    response = client_with_profile.put("/v1/checkins/c1", a_checkin(on="2000-01-01"))
    assert response.status_code == 201, response.json
    assert client_with_profile.put("/v1/moods/m1", a_mood(at="2000-01-01T00:00:00+14:00")).status_code == 201


def test_a_session_date_in_the_address_is_bounded(client_with_profile, new_user):
    from tests.support.therapy import link

    therapist = new_user("therapist")
    link(client_with_profile, therapist)
    response = therapist.put(f"/v1/clients/{client_with_profile.uid}/sessions/0001-01-01", {"note": "n"})
    assert_400_naming(response, "day")


@pytest.mark.parametrize("query, field", [
    ({"from": "0001-01-01", "to": "9999-12-31"}, "from"),
    ({"to": "9999-12-31"}, "to"),
    ({"from": "2026-03-05", "to": "2026-03-01"}, "from"),
])
def test_timeline_query_dates_are_bounded_and_ordered(client_with_profile, query, field):
    assert_400_naming(client_with_profile.get("/v1/timeline", **query), field)


def test_wins_since_is_bounded(client_with_profile):
    assert_400_naming(client_with_profile.get("/v1/wins", since="0001-01-01"), "since")


@pytest.mark.parametrize("query, field", [
    ({"since": "0001-01-01", "until": "9999-12-31"}, "since"),
    ({"until": "9999-12-31"}, "until"),
    ({"since": "2026-03-05", "until": "2026-03-01"}, "since"),
])
def test_review_and_client_entries_query_dates_are_bounded_and_ordered(client_with_profile, new_user, query, field):
    from tests.support.therapy import link

    therapist = new_user("therapist")
    link(client_with_profile, therapist)
    assert_400_naming(therapist.get(f"/v1/clients/{client_with_profile.uid}/review", **query), field)
    entries_query = {{"since": "from", "until": "to"}[k]: v for k, v in query.items()}
    assert_400_naming(therapist.get(f"/v1/clients/{client_with_profile.uid}/entries", **entries_query),
                      {"since": "from", "until": "to"}[field])


# -- sizes and depth ---------------------------------------------------------------------------------------------

def test_a_2000_character_fcm_token_is_a_400_and_nothing_is_stored(client_with_profile):
    user = client_with_profile
    response = user.put("/v1/devices/d1", {"fcm_token": "t" * 2000, "platform": "android"})
    assert_400_naming(response, "fcm_token")
    # nothing was written: registering the device now creates it (201), it does not refresh it (200)
    assert user.put("/v1/devices/d1", {"fcm_token": "t" * 100, "platform": "android"}).status_code == 201


def test_the_longest_documented_fcm_token_is_stored_and_looked_up(client_with_profile, new_user):
    from stepping_stones.schemas.notifications import MAX_FCM_TOKEN

    token = "t" * MAX_FCM_TOKEN
    response = client_with_profile.put("/v1/devices/d1", {"fcm_token": token, "platform": "android"})
    assert response.status_code == 201, response.json
    # the same phone, another user: registering queries the devices by token (shared-phone rule)
    other = new_user()
    other.put("/v1/me", a_profile())
    assert other.put("/v1/devices/d2", {"fcm_token": token, "platform": "android"}).status_code == 201


def test_an_fcm_token_with_spaces_or_non_ascii_is_a_400(client_with_profile):
    for token in ("a b", "é" * 10):
        assert_400_naming(client_with_profile.put("/v1/devices/d1", {"fcm_token": token, "platform": "ios"}),
                          "fcm_token")


def nested(depth: int) -> str:
    return '{"local_date": "2026-03-02", "mood": 5, "note": ' + "[" * depth + "]" * depth + "}"


def test_json_nested_1000_deep_is_a_400(client_with_profile):
    assert_400_naming(raw_put(client_with_profile, "/v1/checkins/c1", nested(1000)), "_body")


def test_json_nested_100_000_deep_is_a_400(client_with_profile):
    assert_400_naming(raw_put(client_with_profile, "/v1/checkins/c1", nested(30_000)), "_body")


def test_json_just_past_the_documented_depth_is_a_400_and_at_it_reaches_the_schema(client_with_profile):
    from stepping_stones.api.contract import MAX_JSON_DEPTH

    too_deep = raw_put(client_with_profile, "/v1/checkins/c1", nested(MAX_JSON_DEPTH))  # the object is one level
    assert_400_naming(too_deep, "_body")
    at_limit = raw_put(client_with_profile, "/v1/checkins/c1", nested(MAX_JSON_DEPTH - 1))
    assert_400_naming(at_limit, "note")  # refused by the schema, not by depth
    assert "_body" not in at_limit.json["error"]["fields"]


# -- what the contract says is what is accepted ---------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
def test_share_notes_takes_only_a_json_boolean(client_with_profile, new_user, value):
    from tests.support.therapy import link

    therapist = new_user("therapist")
    link(client_with_profile, therapist)
    response = client_with_profile.http.patch(f"/v1/links/{therapist.uid}", json={"share_notes": value},
                                              headers=client_with_profile.headers)
    assert_400_naming(response, "share_notes")
    code = therapist.post("/v1/invites").json["code"]
    assert_400_naming(client_with_profile.post("/v1/links", {"code": code, "share_notes": value}), "share_notes")


def test_notification_switches_take_only_a_json_boolean(client_with_profile):
    from tests.support.bodies import a_profile

    response = client_with_profile.put("/v1/me", a_profile(notifications={"reminders": 0}))
    assert_400_naming(response, "notifications")


def test_a_whole_number_written_as_5_0_is_the_integer_5(client_with_profile):
    response = client_with_profile.put("/v1/checkins/c1", a_checkin(mood=5.0))
    assert response.status_code == 201 and response.json["mood"] == 5
    assert_400_naming(client_with_profile.put("/v1/checkins/c2", a_checkin(on="2026-03-03", mood=5.5)), "mood")
    assert_400_naming(client_with_profile.put("/v1/checkins/c2", a_checkin(on="2026-03-03", mood=True)), "mood")
