"""The client's mood chart (What helps you, #/helps) at a phone's size over a year of heavy data: app time from the
chart's start to its first draw, read from performance marks inside the page, against a 300 ms budget."""
from __future__ import annotations

import statistics
from datetime import datetime, timedelta, timezone

from stepping_stones.config import Config
from stepping_stones.domain.local_dates import today_in
from stepping_stones.services import away, profile
from stepping_stones.storage import get_store
from tests.support.companion import PHONE, sign_in_app
from tests.support.history import heavy_records, import_history
from tools.demo_accounts import DEMO_ACCOUNTS
from tools.demo_data import MIRA

from .support import print_table, site_in_chromium

DAYS, REPEATS, BUDGET_MS = 366, 15, 300
ACCOUNT = next(account for account in DEMO_ACCOUNTS if account.uid == MIRA.uid)
AWAY_ENDS = (20, 100, 250)  # three week-long away periods, days before today
MEASURED = "() => performance.getEntriesByName('mood-chart').length > 0"
OPEN_TO_DRAWN = """() => performance.getEntriesByName('mood-chart-end').at(-1).startTime
  - performance.getEntriesByName('helps-open').at(-1).startTime"""


def seed_heavy_year(now: datetime) -> None:
    """Mira, with a year of heavy use (a check-in, 16 moods and 4 rated practices a day) and three weeks away."""
    store = get_store(Config.from_env())
    today = today_in(MIRA.timezone, now)
    profile.save_profile(store, MIRA.uid, "client", {"display_name": MIRA.display_name, "timezone": MIRA.timezone},
                         now)
    entries, goals = heavy_records(today - timedelta(days=1), DAYS)
    import_history(store, MIRA.uid, entries, today, MIRA.timezone, goals)
    for n, end in enumerate(AWAY_ENDS):
        away.put_away(store, MIRA.uid, f"away-{n}", {"from_date": today - timedelta(days=end + 6),
                                                     "to_date": today - timedelta(days=end)}, now)


def chart_ms(page, range_name: str) -> float:
    """Switch to `range_name` and read the chart's own measure (start to first draw)."""
    page.evaluate("performance.clearMeasures('mood-chart')")
    page.get_by_role("radio", name=range_name).check()
    page.wait_for_function(MEASURED)
    return page.evaluate("performance.getEntriesByName('mood-chart')[0].duration")


def open_ms(page) -> float:
    """From Today, open What helps again (its answer kept on the phone for a minute): tap to chart drawn."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    page.get_by_role("heading", name=f"Hello, {MIRA.display_name}").wait_for()
    page.evaluate("performance.clearMeasures('mood-chart')")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    page.get_by_role("link", name="What helps you, and your mood over time").click()
    page.wait_for_function(MEASURED)
    return page.evaluate(OPEN_TO_DRAWN)


def main() -> None:
    now = datetime.now(timezone.utc)

    def seed(app) -> None:
        print(f"Seeding a client with {DAYS} days of heavy history…", flush=True)
        seed_heavy_year(now)

    with site_in_chromium(seed) as (browser, base):
        run(browser, base)


def run(browser, base: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in_app(page, base, ACCOUNT.email, ACCOUNT.password, MIRA.display_name)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    page.get_by_role("link", name="What helps you, and your mood over time").click()
    page.wait_for_function(MEASURED)
    first_open = page.evaluate("performance.getEntriesByName('mood-chart')[0].duration")
    first_screen = page.evaluate(OPEN_TO_DRAWN)
    days = page.locator('[data-field="mood-chart"]').get_by_text("marked as away").count()
    year, week = [], []
    for _ in range(REPEATS):
        week.append(chart_ms(page, "Week"))
        year.append(chart_ms(page, "Year"))
    words = page.locator('[data-field="mood-words"]').inner_text()
    reopen = [open_ms(page) for _ in range(5)]
    context.close()
    print(f"\nThe mood chart at 390x844, app time from its start to its first draw ({REPEATS} switches each; "
          f"a year of heavy data, {len(AWAY_ENDS)} away weeks shaded):")
    rows = [["first open: chart (month)", round(first_open, 1), round(first_open, 1)],
            ["first open: screen opened to chart drawn (API read, chunk)", round(first_screen, 1), round(first_screen, 1)],
            ["re-open from Today, answer kept on the phone (5x)", round(statistics.median(reopen), 1),
             round(max(reopen), 1)]]
    rows += [[f"{name} (switch)", round(statistics.median(times), 1), round(max(times), 1)]
             for name, times in (("week", week), ("year", year))]
    print_table(["view", "median ms", "max ms", "budget ms", "median / budget"],
                [[*row, BUDGET_MS, f"{row[1] / BUDGET_MS:.2f}"] for row in rows])
    print(f"The year in words: {words!r} (away noted on screen: {bool(days)})")


if __name__ == "__main__":
    main()
