"""History, "What went well" and the phone's IndexedDB upgrade, in Chromium at a phone's size against the `make run`
stack: a year browsed back month by month with each timeline page read once, an old entry corrected offline and
synced once, the positive data log, and a version-1 database whose unsent changes survive the upgrade."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from tests.support.companion import (
    MOOD,
    NewClient,
    pick,
    set_offline,
    shoot,
    sign_in_app,
    wait_until,
    wait_until_synced,
)
from tests.support.web_stack import serious_violations

pytestmark = pytest.mark.emulator

ZONE = "Europe/Berlin"
MONTHS = 12
WENT_WELL = "Called my sister and laughed"
OLD_WENT_WELL = "Finished the puzzle with Sam"


def months_back(today: date, count: int) -> list[str]:
    """The `count` months before today's, newest first, as YYYY-MM."""
    found, year, month = [], today.year, today.month
    for _ in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        found.append(f"{year}-{month:02d}")
    return found


def a_year_of_entries(months: list[str]) -> list[dict]:
    """Eight entries a month: four check-ins (the second says what went well; the oldest month's too) and four
    moods, as sync operations (96 in all: two timeline pages of 50)."""
    ops = []
    for month in months:
        for n, day in enumerate((2, 9, 16, 23)):
            went_well = WENT_WELL if n == 1 else OLD_WENT_WELL if month == months[-1] and n == 2 else None
            ops.append({"method": "PUT", "path": f"/v1/checkins/c-{month}-{day:02d}", "body": {
                "local_date": f"{month}-{day:02d}", "mood": 3 + n, **({"went_well": went_well} if went_well else {})}})
            ops.append({"method": "PUT", "path": f"/v1/moods/m-{month}-{day + 2:02d}", "body": {
                "at": f"{month}-{day + 2:02d}T09:00:00+01:00", "rating": 4 + n}})
    return ops


class ApiClient(NewClient):
    """A client made through the API (as the app would make them), so their history is on the server before
    the phone first signs in."""

    def __init__(self, site, auth_emulator, name: str = "Ana"):
        super().__init__(name)
        self.site, self.auth_emulator = site, auth_emulator
        self.uid_, _ = auth_emulator.sign_up(self.email, self.password)
        self.call("PUT", "/v1/me", {"display_name": name, "timezone": ZONE})

    def call(self, method: str, path: str, body=None) -> dict:
        response = requests.request(method, f"{self.site.base}{path}", json=body, timeout=60,
                                    headers={"Authorization": f"Bearer {self.token(self.auth_emulator)}"})
        assert response.status_code < 300, (path, response.status_code, response.text)
        return response.json() if response.content else {}

    def sync(self, ops: list[dict]) -> None:
        results = self.call("POST", "/v1/sync", {"operations": ops})["results"]
        assert [r for r in results if r["status"] >= 300] == []

    def local_today(self) -> date:
        return datetime.now(timezone.utc).astimezone(ZoneInfo(ZONE)).date()


def requests_to(page, fragment: str, method: str = "GET") -> list[str]:
    """Collects the URLs of the page's requests whose URL holds `fragment`."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url)
            if fragment in request.url and request.method == method else None)
    return seen


def browse_back_to(page, months: list[str], target: str) -> None:
    """Taps "Show older" until `target`'s month is on show, each tap showing the next older month."""
    for month in months[1:months.index(target) + 1]:
        page.get_by_role("button", name="Show older").click()
        month_heading(page, month).wait_for()


def month_heading(page, month: str):
    name = datetime.strptime(month, "%Y-%m").strftime("%B %Y")
    return page.get_by_role("heading", name=name, exact=True)


def a_client_with_a_year(site, auth_emulator) -> tuple[ApiClient, list[str]]:
    """A client made through the API with a year of entries on the server, and those months, newest first."""
    client = ApiClient(site, auth_emulator)
    months = months_back(client.local_today(), MONTHS)
    client.sync(a_year_of_entries(months))
    return client, months


def test_history_browses_a_year_back_month_by_month_reading_each_timeline_page_once_then_offline(
        axe_phone, site, auth_emulator):
    phone = axe_phone
    client, months = a_client_with_a_year(site, auth_emulator)
    timeline = requests_to(phone, "/v1/timeline")
    sign_in_app(phone, site.base, client.email, client.password, "Ana")
    phone.get_by_role("link", name="All your entries").click()
    phone.get_by_role("heading", name="History", exact=True).wait_for()
    month_heading(phone, months[0]).wait_for()
    expect(phone.locator(f'li.entry[data-id="c-{months[0]}-09"]')).to_contain_text(WENT_WELL)
    found = {"history": serious_violations(phone, "app-history")}
    shoot(phone, "history-newest-month")
    for month in months[1:]:
        phone.get_by_role("button", name="Show older").click()
        month_heading(phone, month).wait_for()
        expect(phone.locator("#main h2:focus")).to_have_text(month_heading(phone, month).inner_text())
    expect(phone.get_by_role("button", name="Show older")).to_be_hidden()  # nothing older anywhere
    expect(phone.locator("#main li.entry")).to_have_count(8 * MONTHS)
    shoot(phone, "history-a-year-back")
    newest = [url for url in timeline if "cursor=" not in url]
    older = [url for url in timeline if "cursor=" in url]
    assert len(older) == 1 and len(set(older)) == len(older), timeline  # 96 entries: a second page, read once
    assert len(newest) == 1, timeline  # the newest page: once a sign-in, not again on opening History

    # An entry logged on another device shows once the client looks for it.
    client.sync([{"method": "PUT", "path": "/v1/moods/m-elsewhere", "body": {
        "at": f"{months[0]}-27T09:30:00+01:00", "rating": 7}}])
    phone.get_by_role("button", name="Look for entries from your other devices").click()
    phone.locator('li.entry[data-id="m-elsewhere"]').wait_for()
    assert len([url for url in timeline if "cursor=" not in url]) == 2, timeline

    # Offline, the whole year opens from the phone, month by month, with no request at all.
    reads = len(timeline)
    set_offline(phone, True)
    phone.goto(f"{site.base}/app/#/")
    phone.get_by_role("link", name="All your entries").click()
    month_heading(phone, months[0]).wait_for()
    browse_back_to(phone, months, months[-1])
    assert len(timeline) == reads
    set_offline(phone, False)
    assert found == {"history": []}
    assert phone.problems == []


def test_an_old_entry_corrected_and_another_deleted_offline_from_history_sync_once(axe_phone, site, auth_emulator):
    phone = axe_phone
    client, months = a_client_with_a_year(site, auth_emulator)
    sign_in_app(phone, site.base, client.email, client.password, "Ana")
    old = months[8]  # beyond the newest page: read by "Show older"
    phone.goto(f"{site.base}/app/#/history")
    month_heading(phone, months[0]).wait_for()
    browse_back_to(phone, months, old)
    syncs = requests_to(phone, "/v1/sync", "POST")
    set_offline(phone, True)
    check_in = phone.locator(f'li.entry[data-id="c-{old}-16"]')
    check_in.get_by_role("link", name="Change").click()
    phone.get_by_role("heading", name="Change a check-in").wait_for()
    pick(phone, MOOD, 9)
    phone.get_by_role("button", name="Save changes").click()
    phone.get_by_role("heading", name="Hello, Ana").wait_for()
    phone.goto(f"{site.base}/app/#/history")
    month_heading(phone, months[0]).wait_for()
    browse_back_to(phone, months, old)
    expect(check_in).to_contain_text("mood 9")
    expect(check_in).to_contain_text("On this phone")
    phone.locator(f'li.entry[data-id="m-{old}-04"]').get_by_role("button", name="Delete").click()
    expect(phone.locator(f'li.entry[data-id="m-{old}-04"]')).to_have_count(0)
    found = {"history-offline": serious_violations(phone, "app-history-offline")}
    shoot(phone, "history-old-entry-corrected-offline")
    assert syncs == []
    set_offline(phone, False)
    wait_until_synced(phone)
    assert len(syncs) == 1, syncs
    assert client.call("GET", f"/v1/checkins/c-{old}-16")["mood"] == 9
    response = requests.get(f"{site.base}/v1/moods/m-{old}-04", timeout=30,
                            headers={"Authorization": f"Bearer {client.token(auth_emulator)}"})
    assert response.status_code == 404
    expect(check_in).to_contain_text("Saved")
    assert found == {"history-offline": []}
    assert phone.problems == []


def test_what_went_well_gathers_went_well_lessons_and_steps_by_month_and_older_months_as_history_reads_them(
        axe_phone, site, auth_emulator):
    phone = axe_phone
    client, months = a_client_with_a_year(site, auth_emulator)
    done_on = f"{months[1]}-12"
    client.sync([
        {"method": "PUT", "path": "/v1/experiments/x-1", "body": {
            "strength": "curiosity", "plan": "Speak first at the meeting", "prediction": "My voice will shake",
            "planned_for": done_on}},
        {"method": "PUT", "path": "/v1/experiments/x-1/outcome", "body": {
            "done_on": done_on, "what_happened": "I spoke first", "outcome_rating": 7,
            "learned": "People listened more than I feared"}},
        {"method": "PUT", "path": "/v1/goals/g-1", "body": {"title": "Get back to swimming", "why": "I feel free"}},
        {"method": "PUT", "path": "/v1/goals/g-1/steps/s-1", "body": {"title": "Find the pool's hours",
                                                                      "done_when": "They are on the fridge"}},
        {"method": "POST", "path": "/v1/goals/g-1/steps/s-1/done", "body": {"done_on": done_on}},
    ])
    sign_in_app(phone, site.base, client.email, client.password, "Ana")
    phone.goto(f"{site.base}/app/#/progress")
    phone.get_by_role("link", name="What went well, gathered").click()
    phone.get_by_role("heading", name="What went well", exact=True).wait_for()
    lessons = phone.get_by_role("region", name=month_heading(phone, months[1]).inner_text())
    expect(lessons).to_contain_text("People listened more than I feared")
    expect(lessons).to_contain_text('A step done towards "Get back to swimming"')
    expect(lessons).to_contain_text("Find the pool's hours")
    expect(lessons).to_contain_text(WENT_WELL)
    expect(phone.locator("#went-well-private")).to_have_text(
        "The words here stay yours unless you choose to share your notes with your therapist; they see which "
        "steps you have done either way.")
    expect(phone.get_by_text(OLD_WENT_WELL)).to_have_count(0)  # a year ago: not read yet
    headings = phone.locator("#main section h2").all_inner_texts()
    assert headings == sorted(headings, key=lambda text: datetime.strptime(text, "%B %Y"), reverse=True)
    found = {"went-well": serious_violations(phone, "app-went-well")}
    shoot(phone, "went-well")

    phone.get_by_role("link", name="History", exact=True).click()
    month_heading(phone, months[0]).wait_for()
    browse_back_to(phone, months, months[-1])
    phone.get_by_role("link", name="What went well, gathered").click()
    phone.get_by_role("heading", name="What went well", exact=True).wait_for()
    expect(phone.get_by_role("region", name=month_heading(phone, months[-1]).inner_text())).to_contain_text(
        OLD_WENT_WELL)
    shoot(phone, "went-well-a-year-back")
    assert found == {"went-well": []}
    assert phone.problems == []


# The companion app's database as version 1 made it (db.js before the kind and date index), copied here so that
# the upgrade is tested from exactly what phones hold today.
VERSION_1_WITH_UNSENT_CHANGES = """async ({uid, day, draft}) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("stepping-stones", 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      const records = db.createObjectStore("records", { keyPath: "key" });
      records.createIndex("uid", "uid");
      const outbox = db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
      outbox.createIndex("uid", "uid");
      outbox.createIndex("path", ["uid", "path"]);
      db.createObjectStore("cache", { keyPath: "key" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(["records", "outbox", "cache"], "readwrite");
  const now = Date.now();
  const record = (path, kind, data) => ({ key: `${uid} ${path}`, uid, path, kind, id: path.split("/").pop(), data,
    error: null, changedAt: now, createdAt: now });
  const checkin = record("/v1/checkins/kept-checkin", "checkin", { local_date: day, mood: 4 });
  const mood = record("/v1/moods/kept-mood", "mood", { at: `${day}T08:15:00.000Z`, rating: 6 });
  for (const item of [checkin, mood]) tx.objectStore("records").put(item);
  tx.objectStore("outbox").add({ uid, method: "PUT", path: checkin.path, body: checkin.data, recordKey: checkin.key,
    rev: 1, queuedAt: now });
  tx.objectStore("outbox").add({ uid, method: "PUT", path: mood.path, body: mood.data, recordKey: mood.key,
    rev: 1, queuedAt: now });
  tx.objectStore("cache").put({ key: `${uid} draft checkin new`, uid, data: { went_well: draft }, at: now });
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
  db.close();
}"""

BY_KIND_AND_DAY = """async ({uid, day}) => {
  const db = await new Promise((ok, no) => {
    const r = indexedDB.open("stepping-stones"); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
  const index = db.transaction("records").objectStore("records").index("kindDate");
  const found = await new Promise((ok) => {
    const r = index.getAll([uid, "checkin", day]); r.onsuccess = () => ok(r.result); });
  const version = db.version;
  db.close();
  return { version, ids: found.map((record) => record.id) };
}"""


def test_a_version_1_database_with_unsent_changes_is_upgraded_and_they_sync_exactly_once(phone, site, auth_emulator):
    client = ApiClient(site, auth_emulator)
    yesterday = date.fromordinal(client.local_today().toordinal() - 1).isoformat()
    draft = "Sat in the sun for ten minutes"
    phone.goto(f"{site.base}/firebase-config.json")  # the app's origin, before the app opens its database
    phone.evaluate(VERSION_1_WITH_UNSENT_CHANGES, {"uid": client.uid_, "day": yesterday, "draft": draft})
    syncs = requests_to(phone, "/v1/sync", "POST")
    sign_in_app(phone, site.base, client.email, client.password, "Ana")
    wait_until_synced(phone, send_now=False)
    assert len(syncs) == 1, syncs
    items = client.call("GET", "/v1/timeline")["items"]
    assert sorted(item["id"] for item in items) == ["kept-checkin", "kept-mood"]
    assert phone.evaluate(BY_KIND_AND_DAY, {"uid": client.uid_, "day": yesterday}) == {
        "version": 2, "ids": ["kept-checkin"]}
    expect(phone.get_by_label("What went well? (optional)")).to_have_value(draft)
    # Today holds its redraws while the restored draft is in its form; opened again, it shows the mood as sent.
    phone.reload()
    expect(phone.locator('li.entry[data-id="kept-mood"]')).to_contain_text("Saved")
    expect(phone.get_by_label("What went well? (optional)")).to_have_value(draft)
    assert len(syncs) == 1, syncs
    assert phone.problems == []


# A phone over its bound: 2,100 moods already on the server (21 a day for 100 days, as synced records) and, on the
# oldest day, one more mood not yet sent.
OVER_THE_BOUND = """async () => {
  const uid = localStorage.getItem("stepping-stones:signed-in");
  const db = await new Promise((ok, no) => {
    const r = indexedDB.open("stepping-stones"); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
  const tx = db.transaction(["records", "outbox"], "readwrite");
  const now = Date.now();
  const mood = (id, day, synced) => ({ key: `${uid} /v1/moods/${id}`, uid, path: `/v1/moods/${id}`, kind: "mood", id,
    data: { id, kind: "mood", local_date: day, at: `${day}T10:00:00+00:00`, rating: 5 }, date: day, error: null,
    everSynced: synced, changedAt: now, createdAt: now });
  let oldest = null;
  for (let offset = 1; offset <= 100; offset += 1) {
    oldest = new Date(now - offset * 86400000).toISOString().slice(0, 10);
    for (let n = 0; n < 21; n += 1) tx.objectStore("records").put(mood(`m-${oldest}-${n}`, oldest, true));
  }
  const unsent = mood("unsent-mood", oldest, false);
  tx.objectStore("records").put(unsent);
  tx.objectStore("outbox").add({ uid, method: "PUT", path: unsent.path, body: { at: unsent.data.at, rating: 5 },
    recordKey: unsent.key, rev: 1, queuedAt: now });
  await new Promise((ok, no) => { tx.oncomplete = ok; tx.onerror = () => no(tx.error); });
  db.close();
  return oldest;
}"""

MOODS_HELD = """async () => {
  const uid = localStorage.getItem("stepping-stones:signed-in");
  const db = await new Promise((ok) => { const r = indexedDB.open("stepping-stones"); r.onsuccess = () => ok(r.result); });
  const index = db.transaction("records").objectStore("records").index("kindDate");
  const moods = await new Promise((ok) => {
    const r = index.getAll(IDBKeyRange.bound([uid, "mood", ""], [uid, "mood", "\\uffff"])); r.onsuccess = () => ok(r.result); });
  db.close();
  return { count: moods.length, unsent: moods.some((record) => record.id === "unsent-mood") };
}"""


def test_a_phone_over_its_bound_lets_go_of_its_oldest_days_keeps_what_is_unsent_and_reads_them_again_once(
        phone, site, auth_emulator):
    from tests.support.companion import sign_up

    client = sign_up(phone, site.base, "Ana")
    oldest = phone.evaluate(OVER_THE_BOUND)
    timeline = requests_to(phone, "/v1/timeline")
    phone.get_by_role("link", name="All your entries").click()
    phone.get_by_role("heading", name="History", exact=True).wait_for()
    wait_until(phone, lambda: phone.evaluate(MOODS_HELD)["count"] <= 2001)
    held = phone.evaluate(MOODS_HELD)
    assert held["unsent"] and 1900 <= held["count"] <= 2001, held  # whole days go: 2,000 synced or a day fewer
    newest = phone.locator("#main section h2").first.inner_text()
    months = sorted({date.fromordinal(day).strftime("%Y-%m") for day in range(
        date.fromisoformat(oldest).toordinal(), date.fromisoformat(oldest).toordinal() + 100)}, reverse=True)
    months = months[[datetime.strptime(m, "%Y-%m").strftime("%B %Y") for m in months].index(newest):]
    browse_back_to(phone, months, oldest[:7])
    expect(phone.get_by_role("button", name="Show older")).to_be_hidden()
    read_again = [url for url in timeline if "to=" in url]
    assert len(read_again) == 1, timeline  # the days let go, read back once from the last of them
    expect(phone.locator('li.entry[data-id="unsent-mood"]')).to_contain_text("On this phone")
    phone.reload()  # the change was put in the queue behind the app's back: the next start sends it
    wait_until_synced(phone)
    assert client.get(site, auth_emulator, "/v1/moods/unsent-mood")["rating"] == 5
    assert phone.problems == []
