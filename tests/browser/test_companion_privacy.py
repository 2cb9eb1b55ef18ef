"""The companion app's progress, inbox, help and "You" screens in Chromium at a phone's size, against the
`make run` stack: what the client sees matches the API, and consent, access, export and erasure do what they say."""
from __future__ import annotations

import json
import re
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from stepping_stones.domain.sharing import NOTES_SWITCH
from tests.support.companion import (
    check_in,
    phone_context,
    set_offline,
    shoot,
    sign_in_app,
    sign_up,
    wait_until,
    wait_until_kept,
    wait_until_synced,
    watch,
)
from tests.support.export_check import verify_export
from tests.support.web_stack import serious_violations
from tools.demo_accounts import DEMO_ACCOUNTS
from tools.demo_data import MIRA

pytestmark = pytest.mark.emulator

WENT_WELL = "Walked to the bakery and said hello to Jo"


# ---- helpers -------------------------------------------------------------------------------------------------

@contextmanager
def offline(page):
    """The phone without a connection for the block, and back online after it whatever happens."""
    set_offline(page, True)
    try:
        yield
    finally:
        set_offline(page, False)


def app_problems(page) -> list[str]:
    """The app's own errors. Chromium also logs each HTTP error answer the app handles (the 409 before a profile
    exists, a 404 for an unknown code) as "Failed to load resource": those are left aside."""
    return [problem for problem in page.problems if "Failed to load resource" not in problem]


class Therapist:
    """A therapist account of the test's own in the Auth emulator (the demo therapist's client list stays as the
    therapist page's tests expect it), calling the API with real ID tokens."""

    def __init__(self, site, auth_emulator):
        self.site, self.auth_emulator = site, auth_emulator
        self.uid = f"therapist-{uuid.uuid4().hex[:10]}"
        self.email, self.password = f"{self.uid}@example.org", "a-steady-password-2026"
        self.name = None
        auth_emulator.create_user(self.uid, self.email, self.password, "therapist", "Test therapist")

    def call(self, method: str, path: str, body: dict | None = None) -> requests.Response:
        token = self.auth_emulator.sign_in(self.email, self.password)
        return requests.request(method, f"{self.site.base}{path}", json=body, timeout=30,
                                headers={"Authorization": f"Bearer {token}"})

    def take_the_name(self, name: str) -> None:
        response = self.call("PUT", "/v1/therapist/profile", {"display_name": name, "timezone": "Pacific/Auckland"})
        assert response.status_code in (200, 201), response.text
        self.name = name

    def invite(self) -> str:
        response = self.call("POST", "/v1/invites")
        assert response.status_code == 201, response.text
        return response.json()["code"]

    def entries_of(self, client_uid: str) -> requests.Response:
        return self.call("GET", f"/v1/clients/{client_uid}/entries?kinds=checkin")

    @property
    def in_text(self) -> str:
        """How the app names them mid-sentence: their name, or "your therapist" while they have none."""
        return self.name or "your therapist"

    @property
    def title(self) -> str:
        return self.name or "Your therapist"


@pytest.fixture
def therapist(site, auth_emulator):
    return Therapist(site, auth_emulator)


def open_screen(page, address: str, heading: str) -> None:
    page.evaluate("(address) => { location.hash = address; }", address)
    page.get_by_role("heading", name=heading, exact=True, level=1).wait_for()


def track_api_reads(page) -> list:
    """The page's API requests still in flight (kept up to date as they start and end)."""
    in_flight: list = []
    page.on("request", lambda request: in_flight.append(request) if "/v1/" in request.url else None)
    done = lambda request: in_flight.remove(request) if request in in_flight else None  # noqa: E731
    page.on("requestfinished", done)
    page.on("requestfailed", done)
    return in_flight


def settled(page, in_flight: list) -> None:
    """Until the screen's API reads have all answered and what they drew has been painted."""
    wait_until(page, lambda: not in_flight)
    assert not in_flight, [request.url for request in in_flight]
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def check_in_with_words(page, mood: int, went_well: str) -> None:
    page.get_by_role("group", name="Mood, from 0 (very low) to 10 (very good)").get_by_role(
        "radio", name=str(mood), exact=True).click()
    page.get_by_text("Add energy, sleep or what went well").click()
    page.get_by_label("What went well? (optional)").fill(went_well)
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Checked in today").wait_for()


def link_in_app(page, therapist: Therapist) -> None:
    """Links with a fresh code of the therapist's, through the app, as a person would."""
    open_screen(page, "#/me/links", "Your therapist")
    page.get_by_label("Code from your therapist").fill(therapist.invite())
    page.get_by_role("button", name="Check the code").click()
    page.get_by_role("heading", name=f"{therapist.title} invited you").wait_for()
    page.get_by_role("button", name=f"Link with {therapist.in_text}").click()
    page.get_by_text(f"You are linked with {therapist.in_text}.").wait_for()


def signed_up_and_checked_in(page, site, name: str, went_well: str | None = None):
    client = sign_up(page, site.base, name)
    if went_well:
        check_in_with_words(page, 7, went_well)
    else:
        check_in(page, 7)
    wait_until_synced(page)
    page.locator(".done-card .badge-synced").wait_for()  # today's check-in is on the server
    return client


PHONE_HOLDS = """async (uid) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("stepping-stones");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const held = (name) => new Promise((resolve, reject) => {
    const all = db.transaction(name).objectStore(name).getAll();
    all.onsuccess = () => resolve(all.result.filter((item) => item.uid === uid
      || String(item.key).startsWith(`${uid} `)).length);
    all.onerror = () => reject(all.error);
  });
  const counts = { records: await held("records"), outbox: await held("outbox"), cache: await held("cache") };
  db.close();
  return counts;
}"""


# ---- Your progress -------------------------------------------------------------------------------------------

def test_a_check_in_is_counted_in_your_progress_and_earns_a_first_entry_win(phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Rua")
    check_in(phone, 6)
    phone.get_by_role("link", name="Progress").click()
    phone.get_by_role("heading", name="Your progress", level=1).wait_for()
    # Shown as soon as the check-in reaches the server (the screen reads again after the upload, not on each redraw).
    expect(phone.locator('[data-field="checkins-7"]')).to_have_text("1", timeout=20_000)
    summary = client.get(site, auth_emulator, "/v1/summary")
    assert summary["checkin_streak"]["current"] == 1
    expect(phone.locator('[data-field="streak"]')).to_have_text("1 day so far: a fresh start")
    wins = client.get(site, auth_emulator, "/v1/wins")["items"]
    first = next(win for win in wins if win["rule"] == "first-entry")
    feed = phone.get_by_role("region", name="Your wins")
    expect(feed.locator(f'li[data-id="{first["id"]}"] .win-message')).to_have_text(first["message"])
    assert feed.locator("li").count() == len(wins)
    shoot(phone, "progress")
    assert app_problems(phone) == []


def test_progress_leads_with_what_was_done_in_the_last_four_weeks_and_shows_the_streak_after_it_smaller(
        phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Aroha")
    check_in(phone, 7)
    phone.get_by_role("link", name="Progress").click()
    phone.get_by_role("heading", name="Your progress", level=1).wait_for()
    done = phone.get_by_role("region", name="What you did in the last 4 weeks")
    expect(done.locator('[data-field="checkin-days-28"]')).to_have_text("1", timeout=20_000)
    summary = client.get(site, auth_emulator, "/v1/summary")
    month = summary["counts"]["last_28_days"]
    expect(done.locator('[data-field="breathing-28"]')).to_have_text(str(month["breathing"]))
    expect(done.locator('[data-field="moods-28"]')).to_have_text(str(month["mood"]))
    wins = client.get(site, auth_emulator, "/v1/wins")["items"]
    assert wins, "a first check-in earns a win"
    expect(done.locator('[data-field="wins-28"]')).to_have_text(str(len(wins)))
    expect(done.locator('[data-field="steps-week"]')).to_have_text(str(summary["steps_done_this_week"]))
    headings = phone.locator("#main h2").all_inner_texts()
    assert headings.index("What you did in the last 4 weeks") < headings.index("Check-ins") \
        < headings.index("Habits taking root"), headings
    size = "(selector) => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize)"
    assert phone.evaluate(size, '[data-field="streak"]') < phone.evaluate(size, '[data-field="checkin-days-28"]')
    shoot(phone, "progress-what-you-did")
    assert app_problems(phone) == []


def test_show_older_follows_the_cursor_until_every_win_is_listed_newest_first(phone, site, auth_emulator):
    mira = next(account for account in DEMO_ACCOUNTS if account.uid == MIRA.uid)
    token = auth_emulator.sign_in(mira.email, mira.password)
    every = requests.get(f"{site.base}/v1/wins?limit=100", headers={"Authorization": f"Bearer {token}"},
                         timeout=30).json()["items"]
    assert len(every) > 6
    # Small pages, so the demo client's history needs several of them.
    phone.route(re.compile(r".*/v1/wins(\?.*)?$"), lambda route: route.continue_(
        url=route.request.url + ("&" if "?" in route.request.url else "?") + "limit=5"))
    sign_in_app(phone, site.base, mira.email, mira.password, mira.display_name)
    phone.get_by_role("link", name="Progress").click()
    feed = phone.get_by_role("region", name="Your wins")
    expect(feed.locator("li")).to_have_count(5)
    while feed.get_by_role("button", name="Show older").is_visible():
        shown = feed.locator("li").count()
        feed.get_by_role("button", name="Show older").click()
        expect(feed.locator("li")).not_to_have_count(shown)
    assert feed.locator("li").evaluate_all("(items) => items.map((item) => item.dataset.id)") == [
        win["id"] for win in every]


def test_the_summary_is_read_when_progress_opens_not_on_redraws_nor_again_within_a_minute(phone, site):
    sign_up(phone, site.base, "Ngaio")
    reads = []
    phone.on("request", lambda request: reads.append(request.url) if "/v1/summary" in request.url else None)
    phone.get_by_role("link", name="Progress").click()
    phone.get_by_role("heading", name="Your progress", level=1).wait_for()
    expect(phone.locator('[data-field="streak"]')).to_be_visible()
    assert len(reads) == 1
    other = watch(phone.context.new_page())  # a second tab: its check-in makes this one redraw
    other.goto(f"{site.base}/app/")
    other.get_by_role("heading", name="Hello, Ngaio").wait_for()
    check_in(other, 5)
    wait_until_synced(other)
    other.locator(".done-card .badge-synced").wait_for()
    phone.get_by_role("link", name="Today").click()
    phone.get_by_role("heading", name="Checked in today").wait_for()  # this tab heard of the other's check-in
    phone.get_by_role("link", name="Progress").click()
    phone.get_by_role("heading", name="Your progress", level=1).wait_for()
    assert len(reads) == 1
    other.close()


def test_progress_never_calls_a_missed_day_a_failure_and_opens_offline_from_the_phones_copy(phone, site):
    sign_up(phone, site.base, "Ira")
    phone.get_by_role("link", name="Progress").click()
    expect(phone.locator('[data-field="streak"]')).to_have_text(
        "Every check-in counts; start again whenever you like")
    body = phone.locator("#main").inner_text().lower()
    assert not re.search(r"\b(missed|failed|failure|broke|lost your)\b", body), body
    phone.get_by_role("link", name="Today").click()
    with offline(phone):
        phone.get_by_role("link", name="Progress").click()
        phone.get_by_role("heading", name="Your progress", level=1).wait_for()
        expect(phone.locator(".last-updated")).to_contain_text("Last updated")
        expect(phone.locator('[data-field="streak"]')).to_be_visible()


# ---- Inbox ---------------------------------------------------------------------------------------------------

def test_the_inbox_shows_the_win_notification_and_marking_it_read_persists(phone, site, auth_emulator):
    client = signed_up_and_checked_in(phone, site, "Noa")
    notifications = client.get(site, auth_emulator, "/v1/notifications")["items"]
    win = next(item for item in notifications if item["type"] == "micro_win")
    assert win["read_at"] is None
    phone.get_by_role("link", name="Inbox").click()
    item = phone.locator(f'li[data-id="{win["id"]}"]')
    expect(item.get_by_role("heading")).to_have_text(win["title"])
    expect(item).to_contain_text(win["body"])
    expect(item.locator(".badge-new")).to_have_text("New")
    shoot(phone, "inbox")
    item.get_by_role("button", name=f"Mark read: {win['title']}").click()
    expect(item.locator(".badge-new")).to_have_count(0)
    read = next(n for n in client.get(site, auth_emulator, "/v1/notifications")["items"] if n["id"] == win["id"])
    assert read["read_at"] is not None
    phone.reload()
    phone.get_by_role("heading", name="Inbox", level=1).wait_for()
    expect(phone.locator(f'li[data-id="{win["id"]}"]')).to_be_visible()
    expect(phone.locator(f'li[data-id="{win["id"]}"] .badge-new')).to_have_count(0)
    with offline(phone):  # offline, the copy kept on the phone, as it was last seen
        phone.get_by_role("link", name="Today").click()
        phone.get_by_role("link", name="Inbox").click()
        expect(phone.locator(".last-updated")).to_contain_text("you are offline")
        expect(phone.locator(f'li[data-id="{win["id"]}"]')).to_contain_text(win["body"])
        expect(phone.locator(f'li[data-id="{win["id"]}"] .badge-new')).to_have_count(0)
    phone.locator(f'li[data-id="{win["id"]}"]').get_by_role("link", name="See your progress").click()
    phone.get_by_role("heading", name="Your progress", level=1).wait_for()
    assert app_problems(phone) == []


# ---- Help ----------------------------------------------------------------------------------------------------

def test_help_opens_signed_out_from_the_sign_in_screen_and_again_offline(phone, site):
    phone.goto(f"{site.base}/app/")
    phone.get_by_role("heading", name="Sign in").wait_for()
    phone.get_by_role("link", name="Need help right now?").click()
    phone.get_by_role("heading", name="Help right now", level=1).wait_for()
    # The phone's own zone and language choose the first country (the machine's, here): ask the API the same way.
    zone, language = phone.evaluate("() => [Intl.DateTimeFormat().resolvedOptions().timeZone, navigator.language]")
    help_answer = requests.get(f"{site.base}/v1/help", params={"zone": zone, "language": language}, timeout=30).json()
    default = help_answer["countries"][0]
    expect(phone.locator(".help-note")).to_have_text(help_answer["note"])
    expect(phone.locator("section.country h2").first).to_have_text(default["name"])
    emergency = phone.get_by_role("link", name=f"Call {default['emergency']}").first
    expect(emergency).to_have_attribute("href", f"tel:{default['emergency']}")
    phone.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    phone.reload()  # now under the service worker, which keeps the app's shell for offline opening
    phone.get_by_role("heading", name="Help right now", level=1).wait_for()
    with offline(phone):
        phone.reload()
        phone.get_by_role("heading", name="Help right now", level=1).wait_for()
        expect(phone.locator(".last-updated")).to_contain_text("you are offline")
        expect(phone.get_by_role("link", name=f"Call {default['emergency']}").first).to_be_visible()
        assert phone.locator("#nav").is_hidden()
        shoot(phone, "help-offline-signed-out")
        phone.get_by_role("link", name="Back to sign in").click()
        phone.get_by_role("heading", name="Sign in").wait_for()


def test_a_new_client_in_germany_sees_germanys_lines_first_and_again_offline(browser, site):
    context = phone_context(browser, timezone_id="Europe/Berlin", locale="de-DE")
    phone = watch(context.new_page())
    try:
        germany = requests.get(f"{site.base}/v1/help", params={"country": "DE"}, timeout=30).json()["countries"][0]
        sign_up(phone, site.base, "Lena")
        open_screen(phone, "#/me", "You")
        expect(phone.get_by_text("Your day follows Europe/Berlin.")).to_be_visible()  # the profile's zone
        open_screen(phone, "#/help", "Help right now")
        first = phone.locator("section.country h2").first
        expect(first).to_have_text(germany["name"])
        expect(phone.get_by_role("link", name=f"Call {germany['emergency']}").first).to_be_visible()
        expect(phone.get_by_role("heading", name="Other countries")).to_be_visible()
        expect(phone.locator("details.country summary", has_text=germany["name"])).to_have_count(0)
        shoot(phone, "help-germany-first")
        phone.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        with offline(phone):
            phone.reload()
            phone.get_by_role("heading", name="Help right now", level=1).wait_for()
            expect(phone.locator(".last-updated")).to_contain_text("you are offline")
            expect(phone.locator("section.country h2").first).to_have_text(germany["name"])
        assert app_problems(phone) == []
    finally:
        context.close()


# ---- Your therapist: linking, note sharing, unlinking ---------------------------------------------------------

def test_linking_shows_the_preview_and_the_therapist_reads_notes_only_while_the_switch_is_on(phone, site,
                                                                                            auth_emulator, therapist):
    therapist.take_the_name("Dr Rewi Hale")
    named = therapist.name
    client = signed_up_and_checked_in(phone, site, "Kai", went_well=WENT_WELL)
    client_uid = client.get(site, auth_emulator, "/v1/me")["uid"]
    open_screen(phone, "#/me/links", "Your therapist")
    expect(phone.get_by_text("You are not linked with a therapist.")).to_be_visible()
    phone.get_by_label("Code from your therapist").fill(therapist.invite())
    phone.get_by_role("button", name="Check the code").click()
    preview = phone.get_by_role("region", name="Dr Rewi Hale invited you")
    expect(preview).to_contain_text("but not the words you write")
    expect(preview.get_by_role("heading", name="What they see")).to_be_visible()
    expect(preview).to_contain_text("This code works until")
    # The switch names exactly what it shares, in the words of the statement's table.
    expect(preview.get_by_role("checkbox", name=f"Also share my notes ({NOTES_SWITCH})", exact=True)).to_be_visible()
    shoot(phone, "link-preview")
    preview.get_by_role("button", name=f"Link with {named}").click()
    phone.get_by_text(f"You are linked with {named}.").wait_for()

    def went_well_seen() -> str | None:
        response = therapist.entries_of(client_uid)
        assert response.status_code == 200, response.text
        return response.json()["items"][0]["went_well"]

    assert went_well_seen() is None
    switch = phone.get_by_role("switch", name=f"Share my notes with {named} ({NOTES_SWITCH})", exact=True)
    expect(switch).not_to_be_checked()
    switch.focus()
    phone.keyboard.press("Space")  # keyboard, as a switch should work
    phone.get_by_text("can now read the words you write").wait_for()
    expect(phone.get_by_role("switch", name=f"Share my notes with {named}")).to_be_checked()
    assert went_well_seen() == WENT_WELL
    shoot(phone, "links-sharing")
    phone.get_by_role("switch", name=f"Share my notes with {named}").click()
    phone.get_by_text("no longer reads your notes").wait_for()
    assert went_well_seen() is None
    assert app_problems(phone) == []


def test_stopping_sharing_asks_first_then_ends_the_therapists_access_at_once(phone, site, auth_emulator, therapist):
    client = signed_up_and_checked_in(phone, site, "Lio")
    client_uid = client.get(site, auth_emulator, "/v1/me")["uid"]
    link_in_app(phone, therapist)  # a therapist without a name yet: the app says "your therapist"
    named = therapist.in_text
    assert named == "your therapist"
    assert therapist.entries_of(client_uid).status_code == 200
    phone.get_by_role("button", name=f"Stop sharing with {named}").click()
    expect(phone.get_by_text("loses access at once")).to_be_visible()
    assert therapist.entries_of(client_uid).status_code == 200  # nothing yet
    shoot(phone, "unlink-confirm")
    phone.get_by_role("button", name=f"Yes, stop sharing with {named}").click()
    phone.get_by_text("Their access has ended.").wait_for()
    assert therapist.entries_of(client_uid).status_code in (403, 404)
    assert client.get(site, auth_emulator, "/v1/links")["items"] == []
    expect(phone.get_by_text("You are not linked with a therapist.")).to_be_visible()


def test_an_unknown_code_gets_the_apis_own_message(phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Mo")
    unknown = "AAAA-BBBB-CCCC-DDDD"
    answer = requests.get(f"{site.base}/v1/invites/{unknown}", timeout=30,
                          headers={"Authorization": f"Bearer {client.token(auth_emulator)}"})
    assert answer.status_code == 404
    open_screen(phone, "#/me/links", "Your therapist")
    phone.get_by_label("Code from your therapist").fill(unknown)
    phone.get_by_role("button", name="Check the code").click()
    expect(phone.locator("#code-status")).to_have_text(answer.json()["error"]["message"])
    phone.get_by_label("Code from your therapist").fill("not a code!")
    phone.get_by_role("button", name="Check the code").click()
    expect(phone.locator("#invite-code-error")).to_contain_text("16 letters and digits")
    expect(phone.get_by_role("region", name="Your therapist invited you")).to_have_count(0)


OTHER_TAB_CHANGED = """(uid) => new BroadcastChannel("stepping-stones").postMessage({ uid, type: "changed" })"""


def test_a_code_typed_while_a_redraw_that_began_before_the_screen_was_drawn_is_kept(phone, site, auth_emulator,
                                                                                       therapist):
    """A redraw (another tab saved) that starts while the links screen still waits for its first read ends after
    the screen is on show and the code typed: it leaves the screen as it is, as a redraw of it always does."""
    client = sign_up(phone, site.base, "Ira")
    therapist.take_the_name("Dr Ana Rua")
    code = therapist.invite()
    held = []
    phone.route("**/v1/links", lambda route: held.append(route))
    phone.evaluate("() => { location.hash = '#/me/links'; }")
    wait_until(phone, lambda: len(held) == 1)
    phone.evaluate(OTHER_TAB_CHANGED, client.uid(auth_emulator))
    wait_until(phone, lambda: len(held) == 2)
    assert len(held) == 2, "the redraw did not read the links"
    held[0].continue_()  # the first draw lands: the screen is on show, and the client types
    phone.get_by_label("Code from your therapist").fill(code)
    before = phone.evaluate("() => Date.now()")
    held[1].continue_()  # then the redraw's read answers, and the phone keeps it before the redraw goes on
    phone.unroute("**/v1/links")
    wait_until_kept(phone, "links", before)
    phone.evaluate("() => new Promise((next) => setTimeout(next, 0))")  # the redraw's own next step runs first
    assert phone.get_by_label("Code from your therapist").input_value() == code
    phone.get_by_role("button", name="Check the code").click()
    phone.get_by_role("heading", name="Dr Ana Rua invited you").wait_for()
    assert phone.problems == []


# ---- Who saw what, when --------------------------------------------------------------------------------------

def test_the_access_log_shows_the_therapists_read(phone, site, auth_emulator, therapist):
    therapist.take_the_name("Dr Ana Moss")
    client = signed_up_and_checked_in(phone, site, "Ada")
    client_uid = client.get(site, auth_emulator, "/v1/me")["uid"]
    open_screen(phone, "#/me/access", "Who saw what, when")
    expect(phone.get_by_text("No one has looked at your data yet")).to_be_visible()
    link_in_app(phone, therapist)
    assert therapist.entries_of(client_uid).status_code == 200
    trail = client.get(site, auth_emulator, "/v1/me/access-log")["items"]
    assert [record["what"] for record in trail] == ["entries page"]
    open_screen(phone, "#/me/access", "Who saw what, when")  # opening the screen again reads it again
    entry = phone.locator("ul.access-log li").first
    assert trail[0]["therapist_name"] == "Dr Ana Moss"
    expect(entry).to_contain_text("Dr Ana Moss looked at your entries")
    shoot(phone, "access-log")


# ---- Download everything -------------------------------------------------------------------------------------

def test_download_everything_follows_every_page_into_one_file_that_ends_with_the_count_and_checksum(
        phone, site, auth_emulator, monkeypatch):
    from stepping_stones.services import my_data

    monkeypatch.setattr(my_data, "PAGE_DOCUMENTS", 2)  # the in-process server pages as a long history would
    client = signed_up_and_checked_in(phone, site, "Eli", went_well=WENT_WELL)
    open_screen(phone, "#/me/export", "Download everything")
    with phone.expect_download() as waiting:
        phone.get_by_role("button", name="Download everything").click()
    download = waiting.value
    assert re.fullmatch(r"stepping-stones-export-\d{4}-\d{2}-\d{2}\.ndjson", download.suggested_filename)
    text = Path(download.path()).read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    end = json.loads(lines[-1])["end"]
    pages = pages_of(text)
    assert len(pages) >= 3, len(pages)
    records = verify_export(pages)  # the count and the checksum match what was saved
    assert end["documents"] == len(records) > 0
    assert re.fullmatch(r"[0-9a-f]{64}", end["sha256"])
    uid = client.get(site, auth_emulator, "/v1/me")["uid"]
    assert json.loads(lines[0])["export"]["uid"] == uid
    assert WENT_WELL in text
    expect(phone.locator("#export-status")).to_have_text(
        f"Saved: {len(records)} records from {len(pages)} pages, complete and checked.")
    shoot(phone, "export")


def test_download_everything_says_it_needs_a_connection_when_offline(phone, site):
    sign_up(phone, site.base, "Oti")
    with offline(phone):
        open_screen(phone, "#/me/export", "Download everything")
        expect(phone.get_by_text("Downloading needs a connection. Your entries are safe")).to_be_visible()
        phone.get_by_role("button", name="Download everything").click()
        expect(phone.locator("#export-status")).to_have_text(
            "Downloading needs a connection. Please try again when you are online.")


def pages_of(text: str) -> list[bytes]:
    """The saved file cut back into the pages it was joined from (each ends with its `page` or `end` line)."""
    pages, current = [], []
    for line in text.rstrip("\n").split("\n"):
        current.append(line)
        record = json.loads(line)
        if "page" in record or "end" in record:
            pages.append(("\n".join(current) + "\n").encode())
            current = []
    assert current == [], "lines after the end line"
    return pages


# ---- Erase everything ----------------------------------------------------------------------------------------

def test_erasing_after_typing_delete_leaves_nothing_on_the_server_or_the_phone(phone, site, auth_emulator,
                                                                               slow_phone):
    client = signed_up_and_checked_in(phone, site, "Ari")
    slow_phone.start()
    token = client.token(auth_emulator)  # signed in before the erasure: refused after it
    uid = client.get(site, auth_emulator, "/v1/me")["uid"]
    phone.get_by_role("link", name="Progress").click()  # leaves a copy of the summary on the phone
    phone.get_by_role("heading", name="Your progress", level=1).wait_for()
    held = phone.evaluate(PHONE_HOLDS, uid)
    assert held["records"] > 0 and held["cache"] > 0, held
    open_screen(phone, "#/me/erase", "Erase everything")
    expect(phone.get_by_text("Nothing is waiting on this phone to be sent.")).to_be_visible()
    phone.get_by_role("button", name="Erase my account").click()
    expect(phone.locator("#erase-confirm-error")).to_have_text("Type DELETE in capital letters to confirm.")
    phone.get_by_label("Type DELETE to confirm").fill("DELETE")
    shoot(phone, "erase")
    phone.get_by_role("button", name="Erase my account").click()
    phone.get_by_text("Your account and everything in it is erased.").wait_for(timeout=60_000)
    assert phone.locator("#nav").is_hidden()
    shoot(phone, "erased")
    gone = requests.get(f"{site.base}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert gone.status_code == 410, gone.text
    assert gone.json()["error"]["code"] == "account_erased"
    erasure = requests.get(f"{site.base}/v1/me/erasure", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert erasure.json()["state"] == "done"
    assert phone.evaluate(PHONE_HOLDS, uid) == {"records": 0, "outbox": 0, "cache": 0}
    phone.get_by_role("link", name="Back to the start").click()
    phone.get_by_role("heading", name="Sign in").wait_for()
    assert app_problems(phone) == []


def test_an_erasure_that_carries_on_in_the_background_is_followed_until_it_is_done(phone, site, auth_emulator,
                                                                                   monkeypatch):
    from stepping_stones.services import erasure

    real, calls = erasure._delete_everything, []

    def out_of_time_at_first(store, uid, time_left):
        calls.append(uid)
        return False if len(calls) == 1 else real(store, uid, time_left)

    monkeypatch.setattr(erasure, "_delete_everything", out_of_time_at_first)  # DELETE /v1/me answers 202
    client = signed_up_and_checked_in(phone, site, "Pita")
    token = client.token(auth_emulator)
    open_screen(phone, "#/me/erase", "Erase everything")
    phone.get_by_label("Type DELETE to confirm").fill("DELETE")
    phone.get_by_role("button", name="Erase my account").click()
    expect(phone.locator("#erase-status")).to_contain_text("removed so far")
    phone.get_by_text("Your account and everything in it is erased.").wait_for(timeout=60_000)
    assert len(calls) >= 2
    status = requests.get(f"{site.base}/v1/me/erasure", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert status.json()["state"] == "done"


def test_erasing_needs_a_connection_and_says_so_offline(phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Tui")
    with offline(phone):
        check_in(phone, 5)
        open_screen(phone, "#/me/erase", "Erase everything")
        expect(phone.get_by_text("1 change is still only on this phone.")).to_be_visible()
        expect(phone.get_by_text("Erasing needs a connection.")).to_be_visible()
        phone.get_by_label("Type DELETE to confirm").fill("DELETE")
        phone.get_by_role("button", name="Erase my account").click()
        expect(phone.locator("#erase-status")).to_have_text(
            "Erasing needs a connection. Please try again when you are online.")
    assert client.get(site, auth_emulator, "/v1/me")["display_name"] == "Tui"


# ---- Signing out, and sessions that end ----------------------------------------------------------------------

EVERYTHING_ON_THE_PHONE = """async () => {
  const found = [];
  const ask = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  for (const { name } of await indexedDB.databases()) {
    const db = await ask(indexedDB.open(name));
    for (const store of db.objectStoreNames) {
      const objects = db.transaction(store).objectStore(store);
      const [keys, values] = await Promise.all([ask(objects.getAllKeys()), ask(objects.getAll())]);
      found.push([`IndexedDB ${name}/${store}`, JSON.stringify([keys, values])]);
    }
    db.close();
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push([`Cache ${name} ${request.url}`, `${request.url} ${await response.text()}`]);
    }
  }
  found.push(["localStorage", JSON.stringify({ ...localStorage })]);
  found.push(["sessionStorage", JSON.stringify({ ...sessionStorage })]);
  return found;
}"""


def traces_on_the_phone(page, *words: str) -> list[str]:
    """Where on the phone (every IndexedDB database, store, key and value; every Cache Storage entry, its address
    and body; local and session storage) any of `words` is found."""
    return sorted({f"{where}: {word}" for where, text in page.evaluate(EVERYTHING_ON_THE_PHONE)
                   for word in words if word in text})


def uid_of(client, site, auth_emulator) -> str:
    return client.get(site, auth_emulator, "/v1/me")["uid"]


def test_after_sign_out_and_another_persons_sign_in_nothing_of_the_first_person_is_left_on_the_phone(
        phone, site, auth_emulator):
    client = signed_up_and_checked_in(phone, site, "Marama", went_well=WENT_WELL)
    uid = uid_of(client, site, auth_emulator)
    open_screen(phone, "#/progress", "Your progress")  # the summary and the wins, copied to the phone
    phone.get_by_role("region", name="Your wins").locator("li").first.wait_for(timeout=20_000)
    open_screen(phone, "#/inbox", "Inbox")  # the win's notification, copied to the phone
    phone.locator("#main li[data-id]").first.wait_for()
    open_screen(phone, "#/me", "You")
    words = (uid, client.email, WENT_WELL, "Marama")
    before = traces_on_the_phone(phone, *words)
    assert any(WENT_WELL in trace for trace in before) and any(uid in trace for trace in before), before
    phone.get_by_role("button", name="Sign out").click()  # nothing unsent: no question
    phone.get_by_role("heading", name="Sign in").wait_for()
    expect(phone.get_by_text("This phone no longer holds your entries.")).to_be_visible()
    sign_up(phone, site.base, "Tama")
    wait_until_synced(phone)
    assert traces_on_the_phone(phone, *words) == []
    assert app_problems(phone) == []


def hold_sync_busy(page) -> None:
    """The API answers every sync 503 with Retry-After: an hour, so the app keeps its queue until asked."""
    page.route("**/v1/sync", lambda route: route.fulfill(
        status=503, content_type="application/json", headers={"Retry-After": "3600"},
        body=json.dumps({"error": {"code": "unavailable", "message": "Busy.", "fields": {}}})))


def test_signing_out_with_unsent_changes_asks_first_and_send_sends_them_then_leaves_nothing_on_the_phone(
        browser, site, auth_emulator):
    context = phone_context(browser, bypass_csp=True)  # only so axe itself can be injected
    phone = watch(context.new_page())
    try:
        hold_sync_busy(phone)
        words = "Finished the letter I had been putting off"
        client = sign_up(phone, site.base, "Rangi")
        check_in_with_words(phone, 6, words)  # waits on the phone: the API is held busy
        uid = uid_of(client, site, auth_emulator)
        open_screen(phone, "#/me", "You")
        phone.get_by_role("button", name="Sign out").click()
        dialog = phone.get_by_role("dialog", name="Before you sign out")
        expect(dialog.get_by_text("1 change is still on this phone and not yet sent.")).to_be_visible()
        expect(dialog.get_by_role("button", name="Send now, then sign out")).to_be_focused()
        shoot(phone, "sign-out-dialog")
        assert serious_violations(phone, "app-sign-out-dialog") == []
        phone.keyboard.press("Escape")  # cancel: still signed in, nothing changed
        expect(dialog).to_have_count(0)
        expect(phone.get_by_role("button", name="Sign out")).to_be_focused()
        phone.get_by_role("button", name="Sign out").click()
        with offline(phone):
            dialog.get_by_role("button", name="Send now, then sign out").click()
            expect(dialog.locator("#sign-out-status")).to_contain_text("This phone is offline, so nothing can be sent")
        assert client.get(site, auth_emulator, "/v1/timeline")["items"] == []
        phone.unroute("**/v1/sync")
        dialog.get_by_role("button", name="Send now, then sign out").click()
        phone.get_by_role("heading", name="Sign in").wait_for()
        items = client.get(site, auth_emulator, "/v1/timeline")["items"]
        assert [(item["kind"], item["went_well"]) for item in items] == [("checkin", words)]
        assert traces_on_the_phone(phone, uid, words, client.email) == []
        assert app_problems(phone) == []
    finally:
        context.close()


def test_discarding_unsent_changes_at_sign_out_deletes_them_and_they_never_reach_the_server(
        phone, site, auth_emulator):
    words = "Asked for help at work and it went fine"
    client = sign_up(phone, site.base, "Aroha")
    uid = uid_of(client, site, auth_emulator)
    with offline(phone):
        check_in_with_words(phone, 6, words)
        open_screen(phone, "#/me", "You")
        phone.get_by_role("button", name="Sign out").click()
        phone.get_by_role("dialog", name="Before you sign out").get_by_role(
            "button", name="Discard and sign out").click()
        phone.get_by_role("heading", name="Sign in").wait_for()
        assert traces_on_the_phone(phone, uid, words, client.email) == []
    sign_in_app(phone, site.base, client.email, client.password, "Aroha")
    wait_until_synced(phone)
    assert client.get(site, auth_emulator, "/v1/timeline")["items"] == []
    assert traces_on_the_phone(phone, words) == []


def test_keeping_unsent_changes_at_sign_out_keeps_only_them_and_sends_them_at_the_next_sign_in(phone, site,
                                                                                              auth_emulator,
                                                                                              slow_phone):
    client = sign_up(phone, site.base, "Hemi")
    uid = uid_of(client, site, auth_emulator)
    slow_phone.start()
    with offline(phone):
        check_in(phone, 8)
        open_screen(phone, "#/me", "You")
        expect(phone.get_by_text("This app does not send notifications to phones here.")).to_be_visible()
        phone.get_by_role("button", name="Sign out").click()
        expect(phone.get_by_text("1 change is still on this phone and not yet sent.")).to_be_visible()
        phone.get_by_role("button", name="Keep on this phone and sign out").click()
        phone.get_by_role("heading", name="Sign in").wait_for()
    assert phone.evaluate(PHONE_HOLDS, uid) == {"records": 1, "outbox": 1, "cache": 0}  # the check-in, no profile
    assert client.get(site, auth_emulator, "/v1/timeline")["items"] == []
    sign_in_app(phone, site.base, client.email, client.password, "Hemi")
    wait_until_synced(phone)
    assert [item["kind"] for item in client.get(site, auth_emulator, "/v1/timeline")["items"]] == ["checkin"]


@pytest.mark.parametrize("status", [401, 403, 410])
def test_a_session_the_api_ends_leads_to_sign_in_keeping_only_unsent_changes_and_none_for_an_erased_account(
        phone, site, auth_emulator, status):
    client = sign_up(phone, site.base, "Sol")
    uid = uid_of(client, site, auth_emulator)
    ended = lambda route: route.fulfill(  # noqa: E731
        status=status, content_type="application/json",
        body=json.dumps({"error": {"code": "account_erased" if status == 410 else "refused",
                                   "message": "This account was erased.", "fields": {}}}))
    phone.route("**/v1/summary", ended)
    phone.route("**/v1/sync", ended)
    check_in(phone, 5)  # still on the phone: the API refuses it with the session
    phone.get_by_role("link", name="Progress").click()
    phone.get_by_role("heading", name="Sign in").wait_for()
    assert phone.locator("#nav").is_hidden()
    kept = {"records": 0, "outbox": 0, "cache": 0} if status == 410 else {"records": 1, "outbox": 1, "cache": 0}
    assert phone.evaluate(PHONE_HOLDS, uid) == kept


ACCOUNT_LOOKUP = "**/accounts:lookup*"  # where Firebase Auth confirms a kept sign-in with the server at start


def test_a_kept_sign_in_opens_today_from_the_phone_before_firebase_confirms_it_and_sends_only_after(
        phone, site, auth_emulator):
    """On a slow network that confirmation is a whole round trip: the app does not wait for it to draw, and its
    requests wait for the token it brings."""
    sign_up(phone, site.base, "Ilse")
    check_in(phone, 6)
    wait_until_synced(phone)
    held = []
    phone.route(ACCOUNT_LOOKUP, lambda route: held.append(route))  # neither answered nor let through until the test says so
    sent = []  # (address, whether it carried a token)
    phone.on("request", lambda request: sent.append((request.url, "authorization" in request.headers))
             if request.url.startswith(f"{site.base}/v1/") else None)
    phone.reload()
    phone.get_by_role("heading", name="Checked in today").wait_for()
    wait_until(phone, lambda: len(held) == 1)
    assert len(held) == 1  # Today is drawn while the confirmation is still held
    phone.get_by_role("link", name="Progress").click()  # it reads the summary from the server, with a token
    held[0].continue_()
    phone.unroute(ACCOUNT_LOOKUP)
    phone.get_by_role("heading", name="Your progress", level=1).wait_for()
    phone.get_by_role("region", name="Your wins").locator("li").first.wait_for(timeout=20_000)
    assert any("/v1/summary" in url for url, _ in sent), sent
    assert all(with_token for _, with_token in sent), sent
    assert phone.locator("#nav").is_visible()


def test_a_kept_sign_in_the_server_no_longer_knows_is_forgotten_on_opening(phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Jule")
    uid = uid_of(client, site, auth_emulator)
    check_in(phone, 4)
    wait_until_synced(phone)
    phone.route(ACCOUNT_LOOKUP, lambda route: route.fulfill(  # as Firebase answers for a deleted account
        status=400, content_type="application/json",
        body=json.dumps({"error": {"code": 400, "message": "USER_NOT_FOUND", "errors": []}})))
    phone.reload()
    phone.get_by_role("heading", name="Sign in").wait_for()
    expect(phone.get_by_text("Your session has ended. Please sign in again.")).to_be_visible()
    assert phone.locator("#nav").is_hidden()
    assert phone.evaluate(PHONE_HOLDS, uid) == {"records": 0, "outbox": 0, "cache": 0}
    assert traces_on_the_phone(phone, uid) == []


def test_the_profile_is_changed_from_you(phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Wren")
    open_screen(phone, "#/me", "You")
    phone.get_by_role("link", name="Change your profile").click()
    phone.get_by_role("heading", name="Your profile", level=1).wait_for()
    phone.get_by_label("What should we call you?").fill("Wren B")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_role("heading", name="You", level=1).wait_for()
    expect(phone.get_by_role("heading", name="Wren B")).to_be_visible()
    assert client.get(site, auth_emulator, "/v1/me")["display_name"] == "Wren B"


# ---- Every screen: axe and screenshots -----------------------------------------------------------------------

SCREENS = [
    ("#/progress", "Your progress", "progress"),
    ("#/inbox", "Inbox", "inbox"),
    ("#/help", "Help right now", "help"),
    ("#/me", "You", "me"),
    ("#/me/profile", "Your profile", "me-profile"),
    ("#/me/links", "Your therapist", "me-links"),
    ("#/me/access", "Who saw what, when", "me-access"),
    ("#/me/export", "Download everything", "me-export"),
    ("#/me/erase", "Erase everything", "me-erase"),
]


def test_axe_finds_no_serious_or_critical_violations_on_any_new_screen(browser, site, therapist):
    context = phone_context(browser, bypass_csp=True)  # only so axe itself can be injected
    page = watch(context.new_page())
    in_flight = track_api_reads(page)
    found = {}
    try:
        page.goto(f"{site.base}/app/#/help")
        page.get_by_role("heading", name="Help right now", level=1).wait_for()
        found["help-signed-out"] = serious_violations(page, "app-help-signed-out")
        signed_up_and_checked_in(page, site, "Axe")
        for address, heading, name in SCREENS:
            open_screen(page, address, heading)
            settled(page, in_flight)
            found[name] = serious_violations(page, f"app-{name}")
            assert page.locator("#main h1").count() == 1, name
            shoot(page, f"screen-{name}")
        link_in_app(page, therapist)
        found["me-links-linked"] = serious_violations(page, "app-me-links-linked")
        page.get_by_label("Code from your therapist").fill(therapist.invite())
        page.get_by_role("button", name="Check the code").click()
        page.get_by_role("heading", name="Your therapist invited you").wait_for()
        found["me-links-preview"] = serious_violations(page, "app-me-links-preview")
    finally:
        context.close()
    assert found == {name: [] for name in found} and len(found) == len(SCREENS) + 3


def test_every_control_on_you_and_your_therapist_is_labelled_and_reachable_by_keyboard(phone, site, therapist):
    signed_up_and_checked_in(phone, site, "Kit")
    link_in_app(phone, therapist)
    for address, heading in [("#/me", "You"), ("#/me/links", "Your therapist"), ("#/me/erase", "Erase everything")]:
        open_screen(phone, address, heading)
        unlabelled = phone.evaluate("""() => [...document.querySelectorAll('#main input, #main button, #main a')]
          .filter((node) => !(node.labels && node.labels.length) && !node.getAttribute('aria-label')
            && !node.textContent.trim()).map((node) => node.outerHTML)""")
        assert unlabelled == [], (address, unlabelled)
        reached = set()
        phone.locator("#main h1").focus()
        for _ in range(40):
            phone.keyboard.press("Tab")
            reached.add(phone.evaluate("() => document.activeElement.id || document.activeElement.textContent.trim()"))
        controls = phone.evaluate("""() => [...document.querySelectorAll('#main input, #main button, #main a')]
          .filter((node) => !node.hidden && node.offsetParent !== null)
          .map((node) => node.id || node.textContent.trim())""")
        assert set(controls) <= reached, (address, set(controls) - reached)
