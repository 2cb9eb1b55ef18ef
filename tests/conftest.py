"""Shared fixtures: one Firestore emulator per session, a fresh database and app per test."""
from __future__ import annotations

import itertools
import os
import re
from datetime import datetime, timezone

import pytest

from tools.auth_emulator import AuthEmulator
from tools.emulator import PROJECT_ID, FirestoreEmulator

# The longest units of work are handed out first under `make test` (with --no-loadscope-reorder), in this order,
# so that no long file starts late and runs alone while the other worker has nothing left to do: the two longest
# single files (about two minutes each), then the browser files (a minute or more each); the rest as collected.
LONG_FILES_FIRST = ("tests/integration/test_account_export_and_erasure.py", "tests/contract/test_schemathesis.py",
                    "tests/browser/")


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        return next((n for n, prefix in enumerate(LONG_FILES_FIRST) if item.nodeid.startswith(prefix)),
                    len(LONG_FILES_FIRST))

    items.sort(key=rank)


class FakeClock:
    """A clock tests move by hand; `now()` is timezone-aware UTC."""

    def __init__(self, start: datetime):
        self.current = start

    def now(self) -> datetime:
        return self.current

    def set(self, moment: str) -> None:
        self.current = datetime.fromisoformat(moment).astimezone(timezone.utc)


@pytest.fixture(scope="session")
def firestore_emulator():
    """The real Firestore emulator, started once on a free port for the whole session."""
    emulator = FirestoreEmulator(project_id=PROJECT_ID).start()
    saved = {key: os.environ.get(key) for key in ("FIRESTORE_EMULATOR_HOST", "GCLOUD_PROJECT")}
    os.environ["FIRESTORE_EMULATOR_HOST"] = emulator.host
    os.environ["GCLOUD_PROJECT"] = PROJECT_ID
    yield emulator
    emulator.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


class FakeSignIns:
    """firebase-admin's auth.delete_user, faked at the one place the app calls it (no Auth emulator
    here): records deleted uids and answers "user not found" for a uid deleted before."""

    def __init__(self):
        self.deleted: list[str] = []
        self.fail_with: Exception | None = None

    def delete_user(self, uid, app=None):
        from firebase_admin import auth

        if self.fail_with is not None:
            raise self.fail_with
        if uid in self.deleted:
            raise auth.UserNotFoundError("No user record found for the given identifier.")
        self.deleted.append(uid)


@pytest.fixture(autouse=True)
def sign_ins(monkeypatch, request):
    """Every test: deleting a Firebase Auth user goes to a fake (tests inspect `.deleted`), except in
    tests marked `real_sign_ins`: there firebase-admin deletes it in the Auth emulator (None)."""
    from stepping_stones import auth_users

    if request.node.get_closest_marker("real_sign_ins"):
        return None
    fake = FakeSignIns()
    monkeypatch.setattr(auth_users.firebase_auth, "delete_user", fake.delete_user)
    return fake


# Under pytest-xdist the controller starts one Auth emulator for every worker, without waiting for it: loading
# firebase-tools costs about 20 CPU-seconds, once per emulator. The workers inherit where it is.
SHARED_AUTH_EMULATOR = "STEPPING_STONES_TEST_AUTH_EMULATOR"
SHARED_AUTH_EMULATOR_LOG = "STEPPING_STONES_TEST_AUTH_EMULATOR_LOG"


def pytest_configure(config):
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    emulator = AuthEmulator().spawn()
    os.environ[SHARED_AUTH_EMULATOR] = emulator.host
    os.environ[SHARED_AUTH_EMULATOR_LOG] = emulator.log_path
    config.add_cleanup(emulator.stop)


@pytest.fixture(scope="session")
def auth_emulator():
    """The real Firebase Auth emulator (firebase-tools) on a free port for the session, shared by the workers
    under xdist: a therapist's requests are checked against its user records (check_revoked). Accounts are
    told apart by their uids and emails, which no two tests share."""
    if os.environ.get(SHARED_AUTH_EMULATOR):
        emulator = AuthEmulator.started_elsewhere(os.environ[SHARED_AUTH_EMULATOR],
                                                  os.environ[SHARED_AUTH_EMULATOR_LOG])
    else:
        emulator = AuthEmulator().start()
    yield emulator
    emulator.stop()


@pytest.fixture
def clean_firestore(firestore_emulator):
    firestore_emulator.clear()
    return firestore_emulator


@pytest.fixture
def clock():
    return FakeClock(datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc))


@pytest.fixture(scope="session")
def session_app():
    """One Flask app for the session's tests, each of which `app` configures afresh: building an app compiles
    every URL rule (about 70 ms), which was most of a small API test's own time when each test built one."""
    from stepping_stones.app import create_app
    from stepping_stones.config import Config

    return create_app({"SETTINGS": Config(), "TESTING": True})


@pytest.fixture
def app(clean_firestore, auth_emulator, clock, monkeypatch, session_app):
    """The Flask app against the emulators, in emulator auth mode, with a hand-moved clock and a fresh
    configuration (a test that adds a route builds an app of its own with `create_app`)."""
    from stepping_stones.app import configure
    from stepping_stones.config import Config

    monkeypatch.setenv("FIREBASE_AUTH_EMULATOR_HOST", auth_emulator.host)
    settings = Config.from_env().with_overrides(testing=True)
    configure(session_app, {"SETTINGS": settings, "CLOCK": clock.now, "TESTING": True})
    return session_app


@pytest.fixture
def http(app):
    return app.test_client()


# The workers share one Auth emulator: each numbers its users from its own start.
_uids = itertools.count(1 + 100_000 * int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")))


@pytest.fixture
def new_user(http, request):
    """Make API users with ids unique to this test: new_user() is a client, new_user("therapist")."""
    from tests.support.api import ApiUser

    def make(role: str = "client") -> ApiUser:
        test_name = re.sub(r"[^A-Za-z0-9_-]", "-", request.node.name)[:40]
        return ApiUser(http, f"{role}-{test_name}-{next(_uids)}", role)

    return make


@pytest.fixture
def client_with_profile(new_user):
    """A client whose profile is set up in Europe/Berlin."""
    from tests.support.bodies import a_profile

    user = new_user()
    assert user.put("/v1/me", a_profile()).status_code == 201
    return user
