"""Schemathesis over schemas/openapi.json, in-process against the WSGI app, for both roles on every operation:
no server error, no response outside the contract, and no schema-valid request refused except by the
documented 404 (not found), 409 (conflicts with what is stored) and, on a wrong role, 403."""
from __future__ import annotations

import json
import os
from collections import Counter
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.formats import rfc3339_values

from tests.contract.generators import OPENAPI
from tests.support.api import ApiUser
from tests.support.bodies import a_checkin, a_profile, an_experiment
from tests.support.therapy import link
from tests.support.tokens import mint_emulator_token

# Cases per operation: a caller of the operation's own role gets more than one of the other role, who
# must only ever see 403. make test keeps these (2 cores): about 1,250 cases in all (CONTRACT_CASES_PER_OPERATION=50
# for a deeper run by hand).
OWN_ROLE_CASES = int(os.environ.get("CONTRACT_CASES_PER_OPERATION", "14"))
OTHER_ROLE_CASES = max(1, OWN_ROLE_CASES // 2)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ACCEPTED_REFUSALS = {404, 409}
# Rules that relate a value to the day, to another field or to the server's own tokens, so no JSON Schema can
# carry them: the contract's 400 states each, and a refusal for one of them is the documented answer.
RELATIONAL_RULES = ("more than one day ahead of your local date", "Dated in your time zone", "must not be after",
                    "Away time is at most 366 days", "That cursor is not one this API gave out",
                    # measures: a rhythm's date, items of the other measure, a skip with answers, an empty answer
                    "Before each session needs the next session's date", "That session date has passed",
                    "Some answers are not this measure's", "A skipped questionnaire carries no answers",
                    "Answer at least one question, or skip", "That time is not within the last year",
                    "A suggestion holds exactly one of step, experiment or goal")
THROWAWAY_CALLER = {("DELETE", "/v1/me"), ("POST", "/v1/links"), ("GET", "/v1/invites/{code}")}

# RFC 3339 dates and date-times as schemathesis draws them, but half of the dates from the years 2000 to 2100 that
# the contract's dated fields admit (their `pattern`). Schemathesis draws a format value, then filters it by the
# pattern: from years 1 to 9999 nearly every draw was thrown away before it was sent (97% for a breathing
# session), which cost Hypothesis about half this file's time and sent nothing more. Fields without the pattern
# still get dates of any year from the other half.
CONTRACT_YEARS = st.dates(date(2000, 1, 1), date(2100, 12, 31))
RFC3339_DATES = (CONTRACT_YEARS | st.dates()).map(str)
schemathesis.openapi.format("date", RFC3339_DATES)
schemathesis.openapi.format("date-time", st.builds("{}T{}".format, RFC3339_DATES, rfc3339_values("full-time")))


@pytest.fixture(scope="module")
def operations():
    schema = schemathesis.openapi.from_dict(json.loads(OPENAPI.read_text()))
    return [result.ok() for result in schema.get_all_operations()]


def operation_role(operation) -> str:
    description = operation.definition.raw.get("description", "")
    return next((role for role in ("client", "therapist") if f"`{role}`" in description), "any")


@pytest.fixture
def world(app, http, new_user):
    """A client with a profile, entries, a goal and a linked therapist with a profile."""
    client, therapist = new_user("client"), new_user("therapist")
    assert client.put("/v1/me", a_profile()).status_code == 201
    assert therapist.put("/v1/therapist/profile", {"display_name": "T", "timezone": "Europe/Berlin"}).status_code == 201
    client.put("/v1/checkins/c1", a_checkin(on="2026-03-09", note="n"))
    client.put("/v1/experiments/x1", an_experiment(planned_for="2026-03-08"))
    client.put("/v1/goals/g1", {"title": "t", "why": "w"})
    client.put("/v1/goals/g1/steps/s1", {"title": "t", "done_when": "d"})
    link(client, therapist, share_notes=False)
    return {"app": app, "http": http, "client": client, "therapist": therapist, "new_user": new_user}


@pytest.mark.parametrize("role", ["client", "therapist"])
def test_every_operation_keeps_the_contract(world, operations, role):
    caller: ApiUser = world[role]
    counts, findings = Counter(), []

    for operation in operations:
        own = operation_role(operation) in (role, "any")

        @settings(max_examples=OWN_ROLE_CASES if own else OTHER_ROLE_CASES, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            headers = dict(caller.headers)
            if (operation.method.upper(), operation.path) in THROWAWAY_CALLER:  # noqa: B023 - called within this iteration
                # erasing, or trying invite codes: a throwaway account of the same role, so the world stays
                headers = {"Authorization": f"Bearer {mint_emulator_token(world['new_user'](role).uid, role)}"}
            for name, uid in (("client_uid", world["client"].uid), ("therapist_uid", world["therapist"].uid)):
                if name in (case.path_parameters or {}) and counts["cases"] % 2 == 0:
                    case.path_parameters[name] = uid  # half the cases address the linked account
            counts["cases"] += 1
            response = case.call(app=world["app"], headers=headers)
            counts[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
                status = response.status_code
                refused = (status >= 400 and status not in ACCEPTED_REFUSALS and not (status == 403 and not own)  # noqa: B023 - called within this iteration
                           and not (status == 400 and _relational(response.json()["error"])))
                if refused:
                    raise AssertionError(f"schema-valid request refused with {status}: {response.text[:300]}")
            except Exception as failure:  # collected, so one run reports every finding
                findings.append(f"{operation.label} as {role}: {str(failure)[:600]}\n  sent: "  # noqa: B023 - called within this iteration
                                f"{case.path_parameters} {case.query} {case.body!r}"[:1200])
            if status_relinks(operation, response):  # noqa: B023 - called within this iteration
                relink(world)

        run()

    print(f"schemathesis as {role}: {counts['cases']} cases, statuses "
          f"{dict(sorted((k, v) for k, v in counts.items() if k != 'cases'))}")
    assert counts["cases"] >= 500
    kinds = Counter(finding.split(":", 1)[0] + " " + finding.split("\n", 1)[0][-160:] for finding in findings)
    assert not findings, (f"{len(findings)} findings:\n" + "\n".join(f"{n} x {k}" for k, n in kinds.most_common(40))
                          + "\n\nFirst ones in full:\n" + "\n".join(findings[:10]))


def _relational(error: dict) -> bool:
    said = json.dumps(error)
    return any(rule in said for rule in RELATIONAL_RULES)


def status_relinks(operation, response) -> bool:
    unlinking = operation.method.upper() == "DELETE" and operation.path in (
        "/v1/clients/{client_uid}", "/v1/links/{therapist_uid}")
    return unlinking and response.status_code == 204


def relink(world) -> None:
    link(world["client"], world["therapist"], share_notes=False)


# Operation paths a phone (or a script) could put in a sync batch: real routes' segments, empty ones, dots,
# percent-encodings, odd characters, extra slashes, queries and fragments, in any order.
_SEGMENTS = st.sampled_from(["v1", "moods", "checkins", "experiments", "outcome", "goals", "g1", "steps", "s1",
                             "done", "me", "away", "m1", "x1", "", ".", "..", "%2F", "%00", "%zz", "__x__", "a b",
                             "ü", "?q=1", "#f", ";", "sync"]) | st.text(max_size=6)
OPERATION_PATHS = st.builds(lambda parts, lead, tail: lead + "/".join(parts) + tail,
                            st.lists(_SEGMENTS, min_size=0, max_size=6),
                            st.sampled_from(["/", "//", "", "/v1/"]), st.sampled_from(["", "/", "//"]))


def test_no_operation_path_makes_a_sync_batch_fail_as_a_whole(world):
    client: ApiUser = world["client"]

    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(paths=st.lists(OPERATION_PATHS, min_size=1, max_size=5), method=st.sampled_from(["PUT", "POST", "DELETE"]))
    def run(paths, method):
        operations = [{"method": method, "path": path, "body": {"title": "t", "done_when": "d"}} for path in paths]
        response = client.post("/v1/sync", {"operations": operations})
        if response.status_code == 400:  # the batch itself refused (a path over 512 characters, a NUL): by field
            assert set(response.json["error"]) == {"code", "message", "fields"}
            return
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        for result in response.json["results"]:
            assert result["status"] < 500, result
            if result["status"] >= 400:
                assert set(result["body"]["error"]) == {"code", "message", "fields"}, result

    run()
