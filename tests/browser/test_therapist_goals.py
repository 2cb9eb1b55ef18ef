"""The therapist page shows a client's goals and micro-steps in the review, their words only while they share them."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests
from playwright.sync_api import expect

from tests.support.web_stack import ARTIFACTS, serious_violations, sign_in
from tools.demo_accounts import THERAPIST
from tools.dev_tokens import mint_dev_token

pytestmark = pytest.mark.emulator

SIZES = {1280: {"viewport": {"width": 1280, "height": 900}},
         390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}}
WHY, DONE_WHEN, NOTE = "So I can play outside with my kids", "Back at my front door", "Windy, but I went"


def api(site, method: str, path: str, uid: str, role: str = "client", body=None):
    """The API called with a dev token, as a script would (the setup of the test, not what it proves)."""
    response = requests.request(method, f"{site.base}{path}", json=body, timeout=30,
                                headers={"Authorization": f"Bearer {mint_dev_token(uid, role)}"})
    assert response.status_code < 300, (path, response.status_code, response.text)
    return response.json() if response.content else None


def a_client_with_a_goal(site) -> str:
    """A client of the demo therapist, sharing notes, with one goal of two steps (the first done with a note)."""
    uid = f"goals-rewa-{uuid.uuid4().hex[:8]}"
    today = datetime.now(timezone.utc).date()
    api(site, "PUT", "/v1/me", uid, body={"display_name": "Rewa", "timezone": "Etc/UTC"})
    code = api(site, "POST", "/v1/invites", THERAPIST.uid, "therapist")["code"]
    api(site, "POST", "/v1/links", uid, body={"code": code, "share_notes": True})
    api(site, "PUT", "/v1/goals/walk", uid, body={"title": "Walk a little more", "why": WHY,
                                                  "target_date": str(today + timedelta(days=30))})
    api(site, "PUT", "/v1/goals/walk/steps/s1", uid, body={"title": "Round the block", "done_when": DONE_WHEN})
    api(site, "PUT", "/v1/goals/walk/steps/s2", uid, body={"title": "To the park", "done_when": "Touched the gate",
                                                           "due_on": str(today + timedelta(days=3)), "position": 1})
    api(site, "POST", "/v1/goals/walk/steps/s1/done", uid, body={"done_on": str(today - timedelta(days=1)),
                                                                "note": NOTE})
    return uid


def open_goals(browser, site, width: int):
    context = browser.new_context(timezone_id="Etc/UTC", bypass_csp=True, **SIZES[width])  # bypass: axe only
    page = context.new_page()
    sign_in(page, site.base, THERAPIST.email, THERAPIST.password)
    page.get_by_role("link", name="Rewa", exact=True).click()
    page.get_by_role("heading", name="Rewa: review").wait_for()
    goal = page.get_by_role("region", name="Goals and micro-steps").locator('li[data-goal="walk"]')
    goal.wait_for()
    return context, page, goal


def test_the_review_shows_goals_and_steps_at_desktop_and_phone_width_and_their_words_only_while_shared(browser, site):
    uid = a_client_with_a_goal(site)
    try:
        for width in SIZES:
            context, page, goal = open_goals(browser, site, width)
            try:
                expect(goal.get_by_role("heading", name="Walk a little more")).to_be_visible()
                expect(goal).to_contain_text(f"Why it matters: {WHY}")
                expect(goal).to_contain_text("1 of 2 steps done")
                expect(goal.locator(".next-step")).to_have_text("Next step: To the park")
                steps = goal.get_by_role("list", name="Steps of Walk a little more").get_by_role("listitem")
                expect(steps).to_have_count(2)
                expect(steps.nth(0)).to_contain_text("Round the block: done on")
                expect(steps.nth(0)).to_contain_text(f"Done when: {DONE_WHEN}")
                expect(steps.nth(0)).to_contain_text(f"Note: {NOTE}")
                expect(steps.nth(1)).to_contain_text("To the park: not done yet")
                assert serious_violations(page, f"review-goals-{width}") == []
                page.screenshot(path=str(ARTIFACTS / f"11-review-goals-{width}.png"), full_page=True)
                overflow = page.evaluate("() => document.documentElement.scrollWidth - "
                                         "document.documentElement.clientWidth")
                assert overflow <= 0
            finally:
                context.close()

        api(site, "PATCH", f"/v1/links/{THERAPIST.uid}", uid, body={"share_notes": False})
        context, page, goal = open_goals(browser, site, 390)
        try:
            expect(page.locator("#goal-words-hidden")).to_contain_text("Rewa has not chosen to share their words")
            expect(goal.get_by_role("heading", name="Walk a little more")).to_be_visible()
            expect(goal.locator(".next-step")).to_have_text("Next step: To the park")
            for words in (WHY, DONE_WHEN, NOTE, "Why it matters", "Done when"):
                expect(goal).not_to_contain_text(words)
            assert serious_violations(page, "review-goals-words-kept-390") == []
            page.screenshot(path=str(ARTIFACTS / "11-review-goals-words-kept-390.png"), full_page=True)
        finally:
            context.close()
    finally:
        api(site, "DELETE", f"/v1/clients/{uid}", THERAPIST.uid, "therapist")
