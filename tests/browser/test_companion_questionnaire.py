"""A questionnaire a therapist assigned, answered on the phone offline: its card on Today, a half-answered one kept
as a draft through a reload, item 9 answered above 0 showing where help is at once, then synced once; axe-clean."""
from __future__ import annotations

from tests.browser.test_companion_privacy import Therapist, link_in_app, open_screen
from tests.support.companion import phone_context, set_offline, shoot, sign_up, wait_for_draft, wait_until_synced, watch
from tests.support.web_stack import serious_violations

ANSWERS = ["Several days", "More than half the days", "Not at all", "Several days", "Not at all", "Several days",
           "Not at all", "Not at all", "Several days"]  # item 9 last: "Several days"


def answer(page, number: int, text: str) -> None:
    page.locator("fieldset.question").nth(number - 1).get_by_label(text, exact=True).check()


def test_a_questionnaire_answered_offline_keeps_its_draft_shows_help_for_item_9_and_syncs_once(browser, site,
                                                                                              auth_emulator):
    context = phone_context(browser, bypass_csp=True)  # only so axe itself can be injected
    page = watch(context.new_page())
    found = {}
    try:
        client = sign_up(page, site.base, "Noa")
        therapist = Therapist(site, auth_emulator)
        therapist.take_the_name("Dr Ana Rua")
        link_in_app(page, therapist)
        client_uid = client.uid(auth_emulator)
        assigned = therapist.call("PUT", f"/v1/clients/{client_uid}/measures/phq9", {"rhythm": "weekly"})
        assert assigned.status_code == 200, assigned.text

        open_screen(page, "#/", "Hello, Noa")
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
        page.get_by_text("Nobody watches this app in real time").wait_for()
        page.get_by_role("link", name="See who you can reach now").wait_for()
        found["after-item-9"] = serious_violations(page, "app-questionnaire-item-9")
        shoot(page, "22-questionnaire-item-9-help-offline")
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
    finally:
        context.close()
    assert found == {name: [] for name in found}
