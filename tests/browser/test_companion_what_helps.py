"""What helps you (#/helps) at a phone's size: results only past their minimums, and the mood chart over a week,
a month and a year with away days shaded; axe-clean, with screenshots."""
from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from tests.support.companion import phone_context, pick, set_offline, shoot, sign_up, wait_until_synced, watch
from tests.support.web_stack import serious_violations


@pytest.fixture
def phone(browser, site):
    """A phone-sized page whose context bypasses the CSP, only so axe itself can be injected."""
    context = phone_context(browser, bypass_csp=True)
    yield watch(context.new_page())
    context.close()


def problems(page) -> list[str]:
    """The page's errors, less the browser's line for a new account's 409 `GET /v1/me` (no profile yet)."""
    return [line for line in page.problems if "status of 409 (CONFLICT)" not in line]


class AsClient:
    """PUTs through the API as the client, with one ID token for the lot."""

    def __init__(self, client, site, auth_emulator):
        self.base, self.token = site.base, client.token(auth_emulator)

    def put(self, path: str, body: dict) -> None:
        response = requests.put(f"{self.base}{path}", json=body, timeout=30,
                                headers={"Authorization": f"Bearer {self.token}"})
        assert response.status_code in (200, 201), (path, response.status_code, response.text)


def open_what_helps(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Your progress").wait_for()
    page.get_by_role("link", name="What helps you, and your mood over time").click()
    page.get_by_role("heading", name="What helps you", exact=True).wait_for()
    page.locator('[data-field="mood-chart"] .chart canvas').wait_for()


def signed_up_on_a_held_clock(phone, site, auth_emulator, name: str):
    """A new client signed up in the app on a clock the test moves, their today, and the API as them."""
    phone.clock.install()
    client = sign_up(phone, site.base, name)
    return client, client.today(site, auth_emulator), AsClient(client, site, auth_emulator)


def test_what_helps_shows_a_techniques_stress_change_only_once_its_third_rated_practice_is_logged(
        phone, site, auth_emulator):
    client, today, api = signed_up_on_a_held_clock(phone, site, auth_emulator, "Tui")
    for n in (1, 2):
        api.put(f"/v1/breathing/b{n}", {"started_at": f"{today - timedelta(days=n)}T08:00:00+00:00",
                                        "duration_seconds": 120, "technique": "box", "stress_before": 6,
                                        "stress_after": 3})

    open_what_helps(phone)
    stress = phone.locator('[data-field="stress"]')
    stress.get_by_text("Box breathing: 1 more practice with stress rated before and after").wait_for()
    assert stress.get_by_text("After box breathing").count() == 0
    phone.locator('[data-field="mood-practice"]').get_by_text("shows here after").wait_for()
    assert serious_violations(phone, "app-helps-below-minimum") == []
    shoot(phone, "helps-below-minimum")

    # The third box practice, in the app: the pacer, stress 7 then 4.
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Practice").click()
    phone.get_by_role("heading", name="Practice", exact=True).wait_for()
    phone.get_by_role("navigation", name="Ways to practise").get_by_role("link", name="Breathe").click()
    phone.get_by_role("radio", name="Box breathing").check()
    phone.get_by_role("radio", name="1 min", exact=True).check()
    pick(phone, "Stress before (optional)", 7)
    phone.get_by_role("button", name="Start").click()
    phone.locator("#pacer-phase").filter(has_text="Breathe in").wait_for()
    phone.clock.fast_forward(65_000)
    phone.get_by_role("heading", name="Well done").wait_for()
    pick(phone, "Stress after (optional)", 4)
    phone.get_by_role("button", name="Save session").click()
    phone.get_by_role("heading", name="Hello, Tui").wait_for()
    wait_until_synced(phone)

    open_what_helps(phone)
    stress.get_by_text("After box breathing, your stress rating was on average 3 points lower than before "
                       "(3 practices).").wait_for()
    assert stress.locator(".needs-more").count() == 0
    assert serious_violations(phone, "app-helps-at-minimum") == []
    shoot(phone, "helps-at-minimum")
    assert problems(phone) == []


def test_the_mood_chart_switches_between_a_week_a_month_and_a_year_with_away_days_shaded_and_works_offline(
        phone, site, auth_emulator):
    client, today, api = signed_up_on_a_held_clock(phone, site, auth_emulator, "Rua")
    for n in [*range(0, 40, 2), 200, 201]:
        day = today - timedelta(days=n)
        api.put(f"/v1/checkins/c{n}", {"local_date": day.isoformat(), "mood": 3 + n % 5})
    api.put("/v1/me/away/a1", {"from": (today - timedelta(days=12)).isoformat(),
                               "to": (today - timedelta(days=10)).isoformat()})

    open_what_helps(phone)
    card = phone.locator('[data-field="mood-chart"]')
    assert phone.get_by_role("radio", name="Month").is_checked()
    words = card.locator('[data-field="mood-words"]')
    assert words.inner_text() == ("Over the last 30 days, your mood averaged 5.0 on 15 days with a mood logged. "
                                  "3 days marked as away (shaded).")
    assert card.get_by_role("img").get_attribute("aria-label").endswith("shaded days were marked as away.")
    assert serious_violations(phone, "app-helps-chart-month") == []
    shoot(phone, "helps-chart-month")

    phone.get_by_role("radio", name="Week").check()
    words.filter(has_text="Over the last 7 days").wait_for()
    card.get_by_text("Show as a table").click()
    table = card.get_by_role("table", name="Your mood by day")
    assert table.locator("tbody tr").count() == 7
    shoot(phone, "helps-chart-week")

    phone.get_by_role("radio", name="Year").check()
    words.filter(has_text="Over the last year, your mood averaged").wait_for()
    assert "on 22 days" in words.inner_text()
    card.get_by_text("Show as a table").click()
    year = card.get_by_role("table", name="Your mood by month")
    assert year.locator("tbody tr").count() in (13, 14)  # 366 days touch 13 calendar months, or 14
    away_cells = [text for text in year.locator("tbody td:nth-child(3)").all_inner_texts() if text]
    assert sum(int(text.split()[0]) for text in away_cells) == 3  # the away days, in their months
    assert serious_violations(phone, "app-helps-chart-year") == []
    shoot(phone, "helps-chart-year")

    # Offline, later: the last answer, said to be the copy kept on the phone.
    set_offline(phone, True)
    phone.clock.fast_forward(5 * 60_000)
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    phone.get_by_role("heading", name="Hello, Rua").wait_for()
    open_what_helps(phone)
    phone.get_by_text("you are offline, so this is the copy kept on this phone").wait_for()
    assert card.locator('[data-field="mood-words"]').inner_text().startswith("Over the last 30 days")
    shoot(phone, "helps-offline")
    assert problems(phone) == []
