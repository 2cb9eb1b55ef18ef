"""A questionnaire a therapist assigned, answered on the phone offline: its card on Today, a half-answered one kept
as a draft through a reload, item 9 answered above 0 showing the client's own safety plan and the crisis lines at
once, then synced once; axe-clean."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_companion_privacy import Therapist, link_in_app, open_screen
from tests.browser.test_companion_safety_plan import write_step
from tests.support.companion import set_offline, shoot, sign_up, wait_for_draft, wait_until_synced
from tests.support.web_stack import serious_violations

ANSWERS = ["Several days", "More than half the days", "Not at all", "Several days", "Not at all", "Several days",
           "Not at all", "Not at all", "Several days"]  # item 9 last: "Several days"


def answer(page, number: int, text: str) -> None:
    page.locator("fieldset.question").nth(number - 1).get_by_label(text, exact=True).check()


def test_a_questionnaire_answered_offline_keeps_its_draft_shows_the_plan_and_crisis_lines_for_item_9_and_syncs_once(
        axe_phone, site, auth_emulator):
    page = axe_phone
    found = {}
    client = sign_up(page, site.base, "Noa")
    open_screen(page, "#/safety-plan", "My safety plan")  # written first; Help itself is never opened
    write_step(page, "step 4: People I can ask for help", {"Name 1": "Sam (sister)", "Phone 1": "+44 7700 900123"})
    write_step(page, "step 7: One reason for living", {"Someone or something that matters to me.": "Biscuit"})
    therapist = Therapist(site, auth_emulator)
    therapist.take_the_name("Dr Ana Rua")
    link_in_app(page, therapist)
    client_uid = client.uid(auth_emulator)
    assigned = therapist.call("PUT", f"/v1/clients/{client_uid}/measures/phq9", {"rhythm": "weekly"})
    assert assigned.status_code == 200, assigned.text

    with page.expect_response(lambda response: "/v1/help" in response.url and response.ok):
        open_screen(page, "#/", "Hello, Noa")  # a PHQ-9 due: the phone keeps the crisis lines for later
        page.get_by_role("heading", name="A short questionnaire from Dr Ana Rua").wait_for()
    found["today"] = serious_violations(page, "app-today-questionnaire")
    shoot(page, "20-questionnaire-on-today")

    page.get_by_role("link", name="Open the PHQ-9").click()
    page.get_by_role("heading", name="A short questionnaire from Dr Ana Rua", level=1).wait_for()
    set_offline(page, True)
    for number, text in enumerate(ANSWERS[:4], start=1):
        answer(page, number, text)
    wait_for_draft(page, "44254-1")
    page.reload()
    page.get_by_role("heading", name="A short questionnaire from Dr Ana Rua", level=1).wait_for()
    first = page.locator("fieldset.question").nth(0).get_by_label("Several days", exact=True)
    page.wait_for_function("() => document.querySelector('input[name=\"44250-9\"][value=\"1\"]').checked")
    assert first.is_checked()
    for number, text in enumerate(ANSWERS, start=1):
        answer(page, number, text)
    found["questionnaire"] = serious_violations(page, "app-questionnaire")
    shoot(page, "21-questionnaire-answered-offline")
    page.get_by_role("button", name="Send my answers").click()

    page.get_by_role("heading", name="Thank you for your answers").wait_for()
    expect(page.get_by_text("Nobody watches this app in real time")).to_be_visible()
    expect(page.get_by_text("your therapist will see your answers when they next look")).to_be_visible()
    plan = page.locator("section.safety-plan")
    expect(plan.get_by_role("heading", name="My safety plan", level=2)).to_be_visible()
    expect(plan.get_by_text("Biscuit")).to_be_visible()
    expect(plan.get_by_role("link", name="Call Sam (sister): +44 7700 900123")).to_have_attribute(
        "href", "tel:+447700900123")
    own_country = page.locator("section.country").first  # the crisis lines, from the phone's copy
    expect(own_country.locator("ul.crisis-lines a[href^='tel:']").first).to_be_visible()
    found["after-item-9"] = serious_violations(page, "app-questionnaire-item-9")
    shoot(page, "22-questionnaire-item-9-plan-and-crisis-lines-offline")
    assert client.get(site, auth_emulator, "/v1/me/measures")["answers"] == []  # still only on the phone

    set_offline(page, False)
    wait_until_synced(page)
    page.reload()
    wait_until_synced(page)
    (stored,) = client.get(site, auth_emulator, "/v1/me/measures")["answers"]
    assert (stored["complete"], stored["total"], stored["item9_positive"]) == (True, 6, True)
    review = therapist.call("GET", f"/v1/clients/{client_uid}/review").json()
    assert review["moments_to_ask_about"][0]["kind"] == "phq9_item9"
    open_screen(page, "#/", "Hello, Noa")
    assert page.get_by_role("heading", name="A short questionnaire from Dr Ana Rua").count() == 0
    assert found == {name: [] for name in found}
