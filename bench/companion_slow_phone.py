"""The companion app on a slow phone (4x CPU throttling, ~400 ms round trip, 400 kbit/s, Chromium's own
emulation): app time to an interactive Today screen on a first load (nothing cached) and on a return visit (the
shell from the service worker), for a signed-in client."""
from __future__ import annotations

import statistics
import time

from tests.support.companion import PHONE, SLOW_CPU_RATE, SLOW_NETWORK, SlowPhone, sign_up

from .support import print_table, site_in_chromium

REPEATS = 5
FIRST_LOAD_BUDGET_MS, RETURN_BUDGET_MS = 8000, 1000

# From the navigation's start to the check-in form drawn on Today (the app's own mark once it can be used).
TODAY_READY_MS = "() => performance.getEntriesByName('checkin-ready')[0].startTime"
FORGET_SHELL = """async () => {
  for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
  for (const name of await caches.keys()) await caches.delete(name);
}"""


def open_today(page, base: str, name: str) -> float:
    page.goto(f"{base}/app/")
    page.get_by_role("heading", name=f"Hello, {name}").wait_for(timeout=120_000)
    page.wait_for_function("performance.getEntriesByName('checkin-ready').length > 0", timeout=120_000)
    return page.evaluate(TODAY_READY_MS)


def one_phone(browser, base: str) -> tuple[float, float]:
    """A client signed in on a slow phone: (first load with nothing cached, return visit with the shell cached)."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        sign_up(page, base, "Bench")  # at full speed: the sign-in itself is not what is measured
        page.evaluate("navigator.serviceWorker.ready")
        page.evaluate(FORGET_SHELL)  # the sign-in stays (IndexedDB); the shell is gone, as on a first visit
        page.goto("about:blank")
        SlowPhone(context).start()
        first = open_today(page, base, "Bench")
        page.evaluate("navigator.serviceWorker.ready")
        page.goto("about:blank")
        again = open_today(page, base, "Bench")
        return first, again
    finally:
        context.close()


def warm_up(app) -> None:
    """The emulator's first writes may answer 503 while it warms up (a sign-up then stalls): wait that out."""
    from tests.support.api import ApiUser

    user = ApiUser(app.test_client(), "slow-phone-warm-up")
    for _ in range(60):
        if user.put("/v1/me", {"display_name": "W", "timezone": "Europe/Berlin"}).status_code < 300:
            return
        time.sleep(1)


def main() -> None:
    with site_in_chromium(warm_up) as (browser, base):
        run(browser, base)


def run(browser, base: str) -> None:
    firsts, agains = [], []
    for _ in range(REPEATS):
        first, again = one_phone(browser, base)
        firsts.append(first)
        agains.append(again)
    kbit = SLOW_NETWORK["downloadThroughput"] * 8 / 1000
    print(f"\nA signed-in client opens the app on a slow phone ({SLOW_CPU_RATE}x CPU, "
          f"{SLOW_NETWORK['latency']} ms latency, {kbit:.0f} kbit/s), app time to an interactive Today, "
          f"{REPEATS} phones:")
    rows = []
    for label, samples, budget in (("first load, nothing cached", firsts, FIRST_LOAD_BUDGET_MS),
                                   ("return visit, shell cached", agains, RETURN_BUDGET_MS)):
        median = statistics.median(samples)
        rows.append([label, round(median), round(max(samples)), budget, f"{median / budget:.2f}"])
    print_table(["open", "median ms", "max ms", "budget ms", "median / budget"], rows)


if __name__ == "__main__":
    main()
