"""The client companion app (/app/) in Chromium at a phone's size: contexts, sign-up, sign-in, and the server's view."""
from __future__ import annotations

import time
import uuid

import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.web_stack import ARTIFACTS

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "service_workers": "allow"}
PASSWORD = "a-calm-password-2026"


def phone_context(browser, **extra):
    """A fresh phone-sized context: empty storage, no service worker yet."""
    return browser.new_context(**{**PHONE, **extra})


EXPECTED_CONSOLE = ("ERR_INTERNET_DISCONNECTED", "the server responded with a status of 4")


def watch(page):
    """Collects page errors and console errors. Not collected: an offline fetch, and the browser's own line for
    an expected 4xx (a new client's GET /v1/me before the profile, a refused item the app shows)."""
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("console", lambda message: page.problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" and not any(text in message.text for text in EXPECTED_CONSOLE) else None)
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def shoot(page, name: str) -> None:
    """A full-page PNG under test-artifacts/browser/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"app-{name}.png"), full_page=True)


class NewClient:
    """A person who just signed up in the app: their email, password and (once they have a profile) uid."""

    def __init__(self, name: str):
        self.name = name
        self.email = f"client-{uuid.uuid4().hex[:10]}@example.org"
        self.password = PASSWORD

    def token(self, auth_emulator) -> str:
        return auth_emulator.sign_in(self.email, self.password)

    def get(self, site, auth_emulator, path: str) -> dict:
        """The API read as this client, with a real ID token from the Auth emulator."""
        response = requests.get(f"{site.base}{path}", timeout=30,
                                headers={"Authorization": f"Bearer {self.token(auth_emulator)}"})
        assert response.status_code == 200, (path, response.status_code, response.text)
        return response.json()


def sign_up(page, base: str, name: str = "Ana") -> NewClient:
    """Create an account in the app, as a person would, and the profile; waits for today's screen."""
    client = NewClient(name)
    page.goto(f"{base}/app/")
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Email").fill(client.email)
    page.get_by_label("Password").fill(client.password)
    page.get_by_role("button", name="Create account").click()
    page.get_by_label("What should we call you?").fill(name)
    page.get_by_role("button", name="Start").click()
    page.get_by_role("heading", name=f"Hello, {name}").wait_for()
    return client


def sign_in_app(page, base: str, email: str, password: str, name: str) -> None:
    page.goto(f"{base}/app/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name=f"Hello, {name}").wait_for()


QUEUE_LENGTH = """async () => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open("stepping-stones"); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
  const count = await new Promise((ok) => { const r = db.transaction("outbox").objectStore("outbox").count(); r.onsuccess = () => ok(r.result); });
  db.close();
  return count;
}"""


def wait_until_synced(page, timeout: float = 20_000, send_now: bool = True) -> None:
    """Until the phone's queue is empty and the app says everything is saved. The app gathers a visit's changes
    for up to 20 s before sending; like an impatient person, this taps "Send now" unless told not to."""
    deadline = time.monotonic() + timeout / 1000
    while page.evaluate(QUEUE_LENGTH) > 0:
        send = page.get_by_role("button", name="Send now")
        if send_now and send.is_visible():
            try:
                send.click(timeout=1_000)
            except PlaywrightTimeout:  # it went away meanwhile: the app began sending by itself
                pass
        assert time.monotonic() < deadline, "the app's queue did not empty"
        page.wait_for_timeout(100)
    page.locator('#sync-status[data-state="synced"]').wait_for(timeout=timeout)


def check_in(page, mood: int) -> None:
    """Today's check-in from today's screen: the mood, then Save (two taps)."""
    # The radio button itself: it lies over its number (the whole key is the tap target), so a click on the
    # label's text is intercepted by it.
    page.get_by_role("group", name="Mood, from 0 (very low) to 10 (very good)").get_by_role(
        "radio", name=str(mood), exact=True).click()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Checked in today").wait_for()
