"""The client companion app in Chromium at a phone's size: first-load weight (with the precached shell), how much
of a later open the service worker serves, and app time from opening to a stored check-in."""
from __future__ import annotations

import gzip
import statistics

import requests

from tests.support.companion import PHONE, app_ms_to_check_in, check_in, shell_files, sign_up

from .support import print_table, site_in_chromium

REPEATS = 10
WEIGHT_BUDGET_KB, CHECK_IN_BUDGET_MS = 250, 2000


def gz(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def first_load(browser, base: str) -> dict[str, int]:
    """Gzipped bytes of everything a new phone fetches: the page's own loads and the service worker's precache."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    loaded: dict[str, int] = {}

    def keep(response):
        if response.url.startswith(base) and "/v1/" not in response.url and response.ok:
            try:
                loaded[response.url.removeprefix(base)] = gz(response.body())
            except Exception:  # a response the page navigated away from
                pass

    page.on("response", keep)
    page.goto(f"{base}/app/")
    page.get_by_role("heading", name="Sign in").wait_for()
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_load_state("networkidle")
    context.close()
    precache = {path: gz(requests.get(f"{base}{path}", timeout=10).content) for path in shell_files(base)}
    return {**precache, **loaded, "/app/sw.js": gz(requests.get(f"{base}/app/sw.js", timeout=10).content)}


def later_open(browser, base: str) -> tuple[int, int]:
    """On a second open: how many of the shell's responses came from the service worker, of how many."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{base}/app/")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    seen: list[bool] = []
    page.on("response", lambda r: seen.append(r.from_service_worker) if "/v1/" not in r.url else None)
    page.reload()
    page.get_by_role("heading", name="Sign in").wait_for()
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(seen), len(seen)


def check_in_times(browser, base: str) -> list[float]:
    """App time (ms) from opening the app to a check-in stored on the phone: a returning client, new each run."""
    times = []
    for _ in range(REPEATS):
        context = browser.new_context(**PHONE)
        page = context.new_page()
        sign_up(page, base, "Bench")
        page.reload()
        page.get_by_role("heading", name="Hello, Bench").wait_for()
        check_in(page, 6)
        times.append(app_ms_to_check_in(page))
        context.close()
    return times


def main() -> None:
    with site_in_chromium() as (browser, base):
        run(browser, base)


def run(browser, base: str) -> None:
    weights = first_load(browser, base)
    total = sum(weights.values())
    from_worker, responses = later_open(browser, base)
    times = check_in_times(browser, base)
    print("\nFirst load of /app/ on a new phone (every body gzipped at level 6, as Hosting serves it):")
    print_table(["load", "files", "gzipped KB", "budget KB", "KB / budget"], [
        ["page and precached shell", len(weights), round(total / 1024, 1), WEIGHT_BUDGET_KB,
         f"{total / 1024 / WEIGHT_BUDGET_KB:.2f}"]])
    for path, size in sorted(weights.items(), key=lambda item: -item[1]):
        print(f"    {size / 1024:7.1f} KB gz  {path}")
    print(f"\nA later open: {from_worker} of {responses} shell responses served by the service worker.")
    median = statistics.median(times)
    print(f"\nOpening the app to a stored check-in (a mood tap and Save), app time, {REPEATS} returning clients:")
    print_table(["measure", "median ms", "max ms", "budget ms", "median / budget"], [
        ["open → check-in form ready + Save → stored in IndexedDB", round(median), round(max(times)),
         CHECK_IN_BUDGET_MS, f"{median / CHECK_IN_BUDGET_MS:.2f}"]])


if __name__ == "__main__":
    main()
