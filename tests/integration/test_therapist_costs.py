"""The therapist's reads, measured: the list and the review do not grow with a client's history."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from stepping_stones.services import clients, links, profile, review
from stepping_stones.storage import metering
from tests.support.history import daily_records, import_history
from tests.support.measures_history import a_year_of_weekly_measures
from tests.support.rpc_counter import counting_rpcs

NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
TODAY = date(2026, 3, 10)


def therapist_with_clients(store, therapist_uid: str, clients_count: int, days: int) -> list[str]:
    uids = []
    for i in range(clients_count):
        uid = f"{therapist_uid}-client-{i}"
        profile.save_profile(store, uid, "client", {"display_name": f"C{i}", "timezone": "Europe/Berlin"}, NOW)
        import_history(store, uid, daily_records(TODAY - timedelta(days=1), days), TODAY)
        code = links.create_invite(store, therapist_uid, NOW)["code"]
        links.link_with_code(store, uid, code, False, NOW)
        uids.append(uid)
    return uids


def reads_of(work) -> int:
    with metering() as meter:
        work()
    return meter.reads


def test_the_client_list_is_one_query_plus_one_read_a_client_whatever_the_history(store):
    therapist_with_clients(store, "t-week", 3, 7)
    therapist_with_clients(store, "t-year", 3, 365)

    week = reads_of(lambda: clients.client_list(store, "t-week", NOW))
    year = reads_of(lambda: clients.client_list(store, "t-year", NOW))

    # the query returns 3 link documents; 3 summary documents; 3 measures documents (each client's whole course)
    assert week == year == 3 + 3 + 3


def test_the_review_reads_the_window_not_the_history(store):
    # The same last two weeks on top of one year or three years of history.
    (one_year,) = therapist_with_clients(store, "r-one", 1, 365)
    (three_years,) = therapist_with_clients(store, "r-three", 1, 3 * 365)
    window = {"since": TODAY - timedelta(days=13), "until": TODAY}

    one = reads_of(lambda: review.client_review(store, "r-one", one_year, NOW, **window))
    three = reads_of(lambda: review.client_review(store, "r-three", three_years, NOW, **window))

    assert one == three
    assert one <= 2 + 14  # link + summary document + the wins dated in the window (at most a few a day)


def test_a_year_of_weekly_measures_costs_the_review_and_the_list_no_read_and_no_round_trip_more(store, monkeypatch):
    """The measures document is read whether or not it exists: one read a review, in the BatchGet it shares with
    nothing else, whatever the number of answers it holds (bounded by MEASURE_ANSWERS)."""
    (none,) = therapist_with_clients(store, "m-none", 1, 14)
    (year,) = therapist_with_clients(store, "m-year", 1, 14)
    assert a_year_of_weekly_measures(store, year, "m-year", TODAY) == 104
    window = {"since": TODAY - timedelta(days=13), "until": TODAY}

    def measured(therapist_uid, uid):
        with counting_rpcs(store, monkeypatch) as rpcs, metering() as meter:
            result = review.client_review(store, therapist_uid, uid, NOW, **window)
        return meter.reads, dict(rpcs), result

    reads_none, rpcs_none, _ = measured("m-none", none)
    reads_year, rpcs_year, with_year = measured("m-year", year)

    assert [len(m["points"]) for m in with_year["measures"]] == [2, 2]  # the window's two weeks of each
    assert reads_year == reads_none and rpcs_year == rpcs_none
    assert reads_of(lambda: clients.client_list(store, "m-year", NOW)) == reads_of(
        lambda: clients.client_list(store, "m-none", NOW))
