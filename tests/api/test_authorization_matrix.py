"""Every route, called as every kind of caller: no route added later can escape this walk.

Callers: no token, a bad token, tokens whose uid breaks the identity rule ("/", "..", a path into
the owner's documents, 129 characters), the owning client, another client (one with a uid of the
full 128 characters too), a linked therapist, an unlinked therapist, a therapist whose link was
revoked. Denied calls never carry the owner's data,
and a therapist cannot tell an unlinked client from one that does not exist.
"""
from __future__ import annotations

import itertools
import json
import os
import re
from datetime import datetime, timezone

import pytest

from stepping_stones.app import create_app
from stepping_stones.config import Config
from tests.support.api import ApiUser
from tests.support.bodies import a_breathing, a_checkin, a_mood, a_profile, an_experiment, an_outcome
from tests.support.therapy import link

SECRET = "owner-secret-note"
OWNER_NAME = "Olive Owner"
PATH_VALUES = {"entry_id": "e1", "goal_id": "g1", "step_id": "s1", "period_id": "a1", "day": "2026-03-01",
               "win_id": "first-entry:checkin", "measure": "phq9", "answer_id": "q1", "suggestion_id": "sg1",
               "item_id": "i1"}

VALID_BODIES = {
    ("PUT", "/v1/me"): a_profile(display_name=OWNER_NAME),
    ("PUT", "/v1/checkins/<entry_id>"): a_checkin(on="2026-03-08", note=SECRET),
    ("PUT", "/v1/moods/<entry_id>"): a_mood(),
    ("PUT", "/v1/breathing/<entry_id>"): a_breathing(),
    ("PUT", "/v1/experiments/<entry_id>"): an_experiment(planned_for="2026-03-08"),
    ("PUT", "/v1/experiments/<entry_id>/outcome"): an_outcome(done_on="2026-03-09"),
    ("PUT", "/v1/goals/<goal_id>"): {"title": "Walk", "why": "Energy"},
    ("PUT", "/v1/goals/<goal_id>/steps/<step_id>"): {"title": "Round the block", "done_when": "Back home"},
    ("POST", "/v1/goals/<goal_id>/steps/<step_id>/done"): {"done_on": "2026-03-09"},
    ("PUT", "/v1/me/away/<period_id>"): {"from": "2026-03-01", "to": "2026-03-02"},
    ("PUT", "/v1/me/safety-plan"): {"warning_signs": [SECRET], "people_to_ask": [{"name": "Sam", "phone": "+44 7700 900123"}],
                                    "share_with_therapists": True},
    ("POST", "/v1/links"): {"code": "ACDEFGHJ"},
    ("PATCH", "/v1/links/<therapist_uid>"): {"share_notes": True},
    ("DELETE", "/v1/me"): {"confirm": "DELETE"},
    ("PUT", "/v1/clients/<client_uid>/sessions/<day>"): {"note": "n"},
    ("PUT", "/v1/clients/<client_uid>/sessions/<day>/reflection"): {"what_happened": "w"},
    ("PUT", "/v1/clients/<client_uid>/moments/<day>/reflection"): {"what_i_felt": "f"},
    ("PUT", "/v1/clients/<client_uid>/next-session"): {"date": "2026-03-12", "show_to_client": True},
    ("PUT", "/v1/me/agenda/<item_id>"): {"text": SECRET, "local_date": "2026-03-09"},
    ("POST", "/v1/clients/<client_uid>/wins/<win_id>/review"): {"note": "n"},
    ("POST", "/v1/clients/<client_uid>/moments/<day>/acknowledge"): {"note": "n"},
    ("PUT", "/v1/clients/<client_uid>/suggestions/<suggestion_id>"): {"goal": {"title": "Walk", "why": "Air"}},
    ("PUT", "/v1/devices/<device_id>"): {"fcm_token": "token-1", "platform": "ios"},
    ("PUT", "/v1/therapist/profile"): {"display_name": "Dr Linked", "timezone": "Europe/Berlin"},
    ("PUT", "/v1/clients/<client_uid>/measures/<measure>"): {"rhythm": "weekly"},
    ("PUT", "/v1/me/measures/answers/<answer_id>"): {"measure": "phq9", "answers": {"44250-9": 1}},
}


def routes():
    app = create_app({"SETTINGS": Config()})
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/v1"):
            continue
        contract = app.view_functions[rule.endpoint].__contract__
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield pytest.param(method, rule.rule, contract.role, id=f"{method} {rule.rule}")


@pytest.fixture(scope="module")
def module_http(firestore_emulator, auth_emulator):
    """One app for the module, over a database cleared once: worlds are told apart by their users' uids."""
    from tests.conftest import FakeClock

    firestore_emulator.clear()
    saved = os.environ.get("FIREBASE_AUTH_EMULATOR_HOST")
    os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = auth_emulator.host
    clock = FakeClock(datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc))
    settings = Config.from_env().with_overrides(testing=True)
    yield create_app({"SETTINGS": settings, "CLOCK": clock.now, "TESTING": True}).test_client()
    if saved is None:
        os.environ.pop("FIREBASE_AUTH_EMULATOR_HOST", None)
    else:
        os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = saved


def module_user_factory(http, prefix: str):
    uids = itertools.count(1)
    return lambda role="client": ApiUser(http, f"{role}-{prefix}-{next(uids)}", role)


@pytest.fixture(scope="module")
def shared_world(module_http):
    """One world for the calls that change nothing it holds: reads, and another client's denied attempts."""
    return build_world(module_user_factory(module_http, "shared"))


_fresh_worlds = itertools.count(1)

# Calls that may take away what later cases look for (an entry, the link, the account): each gets a world of its
# own. Any other write by the owner or their therapist only adds or rewrites the same thing, and shares one world.
UNMAKES_THE_WORLD = {("POST", "/v1/links"), ("POST", "/v1/sync")}


@pytest.fixture(scope="module")
def written_world(module_http):
    """One world for the writes that keep what it holds (checked after each)."""
    return build_world(module_user_factory(module_http, "written"))


@pytest.fixture
def world(module_http, shared_world, written_world, method, rule):
    """The shared world for a read; one world for writes that keep what a world holds; a world of its own for a
    call that may take something away (a deletion, an erasure, a new link, a batch)."""
    if method == "GET":
        yield shared_world
    elif method == "DELETE" or (method, rule) in UNMAKES_THE_WORLD:
        yield build_world(module_user_factory(module_http, f"fresh{next(_fresh_worlds)}"))
    else:
        yield written_world
        assert world_is_whole(written_world), f"{method} {rule} takes something away: list it in UNMAKES_THE_WORLD"


def world_is_whole(world) -> bool:
    """The owner's name, their words and their link are all still there."""
    owner, linked = world["owner"], world["linked"]
    return (owner.get("/v1/me").json["display_name"] == OWNER_NAME
            and SECRET in owner.get("/v1/timeline").get_data(as_text=True)
            and owner.uid in linked.get("/v1/clients").get_data(as_text=True))


def build_world(new_user) -> dict:
    """An owner with something of every kind, and the people who may or may not see it."""
    owner, other = new_user(), new_user()
    owner.put("/v1/me", a_profile(display_name=OWNER_NAME))
    other.put("/v1/me", a_profile(display_name="Someone Else"))
    for (method, rule), body in VALID_BODIES.items():
        if rule.startswith(("/v1/checkins", "/v1/moods", "/v1/breathing", "/v1/experiments", "/v1/goals", "/v1/me/away",
                            "/v1/me/measures/answers", "/v1/me/safety-plan", "/v1/me/agenda")):
            getattr(owner, method.lower())(fill(rule, owner, None), body)
    owner.put("/v1/moods/low-1", a_mood(at="2026-03-01T09:00:00+01:00", rating=1))  # a moment to acknowledge
    longest = ApiUser(owner.http, (other.uid + "-" + "L" * 128)[:128])  # the longest uid the rule allows
    longest.put("/v1/me", a_profile(display_name="Someone Long"))
    linked, unlinked, revoked = new_user("therapist"), new_user("therapist"), new_user("therapist")
    link(owner, linked, share_notes=True)
    linked.put("/v1/therapist/profile", VALID_BODIES[("PUT", "/v1/therapist/profile")])
    linked.put(f"/v1/clients/{owner.uid}/measures/phq9", {"rhythm": "weekly"})  # a measure to stop
    link(owner, revoked, share_notes=True)
    owner.delete(f"/v1/links/{revoked.uid}")
    return {"owner": owner, "other": other, "longest": longest, "linked": linked, "unlinked": unlinked, "revoked": revoked}


def fill(rule: str, owner, linked) -> str:
    values = {**PATH_VALUES, "client_uid": owner.uid, "therapist_uid": linked.uid if linked else "t"}
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "x1"), rule)


def call(user_or_http, method: str, path: str, body, headers=None):
    http = getattr(user_or_http, "http", user_or_http)
    headers = headers if headers is not None else user_or_http.headers
    kwargs = {"headers": headers}
    if method in ("PUT", "POST", "PATCH", "DELETE"):
        kwargs["json"] = body
    response = getattr(http, method.lower())(path, **kwargs)
    response.get_data()  # read streamed bodies to the end, as a server would before the next request
    return response


def neutral(body):
    """The same body without the owner's markers, for other callers (their echo is not a leak)."""
    return json.loads(json.dumps(body).replace(SECRET, "a note").replace(OWNER_NAME, "Someone"))


def leaks(response, owner) -> bool:
    text = response.get_data(as_text=True)
    return any(marker in text for marker in (owner.uid, SECRET, OWNER_NAME))


@pytest.mark.parametrize("method, rule, role", list(routes()))
def test_every_route_admits_exactly_the_callers_it_should(world, module_http, method, rule, role):
    http = module_http
    owner, linked = world["owner"], world["linked"]
    path, body = fill(rule, owner, linked), VALID_BODIES.get((method, rule), {})
    for_client = "<client_uid>" in rule
    if role is None:  # public: everyone, signed in or not, gets the same answer and nobody's data
        answers = [call(http, method, path, body, headers={})] + [call(world[name], method, path, body)
                                                                   for name in ("owner", "other", "linked")]
        assert {r.status_code for r in answers} == {200}
        assert len({r.get_data() for r in answers}) == 1 and not leaks(answers[0], owner)
        return

    assert call(http, method, path, body, headers={}).status_code == 401
    assert call(http, method, path, body, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    for odd_uid in ("/", "..", f"{owner.uid}/entries/checkin:e1", "x" * 129):
        for odd_role in ("client", "therapist"):
            response = call(ApiUser(http, odd_uid, odd_role), method, path, neutral(body))
            assert response.status_code == 401 and not leaks(response, owner), (odd_uid, response.json)

    for name in ("other", "longest", "unlinked", "revoked"):
        response = call(world[name], method, path, neutral(body))
        caller_role = world[name].role
        assert response.status_code != 401, (name, response.json)
        if role not in ("any", caller_role):
            assert response.status_code == 403, (name, response.json)
        elif for_client:
            assert response.status_code == 404, (name, response.json)
        assert not leaks(response, owner), (name, response.get_data(as_text=True)[:300])

    linked_response = call(linked, method, path, body)
    if role == "therapist":
        assert linked_response.status_code < 400, linked_response.json
    elif role == "client":
        assert linked_response.status_code == 403

    owner_response = call(owner, method, path, body)
    if role == "therapist":
        assert owner_response.status_code == 403
    else:
        assert owner_response.status_code not in (401, 403), owner_response.json


@pytest.mark.parametrize("method, rule, role", [p for p in routes() if "<entry_id>" in p.values[1]
                                                 or "<goal_id>" in p.values[1] or "<period_id>" in p.values[1]])
def test_another_client_cannot_read_change_or_delete_the_owners_records(module_http, shared_world, method, rule,
                                                                       role):
    """The owner's records are shared by these tests (only another client calls here, and a call let through
    would show); the other client is new each time, as what they do changes their own records."""
    owner = shared_world["owner"]
    other = module_user_factory(module_http, f"other{next(_fresh_worlds)}")()
    other.put("/v1/me", a_profile(display_name="Someone Else"))
    path = fill(rule, owner, None)
    before = json.dumps(owner.get("/v1/timeline").json) + json.dumps(owner.get("/v1/goals").json)

    response = call(other, method, path, neutral(VALID_BODIES.get((method, rule), {})))

    if method in ("GET", "DELETE", "PATCH") or rule.endswith(("/outcome", "/done", "/steps/<step_id>")):
        assert response.status_code == 404
    assert json.dumps(owner.get("/v1/timeline").json) + json.dumps(owner.get("/v1/goals").json) == before
