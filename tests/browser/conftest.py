"""Browser fixtures: Firestore and Auth emulators, demo data, the site served as `make run` does, and Chromium."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.support.web_stack import ARTIFACTS, SiteServer, launch_chromium
from tools.demo_accounts import create_demo_accounts, local_web_config
from tools.demo_data import DEMO_CLIENTS, THERAPIST_UID
from tools.web_server import HostingLikeApp

pytestmark = pytest.mark.emulator


@pytest.fixture(scope="session")
def site(firestore_emulator, auth_emulator):
    """The page and the API on one origin over freshly seeded demo data (real clock, as `make run`)."""
    from stepping_stones.app import create_app
    from stepping_stones.storage import get_store
    from tools.run_local import seed_demo_data

    create_demo_accounts(auth_emulator)
    saved = os.environ.get("FIREBASE_AUTH_EMULATOR_HOST")
    os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = auth_emulator.host
    app = create_app()

    def seed() -> None:
        firestore_emulator.clear()
        seed_demo_data(app, datetime.now(timezone.utc))
        server.seeded_after_clear = firestore_emulator.clears

    server = SiteServer(HostingLikeApp(app, local_web_config(auth_emulator.origin),
                                       auth_emulator_origin=auth_emulator.origin)).start()
    def demo_therapists_clients() -> list[str]:
        return [link["client_uid"] for link in get_store(app.config["SETTINGS"]).list_client_links(THERAPIST_UID)]

    server.seed = seed
    server.demo_therapists_clients = demo_therapists_clients
    seed()
    yield server
    server.stop()
    if saved is None:
        os.environ.pop("FIREBASE_AUTH_EMULATOR_HOST", None)
    else:
        os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = saved


@pytest.fixture(autouse=True)
def demo_data(request, site, firestore_emulator):
    """The demo data is there for every browser test: under `make test` a worker may run another file (which
    empties the database) between two browser files, and the demo is then seeded again.

    A test that links a client to the demo therapist unlinks it again: the therapist page's own tests expect
    the demo's two clients. One that does not is named here, and the demo is seeded afresh for the next test."""
    if site.seeded_after_clear != firestore_emulator.clears:
        site.seed()
    yield
    if site.seeded_after_clear != firestore_emulator.clears:
        return  # the test emptied the database itself; the next one seeds it
    left_linked = sorted(set(site.demo_therapists_clients()) - {client.uid for client in DEMO_CLIENTS})
    if left_linked:
        site.seed()
        pytest.fail(f"{request.node.nodeid} left {left_linked} linked to the demo therapist; unlink them in the test")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    """A fresh browser context (empty storage) per test; page errors and CSP reports are collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("console", lambda message: page.problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """screenshot("name") saves a full-page PNG under test-artifacts/browser/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def phone(browser, site):
    """The companion app's page in a fresh phone-sized context (its own storage and service worker)."""
    from tests.support.companion import phone_context, watch

    context = phone_context(browser)
    page = watch(context.new_page())
    yield page
    context.close()


@pytest.fixture
def axe_phone(browser, site):
    """A phone whose context lets axe be injected (CSP bypassed for that alone), closed after the test."""
    from tests.support.companion import phone_context, watch

    context = phone_context(browser, bypass_csp=True)
    page = watch(context.new_page())
    yield page
    context.close()


@pytest.fixture(params=[False, True], ids=["fast", "slow-phone"])
def slow_phone(request, phone):
    """Runs a sync or offline test twice: as it is, and on a slow phone (4x CPU, ~400 ms round trip, 400 kbit/s)
    from the moment the test calls slow_phone.start() (after signing up, which is not what these tests prove)."""
    from tests.support.companion import SlowPhone

    return SlowPhone(phone.context, enabled=request.param)
