"""The committed API contract is generated from the handlers' schemas, valid, and matches real responses."""
from __future__ import annotations

import json
import re

import jsonschema
import pytest
from openapi_spec_validator import validate

from tests.support.bodies import a_breathing, a_checkin, a_mood, an_experiment, an_outcome
from tools.generate_schemas import generated_files


@pytest.fixture(scope="module")
def files():
    return generated_files()


def test_the_committed_contract_is_up_to_date(files):
    stale = [str(path) for path, text in files.items() if not path.exists() or path.read_text() != text]
    assert not stale, f"Run `make schemas` and commit: stale {stale}"


def test_the_openapi_document_is_valid_openapi_3_1(files):
    document = json.loads(next(text for path, text in files.items() if path.name == "openapi.json"))
    validate(document)
    assert document["openapi"] == "3.1.0"


def test_every_api_route_is_in_the_contract(app):
    undocumented = [
        rule.rule for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/v1") and not hasattr(app.view_functions[rule.endpoint], "__contract__")
    ]
    assert undocumented == []


def schema_named(files, name: str) -> dict:
    return json.loads(next(text for path, text in files.items() if path.name == f"{name}.json"))


def test_real_responses_validate_against_the_published_json_schemas(files, client_with_profile):
    user = client_with_profile
    checks = [
        (user.put("/v1/checkins/c", a_checkin(energy=4, sleep_hours=7.5)), "CheckIn"),
        (user.put("/v1/moods/m", a_mood(emotions=["calm"])), "Mood"),
        (user.put("/v1/breathing/b", a_breathing(stress_before=6, stress_after=3)), "Breathing"),
        (user.put("/v1/experiments/x", an_experiment()), "Experiment"),
        (user.put("/v1/experiments/x/outcome", an_outcome(done_on="2026-03-09")), "Experiment"),
        (user.get("/v1/experiments"), "ExperimentList"),
        (user.get("/v1/timeline", limit=2), "TimelinePage"),
        (user.get("/v1/me"), "Profile"),
        (user.put("/v1/checkins/d", a_checkin(mood=99)), "Error"),
        (user.get("/v1/summary"), "Summary"),
        (user.get("/v1/wins"), "WinPage"),
        (user.put("/v1/goals/g", {"title": "Walk", "why": "Energy"}), "GoalOutline"),
        (user.put("/v1/goals/g/steps/s", {"title": "Around the block", "done_when": "Back home"}), "Step"),
        (user.post("/v1/goals/g/steps/s/done", {"done_on": "2026-03-09"}), "Step"),
        (user.get("/v1/goals"), "GoalList"),
        (user.put("/v1/me/away/a", {"from": "2026-03-01", "to": "2026-03-02"}), "Away"),
        (user.get("/v1/me/away"), "AwayList"),
    ]
    for response, name in checks:
        assert response.status_code < 500
        jsonschema.validate(response.json, schema_named(files, name))
    assert user.get("/v1/wins").json["items"], "the entries above earn wins, so WinPage was checked with items"


def test_therapist_responses_validate_against_the_published_json_schemas(files, client_with_profile, new_user):
    from tests.support.therapy import link

    therapist = new_user("therapist")
    client_with_profile.put("/v1/checkins/c", a_checkin(on="2026-03-09", note="n"))
    linked = link(client_with_profile, therapist, share_notes=False)
    cid = client_with_profile.uid
    checks = [
        (therapist.post("/v1/invites"), "Invite"),
        (linked, "Link"),
        (client_with_profile.get("/v1/links"), "LinkList"),
        (therapist.get("/v1/clients"), "ClientList"),
        (therapist.put(f"/v1/clients/{cid}/sessions/2026-03-01", {"note": "n"}), "Session"),
        (therapist.get(f"/v1/clients/{cid}/sessions"), "SessionList"),
        (therapist.get(f"/v1/clients/{cid}/review"), "Review"),
        (therapist.get(f"/v1/clients/{cid}/entries"), "TimelinePage"),
        (therapist.post(f"/v1/clients/{cid}/wins/first-entry:checkin/review", {}), "WinReview"),
        (client_with_profile.get("/v1/me/access-log"), "AccessLogPage"),
    ]
    for response, name in checks:
        body = response if isinstance(response, dict) else response.json
        jsonschema.validate(body, schema_named(files, name))


def openapi(files) -> dict:
    return json.loads(next(text for path, text in files.items() if path.name == "openapi.json"))


def test_each_json_schema_file_holds_only_the_definitions_it_references(files):
    for path, text in files.items():
        if path.parent.name != "json":
            continue
        schema = json.loads(text)
        defined = set(schema.get("$defs", {}))
        referenced = set(re.findall(r'"#/\$defs/([A-Za-z0-9_]+)"', text))
        assert defined == referenced - {path.stem}, path.name


def test_request_bodies_hold_no_server_fields_and_no_defaults(files):
    document = openapi(files)
    server_fields = {"id", "kind", "created_at", "updated_at", "uid", "role", "notes_hidden", "status"}
    for item in document["paths"].values():
        for operation in item.values():
            body = operation.get("requestBody")
            if not body:
                continue
            name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
            properties = document["components"]["schemas"][name]["properties"]
            assert not server_fields & set(properties), name
            assert not [field for field, prop in properties.items() if "default" in prop], name


def test_responses_require_every_field_that_is_always_present(files):
    schemas = openapi(files)["components"]["schemas"]
    assert set(schemas["CheckIn"]["required"]) >= {"id", "kind", "created_at", "updated_at", "local_date", "mood",
                                                   "note"}
    assert "notes_hidden" not in schemas["CheckIn"]["required"]
    for name in ("CheckIn", "Mood", "Breathing", "Experiment"):
        assert "kind" in schemas[name]["required"] and len(schemas[name]["properties"]["kind"]["enum"]) == 1
    assert "null" in schemas["Experiment"]["properties"]["plan"]["type"], "hidden from a therapist: null"


def test_every_path_parameter_has_its_pattern_and_dates_their_format(files):
    document = openapi(files)
    for path, item in document["paths"].items():
        for operation in item.values():
            for parameter in operation["parameters"]:
                if parameter["in"] == "path":
                    assert parameter["schema"].get("pattern"), (path, parameter["name"])
    schemas = document["components"]["schemas"]
    for name, field in (("Summary", "last_active"), ("Win", "occurred_on"), ("Session", "date"),
                        ("ReviewWin", "occurred_on"), ("CheckInInput", "local_date")):
        assert schemas[name]["properties"][field]["format"] == "date", (name, field)
    win_rule = document["components"]["schemas"]["Win"]["properties"]["rule"]
    from stepping_stones.domain.wins import RULES
    assert win_rule["enum"] == [rule.name for rule in RULES]
