"""The client's safety plan in the companion app at a phone's size (issue 23, item 5): written step by step, kept on
the phone, opening first on Help offline with one tap to call, and never shown signed out."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.companion import set_offline, shoot, sign_up, wait_until, wait_until_synced
from tests.support.web_stack import serious_violations

pytestmark = pytest.mark.emulator


def open_screen(page, address: str, heading: str) -> None:
    page.evaluate("(address) => { location.hash = address; }", address)
    page.get_by_role("heading", name=heading, exact=True, level=1).wait_for()


def write_step(page, step: str, fill: dict[str, str]) -> None:
    page.get_by_role("link", name=f"Write {step}").click()
    page.get_by_role("button", name="Save this step").wait_for()
    for label, text in fill.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Save this step").click()
    page.get_by_role("heading", name="The steps").wait_for()


def test_a_plan_written_on_the_phone_opens_first_on_help_offline_with_tel_links_and_never_signed_out(
        axe_phone, site, auth_emulator):
    page = axe_phone
    found = {}
    client = sign_up(page, site.base, "Noa")
    open_screen(page, "#/help", "Help right now")
    page.get_by_role("link", name="Write my safety plan").click()
    page.get_by_role("heading", name="My safety plan", level=1).wait_for()
    write_step(page, "step 1: My warning signs",
               {"What tells me a hard moment may be coming?": "I stop answering messages\nNights without sleep"})
    page.get_by_role("link", name="Write step 4: People I can ask for help").click()
    found["plan-step-form"] = serious_violations(page, "app-safety-plan-step")
    shoot(page, "safety-plan-step-form")
    page.get_by_label("Name 1", exact=True).fill("Sam (sister)")
    page.get_by_label("Phone 1", exact=True).fill("+44 7700 900123")
    page.get_by_role("button", name="Save this step").click()
    page.get_by_role("heading", name="The steps").wait_for()
    write_step(page, "step 7: One reason for living", {"Someone or something that matters to me.": "Biscuit"})
    found["plan-overview"] = serious_violations(page, "app-safety-plan")
    shoot(page, "safety-plan-overview")
    wait_until_synced(page)
    assert client.get(site, auth_emulator, "/v1/me/safety-plan")["people_to_ask"] == [
        {"name": "Sam (sister)", "phone": "+44 7700 900123"}]

    open_screen(page, "#/help", "Help right now")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    set_offline(page, True)
    try:
        page.reload()
        page.get_by_role("heading", name="Help right now", level=1).wait_for()
        first = page.locator("#main section").first
        expect(first.get_by_role("heading", level=2)).to_have_text("My safety plan")
        expect(first.get_by_text("Nights without sleep")).to_be_visible()
        expect(first.get_by_text("Biscuit")).to_be_visible()
        call = first.get_by_role("link", name="Call Sam (sister): +44 7700 900123")
        expect(call).to_have_attribute("href", "tel:+447700900123")
        expect(page.get_by_text("nobody watches the app in real time")).to_be_visible()
        found["help-with-plan-offline"] = serious_violations(page, "app-help-plan-offline")
        shoot(page, "help-safety-plan-offline")
    finally:
        set_offline(page, False)

    open_screen(page, "#/me", "You")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    page.get_by_role("link", name="Need help right now?").click()
    page.get_by_role("heading", name="Help right now", level=1).wait_for()
    wait_until(page, lambda: page.locator("section.country").count() > 0)
    expect(page.get_by_role("heading", name="My safety plan")).to_have_count(0)
    expect(page.get_by_text("Biscuit")).to_have_count(0)
    expect(page.get_by_text("Sam (sister)")).to_have_count(0)
    found["help-signed-out"] = serious_violations(page, "app-help-signed-out-after-plan")
    shoot(page, "help-signed-out-no-plan")
    assert found == {name: [] for name in found} and len(found) == 4
