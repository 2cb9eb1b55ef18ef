"""The therapist page in Chromium: bytes on first load (gzipped) and time to paint a review of a year of history."""
from __future__ import annotations

import gzip
import re
import statistics
from datetime import datetime, timedelta, timezone

from stepping_stones.config import Config
from stepping_stones.domain.local_dates import today_in
from stepping_stones.services import links, profile
from stepping_stones.storage import get_store
from tests.support.history import daily_records, import_history
from tests.support.web_stack import sign_in
from tools.demo_accounts import THERAPIST

from .support import print_table, site_in_chromium

YEAR_CLIENT, DAYS, REPEATS = "bench-year-client", 365, 15
WEIGHT_BUDGET_KB, PAINT_BUDGET_MS = 300, 1000


def seed_year_client(now: datetime) -> None:
    """Beside the `make run` demo data: a Berlin client with a check-in, a mood and a breathing every day for a year."""
    store = get_store(Config.from_env())
    today = today_in("Europe/Berlin", now)
    profile.save_profile(store, YEAR_CLIENT, "client", {"display_name": "Year", "timezone": "Europe/Berlin"}, now)
    import_history(store, YEAR_CLIENT, daily_records(today - timedelta(days=1), DAYS), today)
    links.link_with_code(store, YEAR_CLIENT, links.create_invite(store, THERAPIST.uid, now)["code"], True, now)


def gzipped_total(responses: list[tuple[str, bytes]]) -> tuple[int, int]:
    raw = sum(len(body) for _, body in responses)
    return raw, sum(len(gzip.compress(body, compresslevel=6)) for _, body in responses)


def keep_body(bodies: list[tuple[str, bytes]], response) -> None:
    if response.status < 300 and response.request.method != "OPTIONS":
        try:
            bodies.append((response.url, response.body()))
        except Exception:  # a response the page navigated away from; the next load counts instead
            pass


def first_load(browser, url: str, ready) -> list[tuple[str, bytes]]:
    """Every response body a fresh browser fetches to show `url` (Hosting serves them gzipped)."""
    context = browser.new_context()
    page = context.new_page()
    bodies: list[tuple[str, bytes]] = []
    page.on("response", lambda r: keep_body(bodies, r))
    page.goto(url)
    ready(page)
    page.wait_for_load_state("networkidle")
    context.close()
    return bodies


def paint_times(page, url: str, bodies: list) -> tuple[list[float], list[float]]:
    """Milliseconds from navigation start to the review's paint mark (and to first contentful paint), per full load."""
    page.goto(url)
    paints, fcps = [], []
    for attempt in range(REPEATS + 1):
        page.wait_for_load_state("networkidle")
        bodies.clear()
        page.reload()  # a full load of the review address in a signed-in tab
        page.get_by_role("heading", name=re.compile(": review$")).wait_for()
        page.wait_for_function("() => performance.getEntriesByName('review-painted').length > 0")
        marks = page.evaluate("""() => ({
            painted: performance.getEntriesByName('review-painted')[0].startTime,
            fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null})""")
        if attempt:  # the first is a warm-up
            paints.append(marks["painted"])
            fcps.append(marks["fcp"])
    page.wait_for_load_state("networkidle")
    return paints, fcps


def main() -> None:
    from tools.run_local import seed_demo_data

    now = datetime.now(timezone.utc)

    def seed(app) -> None:
        print("Seeding the make-run demo data and a client with a year of daily history…", flush=True)
        seed_demo_data(app, now)
        seed_year_client(now)

    with site_in_chromium(seed) as (browser, base):
        run(browser, base)


def run(browser, base: str) -> None:
    review_url = f"{base}/#/clients/{YEAR_CLIENT}"
    sign_in_page = first_load(browser, f"{base}/", lambda p: p.get_by_role("heading", name="Sign in").wait_for())

    context = browser.new_context()
    page = context.new_page()
    review_bodies: list[tuple[str, bytes]] = []
    sign_in(page, base, THERAPIST.email, THERAPIST.password)
    def keep(response):
        keep_body(review_bodies, response)

    page.on("response", keep)
    paints, fcps = paint_times(page, review_url, review_bodies)
    page.remove_listener("response", keep)
    year_since = (datetime.now(timezone.utc) - timedelta(days=365)).date().isoformat()
    year_paints, _ = paint_times(page, f"{review_url}?since={year_since}", [])
    context.close()

    raw, gz = gzipped_total(sign_in_page)
    review_raw, review_gz = gzipped_total(review_bodies)
    print("\nPage weight, first load (every response body, gzipped at level 6 as Hosting serves it):")
    print_table(["load", "requests", "raw KB", "gzipped KB", "budget KB"], [
        ["sign-in page, empty cache", len(sign_in_page), round(raw / 1024, 1), round(gz / 1024, 1), WEIGHT_BUDGET_KB],
        ["review of a year of history", len(review_bodies), round(review_raw / 1024, 1), round(review_gz / 1024, 1),
         WEIGHT_BUDGET_KB],
    ])
    for url, body in sorted(sign_in_page, key=lambda item: -len(item[1])):
        print(f"    {len(gzip.compress(body)) / 1024:7.1f} KB gz  {url.removeprefix(base)}")
    median = statistics.median(paints)
    print(f"\nReview of a client with {DAYS} days of history (a check-in, a mood and a breathing a day), "
          f"full page load in a signed-in tab, {REPEATS} loads:")
    print_table(["measure", "median ms", "max ms", "budget ms", "median / budget"], [
        ["first contentful paint", round(statistics.median(fcps)), round(max(fcps)), "", ""],
        ["review painted (HTML, bundle, sign-in restored, 2 API calls, charts)", round(median), round(max(paints)),
         PAINT_BUDGET_MS, f"{median / PAINT_BUDGET_MS:.2f}"],
        ["same, window widened to the whole year", round(statistics.median(year_paints)), round(max(year_paints)),
         PAINT_BUDGET_MS, f"{statistics.median(year_paints) / PAINT_BUDGET_MS:.2f}"],
    ])


if __name__ == "__main__":
    main()
