"""Security regressions (issue 15): a uid is never a path, private answers are never cached,
invite codes cannot be guessed, and every therapist look at a client's data is in the access log.

Each test names the attack it stops. The erasure cases ("erased stays erased", "unlink then erase
leaves no session note") and bounded input are tested with their own features.
"""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from stepping_stones.auth import UID_RULE, uid_is_valid
from stepping_stones.errors import UnsafeDocumentId
from stepping_stones.storage import paths as paths_module
from stepping_stones.storage.paths import Paths
from tests.api.test_authorization_matrix import VALID_BODIES, build_world, call, fill, routes
from tests.support.api import ApiUser
from tests.support.bodies import a_checkin, a_mood, a_profile

STORAGE = Path(paths_module.__file__).parent
UNSAFE_IDS = ["", "a/b", "/", ".", "..", "__x__", "__", "x" * 1501, "é" * 751, "a\x00b", "a\nb", "\ud800",
              None, 7]
ODD_UIDS = ["/", ".", "..", "__x__", "a/b", "x" * 129, "ümlaut", "a b", "a.b", "a:b"]


# -- One identity rule: a uid is one path segment, and storage builds no path from an unchecked string

def _storage_calls(attribute: str):
    """(module, enclosing function, call node) of every `<something>.<attribute>(...)` in storage."""
    for source in sorted(STORAGE.glob("*.py")):
        tree = ast.parse(source.read_text(), filename=str(source))
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                            and node.func.attr == attribute):
                        yield source.name, function.name, node
        module_level = [node for node in tree.body if not isinstance(node, (ast.FunctionDef, ast.ClassDef))]
        for statement in module_level:
            for node in ast.walk(statement):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == attribute:
                    yield source.name, "<module>", node


def test_every_document_reference_in_storage_is_built_by_the_one_checked_function():
    calls = [(module, function) for module, function, _ in _storage_calls("document")]
    assert calls, "the walk found no .document( call at all: it is not looking at the storage package"
    assert set(calls) == {("paths.py", "_child")}, calls


def test_every_collection_in_storage_is_named_by_a_constant_of_paths():
    constants = {name: value for name, value in vars(paths_module).items() if name.isupper() and isinstance(value, str)}
    found = 0
    for attribute in ("collection", "collection_group"):
        for module, function, node in _storage_calls(attribute):
            found += 1
            assert len(node.args) == 1 and not node.keywords, (module, function)
            argument = node.args[0]
            assert isinstance(argument, ast.Name) and argument.id in constants, (module, function, ast.dump(argument))
            assert "/" not in constants[argument.id] and paths_module.document_id_problem(constants[argument.id]) is None
    assert found >= 10


@pytest.mark.parametrize("doc_id", UNSAFE_IDS, ids=repr)
def test_the_one_path_function_refuses_what_is_not_one_plain_segment(doc_id):
    paths = Paths(_offline_client())
    with pytest.raises(UnsafeDocumentId) as refused:
        paths.user(doc_id)
    assert not isinstance(doc_id, str) or len(doc_id) < 3 or doc_id not in str(refused.value)  # never echoed


def test_every_path_a_store_builds_refuses_an_unsafe_id_in_any_argument():
    """Whatever method builds a path, and whichever id argument carries the hostile string, the
    result is refused, or (an id composed into one, like "checkin:..") the same number of plain
    segments as with ordinary ids."""
    paths = Paths(_offline_client())
    refused = 0
    for name, method in inspect.getmembers(paths, inspect.ismethod):
        parameters = list(inspect.signature(method).parameters)
        if name.startswith("_") or not parameters:
            continue
        good = {parameter: "ok-1" for parameter in parameters}
        segments = method(**good)._path
        for parameter in parameters:
            for hostile in ("a/b", "..", "__x__", "", "x" * 1501):
                try:
                    built = method(**{**good, parameter: hostile})._path
                except UnsafeDocumentId:
                    refused += 1
                    continue
                assert hostile != "a/b" and len(built) == len(segments), (name, parameter, hostile, built)
                assert all(paths_module.document_id_problem(segment) is None for segment in built)
    assert refused >= 4 * 25


def test_the_path_of_an_ordinary_id_is_exactly_one_segment_deeper():
    paths = Paths(_offline_client())
    assert paths.entry("u-1", "checkin", "e_1").path == "users/u-1/entries/checkin:e_1"
    assert paths.user("x" * 128).path == "users/" + "x" * 128


@pytest.mark.parametrize("uid", ["a", "A-z_09", "x" * 128, "Hk3Qb5mXyZ0aBcDeFgHiJkLmNoP2"])
def test_the_identity_rule_accepts_firebase_uids(uid):
    assert uid_is_valid(uid)


@pytest.mark.parametrize("uid", ODD_UIDS + ["", None, "__a__", "x" * 1000], ids=repr)
def test_the_identity_rule_refuses_what_could_be_more_than_one_segment(uid):
    assert not uid_is_valid(uid)


@pytest.mark.parametrize("uid", ODD_UIDS, ids=repr)
def test_a_verified_token_with_an_odd_uid_is_a_clear_401_never_a_500(http, uid):
    caller = ApiUser(http, uid)
    for response in (caller.get("/v1/me"), caller.put("/v1/me", a_profile()), caller.get("/v1/me/export")):
        assert response.status_code == 401, response.get_data(as_text=True)[:300]
        assert response.json["error"]["code"] == "unauthenticated"
    if len(uid) <= 128:  # longer ones firebase-admin itself already refuses as an invalid token
        assert UID_RULE in caller.get("/v1/me").json["error"]["message"]


def test_a_uid_of_128_characters_is_served(http):
    caller = ApiUser(http, "L" * 128)
    assert caller.put("/v1/me", a_profile()).status_code == 201
    assert caller.get("/v1/me").status_code == 200


@pytest.fixture
def victim(client_with_profile):
    """A client with a check-in (note included) and a mood entry."""
    assert client_with_profile.put("/v1/checkins/c1", a_checkin(on="2026-03-09", note="victim-secret")).status_code == 201
    assert client_with_profile.put("/v1/moods/m1", a_mood(at="2026-03-09T10:00:00+01:00")).status_code == 201
    return client_with_profile


def _victims_records(victim) -> tuple:
    return victim.get("/v1/checkins/c1").json, victim.get("/v1/moods/m1").json, victim.get("/v1/me").json


@pytest.mark.parametrize("suffix", ["/entries/checkin:c1", "/entries/mood:m1", "/private/summary", ""])
def test_a_token_whose_uid_names_a_path_inside_another_client_gets_nothing_and_changes_nothing(http, victim, suffix):
    """The proven breach: sub = "<A's uid>/entries/checkin:<id>" read A's export, deleted A's
    entries and overwrote A's documents. (An empty suffix is A's own uid: the control.)"""
    before = _victims_records(victim)
    attacker = ApiUser(http, victim.uid + suffix)
    if not suffix:
        assert "victim-secret" in attacker.get("/v1/me/export").get_data(as_text=True)  # the control reads it
        return

    export = attacker.get("/v1/me/export")
    assert export.status_code == 401 and "victim-secret" not in export.get_data(as_text=True)
    assert attacker.put("/v1/me", a_profile(display_name="Overwritten")).status_code == 401
    assert attacker.put("/v1/checkins/c9", a_checkin(on="2026-03-09")).status_code == 401
    assert attacker.delete("/v1/checkins/c1").status_code == 401
    assert attacker.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=attacker.headers).status_code == 401

    assert _victims_records(victim) == before
    assert "victim-secret" in victim.get("/v1/me/export").get_data(as_text=True)


# -- Headers: nothing private is cached, a body is read only as its declared type

def _assert_private_headers(response, where):
    assert response.headers.get("Cache-Control") == "no-store", where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    if response.status_code == 204:
        assert "Content-Type" not in response.headers, where


@pytest.fixture
def world(new_user):
    """The authorization matrix's owner (something of every kind) and callers."""
    return build_world(new_user)


def test_every_route_answers_with_no_store_and_nosniff_and_a_204_has_no_content_type(world, http):
    """Every /v1/ route of the URL map, called by the caller it serves, by nobody, and badly."""
    owner, linked = world["owner"], world["linked"]
    seen = set()
    every = sorted(routes(), key=lambda p: (p.values[0], p.values[1]) == ("DELETE", "/v1/me"))  # erasure last
    for method, rule, role in (p.values for p in every):
        path, body = fill(rule, owner, linked), VALID_BODIES.get((method, rule), {})
        caller = linked if role == "therapist" else owner
        for response in (call(caller, method, path, body), call(http, method, path, body, headers={}),
                         call(caller, method, path, {"unknown_field": 1} if method != "GET" else None)):
            _assert_private_headers(response, (method, rule, response.status_code))
            seen.add(response.status_code)
    for response in (http.get("/v1/no-such-route"), http.post("/v1/me"), http.get("/")):
        _assert_private_headers(response, response.status_code)
        seen.add(response.status_code)
    assert {200, 201, 204, 400, 401, 404, 405} <= seen, seen


def test_the_export_and_a_therapists_view_of_entries_are_not_cacheable(world):
    owner, linked = world["owner"], world["linked"]
    export = owner.get("/v1/me/export")
    assert "owner-secret-note" in export.get_data(as_text=True)  # read to the end, as a server does
    entries = linked.get(f"/v1/clients/{owner.uid}/entries")
    for response in (export, entries):
        assert response.status_code == 200
        _assert_private_headers(response, response.request.path)


def _offline_client() -> firestore.Client:
    """A Firestore client that only builds references (no call leaves the process)."""
    return firestore.Client(project="demo-stepping-stones", credentials=AnonymousCredentials())

