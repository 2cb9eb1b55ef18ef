"""The therapist answers, in Chromium: a note on a win and a suggested goal written on the therapist page reach the
companion app; the client reads the note offline, changes the suggestion and takes it, and the page shows the outcome."""
from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.support.companion import MOOD, phone_context, pick, set_offline, sign_up, wait_until_synced, watch
from tests.support.web_stack import ARTIFACTS, serious_violations, sign_in
from tools.demo_accounts import THERAPIST
from tools.demo_data import THERAPIST_UID

pytestmark = pytest.mark.emulator

NOTE = "That first check-in took some doing. I'd like to hear how it went."


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"suggestion-flow-{name}.png"), full_page=True)


def test_a_note_and_a_suggestion_from_the_page_reach_the_app_are_read_offline_changed_taken_and_shown_as_taken(
        browser, site, auth_emulator):
    phone_ctx = phone_context(browser, bypass_csp=True)  # bypassed only so axe itself can be injected
    desk_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    phone = watch(phone_ctx.new_page())
    desk = desk_ctx.new_page()
    client = None
    try:
        client = sign_up(phone, site.base, "Wiremu")
        phone.goto(f"{site.base}/app/#/checkin")
        pick(phone, MOOD, 6)
        phone.get_by_role("button", name="Save check-in").click()
        phone.get_by_role("heading", name="Checked in today").wait_for()
        wait_until_synced(phone)
        therapist_token = auth_emulator.sign_in(THERAPIST.email, THERAPIST.password)
        code = requests.post(f"{site.base}/v1/invites", timeout=30,
                             headers={"Authorization": f"Bearer {therapist_token}"}).json()["code"]
        linked = requests.post(f"{site.base}/v1/links", json={"code": code, "share_notes": False}, timeout=30,
                               headers={"Authorization": f"Bearer {client.token(auth_emulator)}"})
        assert linked.status_code == 201, linked.text
        name = linked.json()["therapist_name"]
        from_whom = f"A note from {name}" if name else "A note from your therapist"
        suggested_by = f"Suggested by {name}" if name else "Suggested by your therapist"

        # The therapist writes a note with the win's review, and suggests a goal.
        sign_in(desk, site.base, THERAPIST.email, THERAPIST.password)
        desk.get_by_role("link", name="Wiremu", exact=True).click()
        desk.get_by_role("heading", name="Wiremu: review").wait_for()
        win = desk.locator("ul.wins li").first
        win.get_by_label(re.compile("^Note to Wiremu")).fill(NOTE)
        win.get_by_role("button", name=re.compile("^Mark reviewed")).click()
        expect(win.locator(".sent-note")).to_contain_text(NOTE)
        section = desk.get_by_role("region", name="Suggestions")
        section.get_by_label("What to suggest").select_option("goal")
        section.get_by_label("Goal", exact=True).fill("A short walk after lunch")
        section.get_by_label("Why it could matter to them").fill("Wiremu said afternoons feel heavy")
        section.get_by_role("button", name="Send suggestion").click()
        expect(section.locator("#suggestion-status")).to_contain_text("Suggestion sent")
        expect(section.locator(".suggestion-state").first).to_have_text("Waiting for their answer")
        assert serious_violations(desk, "suggestion-flow-therapist") == []
        shot(desk, "01-therapist-note-and-suggestion")
        assert client.get(site, auth_emulator, "/v1/goals")["items"] == []  # nothing is theirs yet

        # The client opens the inbox once online: the note and the suggestion are kept on the phone.
        phone.goto(f"{site.base}/app/#/inbox")
        phone.get_by_role("heading", name="Inbox").wait_for()
        note = phone.locator(".inbox-item", has_text=from_whom)
        expect(note).to_contain_text(NOTE)
        card = phone.locator("form.suggestion")
        expect(card.locator(".suggested-by")).to_have_text(suggested_by)
        assert serious_violations(phone, "suggestion-flow-inbox") == []
        shot(phone, "02-app-inbox")

        # Offline: the note is still there to read; the client marks it read, changes the goal and takes it.
        set_offline(phone, True)
        phone.reload()
        phone.get_by_role("heading", name="Inbox").wait_for()
        expect(phone.locator(".inbox-item", has_text=from_whom)).to_contain_text(NOTE)
        phone.get_by_role("button", name=re.compile(f"^Mark read: {from_whom}")).click()
        card = phone.locator("form.suggestion")
        card.get_by_label("Goal", exact=True).fill("A short walk after lunch, with the dog")
        card.get_by_role("button", name="Take it").click()
        expect(card).to_contain_text("Taken: it is yours now.")
        shot(phone, "03-app-offline-taken")
        set_offline(phone, False)
        wait_until_synced(phone)

        (goal,) = client.get(site, auth_emulator, "/v1/goals")["items"]
        assert goal["title"] == "A short walk after lunch, with the dog"
        notes = [n for n in client.get(site, auth_emulator, "/v1/notifications")["items"] if n["type"] == "therapist_note"]
        assert [(n["body"], n["read_at"] is not None) for n in notes] == [(NOTE, True)]

        # The page shows what became of it, in words that do not judge.
        desk.reload()
        desk.get_by_role("heading", name="Wiremu: review").wait_for()
        state = desk.get_by_role("region", name="Suggestions").locator(".suggestion-state").first
        expect(state).to_have_text("Taken, with their own changes")
        shot(desk, "04-therapist-sees-taken")
        assert phone.problems == []
    finally:
        if client is not None:  # the demo therapist's list stays Mira and Tane for the page's own tests
            requests.delete(f"{site.base}/v1/links/{THERAPIST_UID}", timeout=30,
                            headers={"Authorization": f"Bearer {client.token(auth_emulator)}"})
        phone_ctx.close()
        desk_ctx.close()
