"""The therapist answers, in Chromium: a note on a win, a suggested goal and a micro-step for one of the client's goals
(suggested at phone width) written on the therapist page reach the companion app; the client reads the note offline,
changes the goal and takes it, takes the step, which shows under its goal, and the page shows the outcomes."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import requests
from playwright.sync_api import expect

from tests.support.companion import MOOD, phone_context, pick, set_offline, sign_up, wait_until_synced, watch
from tests.support.web_stack import ARTIFACTS, serious_violations, sign_in
from tools.demo_accounts import THERAPIST
from tools.demo_data import THERAPIST_UID

pytestmark = pytest.mark.emulator

NOTE = "That first check-in took some doing. I'd like to hear how it went."
STEP = "Phone charging in the hall"
STEP_CARD = "A micro-step for your goal “Sleep better”"  # the app names the step's goal


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"suggestion-flow-{name}.png"), full_page=True)


def test_a_note_a_goal_and_a_step_for_a_goal_suggested_from_the_page_reach_the_app_are_taken_and_shown_as_taken(
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
        # A step needs one of their goals: with none yet, the page says so and offers a goal instead.
        section.get_by_label("What to suggest").select_option("step")
        expect(section.locator("#suggestion-step-no-goals")).to_contain_text("needs one of Wiremu’s goals")
        expect(section.get_by_role("button", name="Send suggestion")).to_be_hidden()
        section.get_by_role("button", name="Suggest a goal instead").click()
        expect(section.get_by_label("What to suggest")).to_have_value("goal")
        section.get_by_label("Goal", exact=True).fill("A short walk after lunch")
        section.get_by_label("Why it could matter to them").fill("Wiremu said afternoons feel heavy")
        section.get_by_role("button", name="Send suggestion").click()
        expect(section.locator("#suggestion-status")).to_contain_text("Suggestion sent")
        expect(section.locator(".suggestion-state").first).to_have_text("Waiting for their answer")
        assert serious_violations(desk, "suggestion-flow-therapist") == []
        shot(desk, "01-therapist-note-and-suggestion")
        assert client.get(site, auth_emulator, "/v1/goals")["items"] == []  # nothing is theirs yet

        # The client makes a goal of their own; the therapist, on a phone, suggests a step for it (leaving
        # "done when" to the client), picked from the goals the review shows.
        due = (client.today(site, auth_emulator) + timedelta(days=3)).isoformat()
        made = requests.put(f"{site.base}/v1/goals/g-sleep", json={"title": "Sleep better", "why": "Clearer mornings"},
                            timeout=30, headers={"Authorization": f"Bearer {client.token(auth_emulator)}"})
        assert made.status_code == 201, made.text
        desk.set_viewport_size({"width": 390, "height": 844})
        desk.reload()
        desk.get_by_role("heading", name="Wiremu: review").wait_for()
        section = desk.get_by_role("region", name="Suggestions")
        section.get_by_label("What to suggest").select_option("step")
        expect(section.get_by_label("For their goal")).to_have_value("g-sleep")
        section.get_by_label("Step", exact=True).fill(STEP)
        section.get_by_label("Due (optional)").fill(due)
        assert serious_violations(desk, "suggestion-flow-therapist-step-390") == []
        section.get_by_role("button", name="Send suggestion").click()
        expect(section.locator("#suggestion-status")).to_contain_text("Suggestion sent")
        first = section.locator("#suggestion-list li").first
        expect(first).to_contain_text(f"Micro-step for “Sleep better”: {STEP}")
        expect(first.locator(".suggestion-state")).to_have_text("Waiting for their answer")
        shot(desk, "05-therapist-step-390")
        desk.set_viewport_size({"width": 1280, "height": 900})
        expect(section.get_by_label("What to suggest")).to_have_value("step")  # the next one is often a step too
        expect(section.get_by_label("For their goal")).to_be_visible()
        assert serious_violations(desk, "suggestion-flow-therapist-step-desktop") == []
        shot(desk, "06-therapist-step-desktop")
        # Goals that could not be read are not "no goals": the page says which it is.
        client_goals = re.compile(r"/v1/clients/[^/]+/goals")
        desk.route(client_goals, lambda route: route.fulfill(status=503, json={"error": {
            "code": "unavailable", "message": "The service is busy.", "fields": {}}}))
        desk.reload()
        section = desk.get_by_role("region", name="Suggestions")
        section.get_by_label("What to suggest").select_option("step")
        expect(section.locator("#suggestion-step-waiting")).to_contain_text("could not be read just now")
        expect(section.locator("#suggestion-step-no-goals")).to_be_hidden()
        expect(section.get_by_role("button", name="Send suggestion")).to_be_hidden()
        desk.unroute(client_goals)

        # The client opens the inbox once online: the note and the suggestion are kept on the phone.
        phone.goto(f"{site.base}/app/#/inbox")
        phone.get_by_role("heading", name="Inbox").wait_for()
        note = phone.locator(".inbox-item", has_text=from_whom)
        expect(note).to_contain_text(NOTE)
        card = phone.locator("form.suggestion", has=phone.get_by_role("heading", name="A goal", exact=True))
        expect(card.locator(".suggested-by")).to_have_text(suggested_by)
        step_card = phone.locator("form.suggestion", has=phone.get_by_role("heading", name=STEP_CARD))
        expect(step_card.get_by_label("Step", exact=True)).to_have_value(STEP)
        expect(step_card.locator(".suggested-by")).to_have_text(suggested_by)
        assert serious_violations(phone, "suggestion-flow-inbox") == []
        shot(phone, "02-app-inbox")

        # Offline: the note is still there to read; the client marks it read, changes the goal and takes it.
        set_offline(phone, True)
        phone.reload()
        phone.get_by_role("heading", name="Inbox").wait_for()
        expect(phone.locator(".inbox-item", has_text=from_whom)).to_contain_text(NOTE)
        phone.get_by_role("button", name=re.compile(f"^Mark read: {from_whom}")).click()
        card = phone.locator("form.suggestion", has=phone.get_by_role("heading", name="A goal", exact=True))
        card.get_by_label("Goal", exact=True).fill("A short walk after lunch, with the dog")
        card.get_by_role("button", name="Take it").click()
        expect(card).to_contain_text("Taken: it is yours now.")
        step_card = phone.locator("form.suggestion", has=phone.get_by_role("heading", name=STEP_CARD))
        step_card.get_by_role("button", name="Take it").click()  # "done when" is theirs to say first
        expect(step_card).to_contain_text('Please fill in "Done when"')
        step_card.get_by_label("Done when").fill("Three nights in a row")
        step_card.get_by_role("button", name="Take it").click()
        expect(step_card).to_contain_text("Taken: it is yours now.")
        shot(phone, "03-app-offline-taken")
        phone.goto(f"{site.base}/app/#/goals/g-sleep")
        phone.get_by_role("heading", name="Sleep better").wait_for()
        expect(phone.locator("ol.steps li .entry-title")).to_have_text([STEP])
        shot(phone, "07-app-step-under-its-goal")
        set_offline(phone, False)
        wait_until_synced(phone)

        goals = {goal["title"]: goal for goal in client.get(site, auth_emulator, "/v1/goals")["items"]}
        assert set(goals) == {"A short walk after lunch, with the dog", "Sleep better"}
        assert [(s["title"], s["done_when"], s["due_on"]) for s in goals["Sleep better"]["steps"]] == [
            (STEP, "Three nights in a row", due)]
        notes = [n for n in client.get(site, auth_emulator, "/v1/notifications")["items"] if n["type"] == "therapist_note"]
        assert [(n["body"], n["read_at"] is not None) for n in notes] == [(NOTE, True)]

        # The page shows what became of it, in words that do not judge.
        desk.reload()
        desk.get_by_role("heading", name="Wiremu: review").wait_for()
        states = desk.get_by_role("region", name="Suggestions").locator(".suggestion-state")
        expect(states).to_have_text(["Taken", "Taken, with their own changes"])  # newest first: the step, then the goal
        shot(desk, "04-therapist-sees-taken")
        assert phone.problems == []
    finally:
        if client is not None:  # the demo therapist's list stays Mira and Tane for the page's own tests
            requests.delete(f"{site.base}/v1/links/{THERAPIST_UID}", timeout=30,
                            headers={"Authorization": f"Bearer {client.token(auth_emulator)}"})
        phone_ctx.close()
        desk_ctx.close()
