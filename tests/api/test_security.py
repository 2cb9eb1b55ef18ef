"""Security regressions (issue 15): a uid is never a path, private answers are never cached,
invite codes cannot be guessed, and every therapist look at a client's data is in the access log.

Each test names the attack it stops. The erasure cases ("erased stays erased", "unlink then erase
leaves no session note") and bounded input are tested with their own features.
"""
from __future__ import annotations

import ast
import inspect
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import firebase_admin
import pytest
from firebase_admin import _token_gen
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from stepping_stones.auth import UID_RULE, offline_credential, uid_is_valid, verify_bearer
from stepping_stones.domain import invites
from stepping_stones.errors import Unauthenticated, UnsafeDocumentId
from stepping_stones.storage import get_store
from stepping_stones.storage import paths as paths_module
from stepping_stones.storage.paths import Paths
from tests.api.test_authorization_matrix import VALID_BODIES, build_world, call, fill, routes
from tests.support.api import ApiUser
from tests.support.bodies import a_checkin, a_mood, a_profile
from tests.support.tokens import PROJECT_ID, CertServer, SigningKey, mint_signed_token

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


CHECKED_COLLECTION_NAMES = {("paths.py", "user_collection"), ("paths.py", "nested_collection")}


def test_every_collection_in_storage_is_named_by_a_constant_of_paths():
    assert set(paths_module.USER_COLLECTIONS) | set(paths_module.NESTED_COLLECTIONS.values()) <= {
        value for name, value in vars(paths_module).items() if name.isupper() and isinstance(value, str)}
    constants = {name: value for name, value in vars(paths_module).items() if name.isupper() and isinstance(value, str)}
    found = 0
    for attribute in ("collection", "collection_group"):
        for module, function, node in _storage_calls(attribute):
            found += 1
            if (module, function) in CHECKED_COLLECTION_NAMES:
                continue  # the name is checked against USER_COLLECTIONS / NESTED_COLLECTIONS, all constants
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
        signature = inspect.signature(method).parameters
        parameters = [arg for arg, parameter in signature.items() if parameter.annotation in ("str", str)]
        if name.startswith("_") or not parameters:
            continue
        good = {parameter: "ok-1" if parameter in parameters else 2 for parameter in signature}
        if "name" in good:  # a collection's name, checked against the named collections
            good["name"] = paths_module.CLIENT_LINKS
        built_good = method(**good)
        segments = (built_good[0] if isinstance(built_good, list) else built_good)._path
        for parameter in parameters:
            for hostile in ("a/b", "..", "__x__", "", "x" * 1501):
                try:
                    built = method(**{**good, parameter: hostile})
                    built = (built[0] if isinstance(built, list) else built)._path
                except UnsafeDocumentId:
                    refused += 1
                    continue
                except ValueError:  # not one of the named collections
                    assert parameter == "name", (name, parameter, hostile)
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


def test_a_properly_signed_token_with_an_odd_uid_is_refused_in_production_mode_too(monkeypatch):
    """Deployed, tokens are RS256-signed by Google; the rule holds for a genuine one."""
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    key = SigningKey.generate("security-kid")
    with CertServer() as server:
        server.publish(key)
        monkeypatch.setattr(_token_gen, "ID_TOKEN_CERT_URI", server.url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        app = firebase_admin.initialize_app(offline_credential(), {"projectId": PROJECT_ID}, name=f"security-{id(key)}")
        try:
            fine = verify_bearer(f"Bearer {mint_signed_token('uid-ada', 'client', key)}", app)
            with pytest.raises(Unauthenticated) as refused:
                verify_bearer(f"Bearer {mint_signed_token('uid-ada/entries/checkin:c1', 'client', key)}", app)
        finally:
            firebase_admin.delete_app(app)
    assert fine.uid == "uid-ada"
    assert UID_RULE in refused.value.message


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
            if role is None and response.status_code == 200:  # public crisis lines, kept for offline use
                assert response.headers["Cache-Control"] == "public, max-age=86400"
                assert response.headers["X-Content-Type-Options"] == "nosniff"
            else:
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


# -- Complete audit: every therapist look at a client's data is in that client's access log

# The therapist's own session notes, and ending the link, read nothing of the client's.
# The therapist's own records (session notes, the next session's date, their private reflections, like
# psychotherapy notes) and ending a link: none reads what the client recorded, so none is in the client's log
# (a reflection in the client's log would tell the client it exists).
NOT_CLIENT_DATA = {("PUT", "/v1/clients/<client_uid>/sessions/<day>"), ("GET", "/v1/clients/<client_uid>/sessions"),
                   ("DELETE", "/v1/clients/<client_uid>"),
                   ("PUT", "/v1/clients/<client_uid>/next-session"), ("DELETE", "/v1/clients/<client_uid>/next-session"),
                   ("PUT", "/v1/clients/<client_uid>/sessions/<day>/reflection"),
                   ("PUT", "/v1/clients/<client_uid>/moments/<day>/reflection"),
                   ("GET", "/v1/clients/<client_uid>/reflections")}


def _log_size(client) -> int:
    return len(client.get("/v1/me/access-log", limit=100).json["items"])


def test_every_therapist_route_that_touches_a_clients_data_writes_an_access_record(world):
    owner, linked = world["owner"], world["linked"]
    walked = 0
    for method, rule, role in (p.values for p in routes()):
        if role != "therapist" or (method, rule) in NOT_CLIENT_DATA or not rule.startswith("/v1/clients"):
            continue
        for win_id in ("first-entry:checkin", "streak-3:2000-01-01"):
            before = _log_size(owner)
            path = fill(rule, owner, linked).replace("first-entry:checkin", win_id)
            response = call(linked, method, path, VALID_BODIES.get((method, rule), {}))
            assert response.status_code in (200, 201, 204, 404), (method, rule, response.json)
            assert _log_size(owner) > before, (method, rule, win_id, response.status_code)
            walked += 1
    assert walked >= 8


def test_a_win_review_tells_a_linked_therapist_nothing_off_the_record(world):
    """It answered 200 or 404 by whether the win exists, and logged neither."""
    owner, linked, unlinked = world["owner"], world["linked"], world["unlinked"]
    win_id = linked.get(f"/v1/clients/{owner.uid}/review").json["wins"][0]["id"]
    before = _log_size(owner)

    found = linked.post(f"/v1/clients/{owner.uid}/wins/{win_id}/review", {"note": None})
    missing = linked.post(f"/v1/clients/{owner.uid}/wins/streak-3:2000-01-01/review", {"note": None})
    stranger = unlinked.post(f"/v1/clients/{owner.uid}/wins/{win_id}/review", {"note": None})

    assert (found.status_code, missing.status_code, stranger.status_code) == (200, 404, 404)
    log = owner.get("/v1/me/access-log").json["items"][: _log_size(owner) - before]
    assert [(r["what"], r["therapist_uid"]) for r in log] == [("micro-win review", linked.uid)] * 2


# -- Invite codes that cannot be guessed

WRONG_CODE = "ACDE-FGHJ-KMNP-QRTU"  # well-formed; the odds that a test's invite draws it are 1 in 2**74


def test_a_code_has_at_least_60_bits_and_is_typed_in_four_groups(new_user):
    code = new_user("therapist").post("/v1/invites").json["code"]
    assert invites.CODE_BITS >= 60
    assert [len(group) for group in code.split("-")] == [4, 4, 4, 4]
    assert invites.normalize_code(code.lower().replace("-", " ")) == code.replace("-", "")


def _attempts(store, uid: str | None) -> int:
    window, _ = invites.attempt_window(datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc))
    refs = [store.paths.link_attempts(uid, window)] if uid else store.paths.link_attempt_shards(window, 8)
    return sum((ref.get().to_dict() or {}).get("attempts", 0) for ref in refs)


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


def with_budget(app, budget: int):
    app.config["SETTINGS"] = app.config["SETTINGS"].with_overrides(invite_attempt_budget=budget)
    return get_store(app.config["SETTINGS"])


def test_forty_parallel_wrong_codes_from_one_client_are_all_counted_and_never_a_500(app, client_with_profile, store):
    def attempt(_):
        response = app.test_client().post("/v1/links", json={"code": WRONG_CODE}, headers=client_with_profile.headers)
        return response.status_code, response.headers.get("Retry-After")

    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(attempt, range(40)))

    statuses = Counter(status for status, _ in results)
    assert set(statuses) <= {400, 429}, statuses
    # Each attempt reads the count after its own increment: at most 10 codes are looked at (a burst
    # may see more than 10 and have all 40 refused, which is safe).
    assert statuses[400] <= invites.MAX_ATTEMPTS_PER_CLIENT, statuses
    assert all(0 < int(retry) <= 3600 for status, retry in results if status == 429)
    assert _attempts(store, client_with_profile.uid) == 40  # every one counted
    assert _attempts(store, None) == statuses[400]  # only codes that were looked at use the shared budget
    print(f"40 parallel wrong codes from one client: {dict(statuses)}")


def test_thirty_fresh_clients_with_one_try_each_are_held_to_the_shared_budget(app, new_user, clock):
    store = with_budget(app, 20)
    fresh = [new_user() for _ in range(30)]
    for client in fresh:
        assert client.put("/v1/me", a_profile()).status_code == 201
    statuses = [client.post("/v1/links", {"code": WRONG_CODE}) for client in fresh]

    assert [r.status_code for r in statuses] == [400] * 20 + [429] * 10
    assert _attempts(store, None) == 30
    therapist, patient = new_user("therapist"), fresh[0]
    good = therapist.post("/v1/invites").json["code"]
    assert patient.post("/v1/links", {"code": good}).status_code == 429  # linking pauses for everyone
    clock.set("2026-03-10T13:00:00+00:00")
    assert patient.post("/v1/links", {"code": good}).status_code == 201


def test_malformed_codes_do_not_spend_the_shared_budget(app, client_with_profile):
    store = with_budget(app, 1)
    for _ in range(5):
        assert client_with_profile.post("/v1/links", {"code": "not-a-code"}).status_code == 400
    assert _attempts(store, None) == 0


def test_erasing_an_account_does_not_reset_the_count_that_matters(app, new_user):
    store = with_budget(app, 10)
    guesser, next_one = new_user(), new_user()
    for client in (guesser, next_one):
        client.put("/v1/me", a_profile())
    for _ in range(10):
        assert guesser.post("/v1/links", {"code": WRONG_CODE}).status_code == 400
    erased = guesser.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=guesser.headers)
    erased.get_data()
    assert erased.status_code < 300

    assert _attempts(store, guesser.uid) == 0  # the client's own count went with their account
    assert _attempts(store, None) == 10  # the shared one did not: it names nobody
    assert next_one.post("/v1/links", {"code": WRONG_CODE}).status_code == 429
    shards = [ref.get().to_dict() for ref in store.paths.link_attempt_shards("2026-03-10T12", 8)]
    assert guesser.uid not in repr(shards)


def _offline_client() -> firestore.Client:
    """A Firestore client that only builds references (no call leaves the process)."""
    return firestore.Client(project="demo-stepping-stones", credentials=AnonymousCredentials())

