"""The client companion app (/app/) in Chromium at a phone's size: contexts, sign-up, sign-in, and the server's view."""
from __future__ import annotations

import base64
import json
import re
import time
import uuid
from datetime import date, datetime, timezone

import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from stepping_stones.domain.local_dates import today_in
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

    def uid(self, auth_emulator) -> str:
        """Their Firebase uid, read from a real ID token's claims."""
        claims = self.token(auth_emulator).split(".")[1]
        return json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))["user_id"]

    def today(self, site, auth_emulator) -> date:
        """Their own today, in their profile's time zone."""
        profile = self.get(site, auth_emulator, "/v1/me")
        return today_in(profile["timezone"], datetime.now(timezone.utc))

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


# `all`: every entry of the phone's cache store (the screens' copies of server reads, and drafts).
CACHE_ENTRIES = """
  const db = await new Promise((ok, no) => { const r = indexedDB.open("stepping-stones"); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
  const all = await new Promise((ok) => { const r = db.transaction("cache").objectStore("cache").getAll(); r.onsuccess = () => ok(r.result); });
  db.close();"""

DRAFT_HOLDS = """async (text) => {""" + CACHE_ENTRIES + """
  return all.some((entry) => entry.key.includes(" draft ") && entry.data && JSON.stringify(entry.data).includes(text));
}"""

KEPT_SINCE = """async ([name, since]) => {""" + CACHE_ENTRIES + """
  return all.some((entry) => entry.key.endsWith(` ${name}`) && entry.at >= since);
}"""


def wait_for_draft(page, text: str, seconds: float = 10) -> None:
    """Until the phone's storage holds a draft with `text` in it (drafts are written a moment after typing stops)."""
    wait_until(page, lambda: page.evaluate(DRAFT_HOLDS, text), seconds)
    assert page.evaluate(DRAFT_HOLDS, text), f"no draft holds {text!r}"


def wait_until_kept(page, name: str, since: float, seconds: float = 10) -> None:
    """Until the phone keeps a copy of `name` (a screen's server read) written at or after `since` (the page's
    Date.now()): a screen that read it draws right after."""
    wait_until(page, lambda: page.evaluate(KEPT_SINCE, [name, since]), seconds)
    assert page.evaluate(KEPT_SINCE, [name, since]), f"the phone kept no copy of {name!r} since {since}"


def mark_screen(page) -> None:
    """Marks the screen drawn now, so that `wait_for_redraw` can tell when it has been drawn again."""
    page.evaluate("() => { document.querySelector('#main h1').dataset.drawnBefore = 'yes'; }")


REDRAWN = "() => Boolean(document.querySelector('#main h1')) && !document.querySelector('#main h1[data-drawn-before]')"


def wait_for_redraw(page, seconds: float = 10) -> None:
    """Until the screen marked by `mark_screen` has been drawn again (a redraw replaces the screen's heading)."""
    wait_until(page, lambda: page.evaluate(REDRAWN), seconds)
    assert page.evaluate(REDRAWN), "the screen was not drawn again"


def send_now(page) -> None:
    """Taps "Send now", as a person who wants the server's answer at once would (the app otherwise gathers a
    visit's changes for up to 20 s)."""
    page.get_by_role("button", name="Send now").click()


def wait_until_synced(page, timeout: float = 20_000, send_now: bool = True) -> None:
    """Until the phone's queue is empty and the app says everything is saved. The app gathers a visit's changes
    for up to 20 s before sending; like an impatient person, this taps "Send now" unless told not to."""
    deadline = time.monotonic() + timeout / 1000
    if len(page.context.pages) > 1:
        page.bring_to_front()  # a tab behind another draws no frames: a tap on its "Send now" never lands
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


MOOD = "Mood, from 0 (very low) to 10 (very good)"  # the check-in's 0-10 scale


def pick(page, legend: str, value: int) -> None:
    """Tap `value` on the 0-10 scale under `legend`: the radio button itself, which lies over its number (the
    whole key is the tap target), so a click on the label's text is intercepted by it."""
    page.get_by_role("group", name=legend).get_by_role("radio", name=str(value), exact=True).check()


def check_in(page, mood: int) -> None:
    """Today's check-in from today's screen: the mood, then Save (two taps)."""
    pick(page, MOOD, mood)
    save_check_in(page)


def check_in_on(page, base: str, day: str, mood: int, went_well: str | None = None) -> None:
    """A check-in for another day from the check-in form: the day, the mood (and what went well), then Save."""
    page.goto(f"{base}/app/#/checkin")
    page.get_by_label("Day", exact=True).fill(day)
    pick(page, MOOD, mood)
    if went_well is not None:
        page.get_by_label("What went well? (optional)").fill(went_well)
    save_check_in(page)


def save_check_in(page) -> None:
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Checked in today").wait_for()


APP_TIME_TO_CHECK_IN = """() => {
  const at = (name) => performance.getEntriesByName(name)[0].startTime;
  return at("checkin-ready") + (at("checkin-stored") - at("checkin-save-start"));
}"""


def app_ms_to_check_in(page) -> float:
    """App time from opening the page to a stored check-in: to the form being ready, plus Save to stored (the
    person's own time between is not the app's)."""
    return page.evaluate(APP_TIME_TO_CHECK_IN)


def shell_files(base: str) -> list[str]:
    """What the service worker precaches on the first visit (its SHELL_FILES, as built into /app/sw.js)."""
    worker = requests.get(f"{base}/app/sw.js", timeout=10).text
    return sorted(set(re.findall(r'"(/(?:app/[^"#]*|firebase-config\.json))"', worker)))


def wait_until(page, condition, seconds: float = 10) -> None:
    """Polls `condition()` while the page runs, until it is true or `seconds` pass (the caller asserts after)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        page.wait_for_timeout(100)


# A slow phone on a poor connection: Chromium's own CPU throttling and network emulation, through the DevTools
# protocol, on every page of a context (a second tab too).
SLOW_CPU_RATE = 4
SLOW_NETWORK = {"latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}


class SlowPhone:
    """Throttles every page of `context` once started: `rate`x slower CPU, ~400 ms round trip and 400 kbit/s each
    way. `set_offline` drops the connection and brings it back slow (Playwright's own set_offline would bring it
    back at full speed). With `enabled=False` (the fast run of a parametrized test) it changes nothing."""

    def __init__(self, context, rate: int = SLOW_CPU_RATE, network: dict | None = None, enabled: bool = True):
        self.context = context
        self.rate = rate
        self.network = SLOW_NETWORK if network is None else network
        self.enabled = enabled
        self.sessions = []
        self.offline = False

    def start(self) -> "SlowPhone":
        if self.enabled:
            self.context.slow_phone = self
            self.context.on("page", self.throttle)
            for page in self.context.pages:
                self.throttle(page)
        return self

    def throttle(self, page) -> None:
        cdp = self.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": self.rate})
        cdp.send("Network.enable")
        self.sessions.append(cdp)
        self._send_conditions(cdp)

    def _send_conditions(self, cdp) -> None:
        cdp.send("Network.emulateNetworkConditions", {"offline": self.offline, **self.network})

    def set_offline(self, offline: bool) -> None:
        self.offline = offline
        self.context.set_offline(offline)  # navigator.onLine and the "online" event, as Playwright does them
        for cdp in self.sessions:
            self._send_conditions(cdp)


def set_offline(page, offline: bool) -> None:
    """The phone's connection dropped or back, at the phone's own speed when it is a slow phone."""
    slow = getattr(page.context, "slow_phone", None)
    if slow is not None:
        slow.set_offline(offline)
    else:
        page.context.set_offline(offline)
