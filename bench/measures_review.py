"""A review and the client list with a year of weekly PHQ-9 and GAD-7 against none: reads, round trips, latency."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from stepping_stones.config import Config
from stepping_stones.services import clients, links, profile, review
from stepping_stones.storage import get_store, metering
from tests.support.history import daily_records, import_history
from tests.support.measures_history import a_year_of_weekly_measures

from .support import emulator_for_benchmark, median_ms, print_table, timed

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
DAYS, REPEATS = 365, 10


def a_linked_client(store, therapist_uid: str) -> str:
    uid = f"{therapist_uid}-client"
    profile.save_profile(store, uid, "client", {"display_name": "Client", "timezone": "Europe/Berlin"}, NOW)
    import_history(store, uid, daily_records(TODAY - timedelta(days=1), DAYS), TODAY)
    links.link_with_code(store, uid, links.create_invite(store, therapist_uid, NOW)["code"], False, NOW)
    return uid


def measure(work) -> tuple[int, float]:
    times, reads = [], 0
    for _ in range(REPEATS):
        with metering() as meter:
            times.append(timed(work))
        reads = meter.reads
    return reads, median_ms(times)


def main() -> None:
    with emulator_for_benchmark():
        store = get_store(Config.from_env())
        print(f"Seeding two clients with {DAYS} days of daily history, one with a year of weekly measures…", flush=True)
        without = a_linked_client(store, "bench-no-measures")
        with_year = a_linked_client(store, "bench-measures")
        answers = a_year_of_weekly_measures(store, with_year, "bench-measures", TODAY)
        window = {"since": TODAY - timedelta(days=27), "until": TODAY}
        rows = []
        for label, therapist, uid in (("no measures", "bench-no-measures", without),
                                      (f"{answers} weekly answers", "bench-measures", with_year)):
            rows.append([f"review 28 days, {label}",
                         *measure(lambda t=therapist, u=uid: review.client_review(store, t, u, NOW, **window))])
            rows.append([f"client list, {label}", *measure(lambda t=therapist: clients.client_list(store, t, NOW))])
    print(f"\nMeasures in the review, {REPEATS} requests each:")
    print_table(["request", "reads", "median ms"], rows)
    print(f"\nreview reads with a year of measures / without: {rows[2][1]}/{rows[0][1]} "
          f"(the measures document is one read either way; the review before measures read one less)")
    print(f"review latency ratio (year of measures / none): {rows[2][2] / rows[0][2]:.2f}")


if __name__ == "__main__":
    main()
