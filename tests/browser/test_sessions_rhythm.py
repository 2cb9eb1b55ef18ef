"""Sessions have a rhythm, in both pages: the client's agenda first in the review, the next session, held and missed
sessions, the therapist's private reflection and the worksheet's reframes; "Next session" and "For next session" in
the companion app."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from tests.browser.test_therapist_page import DESKTOP, PHONE, a_linked_client, api, open_review, therapist_page
from tests.support.companion import phone_context, pick, set_offline, shoot, sign_up, wait_until_synced, watch
from tests.support.web_stack import ARTIFACTS, serious_violations
from tools.demo_accounts import THERAPIST

pytestmark = pytest.mark.emulator


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_review_opens_with_the_agenda_and_keeps_the_next_session_held_and_missed_sessions_and_a_reflection(
        browser, site, size):
    width = size["viewport"]["width"]
    name = "Rua" if width > 500 else "Tui"
    uid = a_linked_client(site, name)  # notes not shared
    today = datetime.now(timezone.utc).date()
    hidden_words = f"Words kept from the therapist {uuid.uuid4().hex[:6]}"
    api(site, "PUT", f"/v1/checkins/ci-{today}", uid, body={"local_date": str(today), "mood": 6})
    api(site, "PUT", "/v1/me/agenda/ag-1", uid, body={"text": hidden_words, "local_date": str(today)})
    reflection = f"They said the plan felt like too much ({uuid.uuid4().hex[:6]})."
    try:
        with therapist_page(browser, site, size, axe=True) as page:
            page.evaluate("() => localStorage.clear()")
            open_review(page, name)
            agenda_title = f"What {name} would like to talk about"
            assert page.locator("main h2").first.inner_text() == agenda_title
            agenda = page.get_by_role("region", name=agenda_title)
            expect(agenda).to_contain_text("An item to talk about (its words are not shared with you).")
            assert hidden_words not in page.locator("main").inner_text()

            page.locator("#next-session-date").fill(str(today + timedelta(days=3)))
            page.get_by_label("Show this date in the client's app").check()
            page.get_by_role("button", name="Save next session").click()
            expect(page.locator("#next-session-text")).to_contain_text("shown in the client's app")

            page.locator("#session-date").fill(str(today - timedelta(days=2)))
            page.get_by_label("The session was").select_option("missed")
            page.get_by_role("button", name="Save session").click()
            expect(page.locator("ul.sessions")).to_contain_text("Missed (only you see this)")
            expect(agenda).not_to_contain_text("talked about")  # a missed session takes nothing up
            page.locator("#session-date").fill(str(today))
            page.get_by_label("The session was").select_option("held")
            page.get_by_role("button", name="Save session").click()
            expect(page.locator("ul.sessions li")).to_have_count(2)
            expect(page.locator("#window-text")).to_contain_text("Since the last session on")
            expect(agenda).to_contain_text("talked about in the session on")

            page.get_by_label("Beside").select_option(f"sessions {today}")
            page.get_by_label("What happened? (just the facts)").fill(reflection)
            page.get_by_label("What would I try differently next time?").fill("Ask what pace feels right.")
            page.get_by_role("button", name="Keep reflection").click()
            expect(page.locator("#reflection-status")).to_have_text("Reflection kept.")

            reframes = page.locator("#reframes")
            expect(reframes).to_contain_text("Resistance isn't rejection: it's information.")
            assert serious_violations(page, f"review-rhythm-{width}") == []
            page.screenshot(path=str(ARTIFACTS / f"11-review-rhythm-{width}.png"), full_page=True)
            reframes.get_by_role("button", name="Dismiss").click()
            expect(reframes).to_have_count(0)

            page.reload()
            page.get_by_role("heading", name=f"{name}: review").wait_for()
            page.get_by_label("Beside").select_option(f"sessions {today}")
            expect(page.get_by_label("What happened? (just the facts)")).to_have_value(reflection)
            expect(page.locator("#reframes")).to_have_count(0)  # the dismissal is remembered
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0
            page.screenshot(path=str(ARTIFACTS / f"12-review-rhythm-after-{width}.png"), full_page=True)
        links = api(site, "GET", "/v1/links", uid)["items"]
        assert [link["next_session"] for link in links] == [str(today + timedelta(days=3))]
        assert [i["talked_about_on"] for i in api(site, "GET", "/v1/me/agenda", uid)["items"]] == [str(today)]
    finally:
        api(site, "DELETE", f"/v1/clients/{uid}", THERAPIST.uid, "therapist")


def test_the_companion_shows_the_next_session_offline_and_adds_an_agenda_item_from_an_entry(browser, site, auth_emulator):
    context = phone_context(browser, bypass_csp=True)  # 390×844; the CSP bypassed only so axe can be injected
    phone = watch(context.new_page())
    uid = None
    try:
        client = sign_up(phone, site.base, "Niko")
        pick(phone, "Mood, from 0 (very low) to 10 (very good)", 6)
        phone.get_by_role("button", name="Save check-in").click()
        phone.get_by_role("heading", name="Checked in today").wait_for()
        wait_until_synced(phone)
        uid, today = client.uid(auth_emulator), client.today(site, auth_emulator)
        code = api(site, "POST", "/v1/invites", THERAPIST.uid, "therapist")["code"]
        api(site, "POST", "/v1/links", uid, body={"code": code, "share_notes": False})
        next_day = today + timedelta(days=3)
        api(site, "PUT", f"/v1/clients/{uid}/next-session", THERAPIST.uid, "therapist",
            {"date": str(next_day), "show_to_client": True})

        phone.goto(f"{site.base}/app/#/me/links")  # the links screen reads them fresh, and the phone keeps a copy
        phone.get_by_role("switch", name=re.compile("^Share my notes with ")).wait_for()
        phone.goto(f"{site.base}/app/#/")
        expect(phone.locator("#next-session")).to_have_text(f"Next session: {next_day.strftime('%A')}")
        assert serious_violations(phone, "app-today-next-session") == []
        shoot(phone, "20-today-next-session")

        phone.locator("li.entry", has_text="Check-in").get_by_role("link", name=re.compile("^Talk about ")).click()
        phone.get_by_role("heading", name="For your next session").wait_for()
        expect(phone.locator("#agenda-about")).to_contain_text("About your check-in from")
        expect(phone.locator(".agenda-sharing")).to_contain_text("not its words: you have not chosen to share notes")
        phone.get_by_label("What would you like to talk about?").fill("Why mornings feel heavy")
        phone.get_by_role("button", name="Add for next session").click()
        expect(phone.locator("li.agenda-item")).to_contain_text("Why mornings feel heavy")
        wait_until_synced(phone)
        assert serious_violations(phone, "app-agenda") == []
        shoot(phone, "21-agenda")
        items = api(site, "GET", "/v1/me/agenda", uid)["items"]
        assert [(i["text"], i["about"]["kind"]) for i in items] == [("Why mornings feel heavy", "checkin")]
        review = api(site, "GET", f"/v1/clients/{uid}/review", THERAPIST.uid, "therapist")
        assert [(i["text"], i["text_shared"]) for i in review["agenda"]] == [(None, False)]

        phone.goto(f"{site.base}/app/#/")
        phone.get_by_role("heading", name="Hello, Niko").wait_for()
        set_offline(phone, True)
        phone.reload()
        phone.get_by_role("heading", name="Hello, Niko").wait_for()
        expect(phone.locator("#next-session")).to_have_text(f"Next session: {next_day.strftime('%A')}")
        assert not phone.problems, phone.problems
    finally:
        context.close()
        if uid is not None:  # the demo therapist's list stays Mira and Tane for the page's own tests
            api(site, "DELETE", f"/v1/clients/{uid}", THERAPIST.uid, "therapist")
