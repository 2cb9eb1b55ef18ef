"""The demo history `make run` seeds: valid bodies, dated in each client's own zone, never ahead."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from stepping_stones.app import create_app
from stepping_stones.domain.experiments import LAPSE_AFTER_DAYS
from tools.demo_data import DEMO_CLIENTS, HISTORY_DAYS, MIRA, TANE, ApiCall, demo_calls

DATE_FIELDS = ("local_date", "planned_for", "done_on")
TIMESTAMP_FIELDS = ("at", "started_at")
TODAYS = [date(2026, 11, 22), date(2026, 4, 20), date(2026, 3, 30), date(2026, 9, 28), date(2027, 1, 1)]


@pytest.fixture(scope="module")
def routes():
    """Matches a call to its endpoint's contract, as the running app would."""
    app = create_app()
    adapter = app.url_map.bind("localhost")

    def contract_of(call: ApiCall):
        endpoint, _ = adapter.match(call.path, method=call.method)
        return app.view_functions[endpoint].__contract__

    return contract_of


def calls_of(client, today=TODAYS[0]) -> list[ApiCall]:
    return [call for call in demo_calls(today) if call.uid == client.uid]


def dates_in(body: dict) -> list[date]:
    """Every local date a body carries, timestamps read at the offset they were sent with."""
    found = [date.fromisoformat(body[name]) for name in DATE_FIELDS if name in body]
    found += [datetime.fromisoformat(body[name]).date() for name in TIMESTAMP_FIELDS if name in body]
    return found


def timestamps_of(client, today) -> list[datetime]:
    stamps = [call.body.get("at") or call.body.get("started_at") for call in calls_of(client, today)]
    return [datetime.fromisoformat(stamp) for stamp in stamps if stamp]


def checkin_dates(client, today) -> set[date]:
    checkins = [call for call in calls_of(client, today) if "/checkins/" in call.path]
    return {date.fromisoformat(call.body["local_date"]) for call in checkins}


def entry_dates(client, today) -> set[date]:
    return {day for call in calls_of(client, today) if call.path != "/v1/me" for day in dates_in(call.body)}


@pytest.mark.parametrize("today", TODAYS)
def test_every_body_loads_with_its_endpoints_schema(routes, today):
    for call in demo_calls(today):
        schema = routes(call).body
        assert schema is not None, call.path
        assert schema().load(call.body), call


@pytest.mark.parametrize("today", TODAYS)
def test_no_date_is_after_the_clients_today(today):
    for call in demo_calls(today):
        assert all(day <= today for day in dates_in(call.body)), call


@pytest.mark.parametrize("today", TODAYS)
def test_history_spans_about_six_weeks_and_ends_today(today):
    for client in DEMO_CLIENTS:
        days = entry_dates(client, today)
        assert min(days) >= today - timedelta(days=HISTORY_DAYS - 1)
        assert min(days) <= today - timedelta(days=35)
        assert max(days) == today


def test_two_clients_in_different_zones_each_start_with_their_profile():
    calls = demo_calls(TODAYS[0])
    profiles = {call.uid: call.body for call in calls if call.path == "/v1/me"}
    assert {uid: body["timezone"] for uid, body in profiles.items()} == {
        "demo-client-berlin": "Europe/Berlin", "demo-client-auckland": "Pacific/Auckland",
    }
    assert {body["display_name"] for body in profiles.values()} == {"Mira", "Tane"}
    assert all(body["reminder_time"] and body["quiet_hours"] for body in profiles.values())
    for client in DEMO_CLIENTS:
        assert calls_of(client)[0].path == "/v1/me"


def test_generation_is_deterministic():
    assert demo_calls(TODAYS[0]) == demo_calls(TODAYS[0])
    assert demo_calls(TODAYS[0]) != demo_calls(TODAYS[1])


# Each zone's clock change inside a demo history: (client, today, the day it changes, offset before, offset after).
CLOCK_CHANGES = {
    "berlin_summer_time_ends_on_25_october": (MIRA, date(2026, 11, 22), date(2026, 10, 25), "+02:00", "+01:00"),
    "berlin_summer_time_starts_on_29_march": (MIRA, date(2026, 4, 20), date(2026, 3, 29), "+01:00", "+02:00"),
    "auckland_daylight_time_ends_on_5_april": (TANE, date(2026, 4, 20), date(2026, 4, 5), "+13:00", "+12:00"),
    "auckland_daylight_time_starts_on_27_september": (TANE, date(2026, 10, 20), date(2026, 9, 27), "+12:00", "+13:00"),
}


@pytest.mark.parametrize("client, today, changes_on, before, after", CLOCK_CHANGES.values(), ids=CLOCK_CHANGES)
def test_timestamps_follow_the_clients_clock_change(client, today, changes_on, before, after):
    for moment in timestamps_of(client, today):
        expected = before if moment.date() < changes_on else after
        assert moment.isoformat().endswith(expected), moment


@pytest.mark.parametrize("today", TODAYS)
def test_mira_misses_a_whole_weekend_of_check_ins(today):
    checked_in = checkin_dates(MIRA, today)
    history = [today - timedelta(days=n) for n in range(HISTORY_DAYS)]
    saturdays = [day for day in history if day.weekday() == 5]
    assert any(not {saturday, saturday + timedelta(days=1)} & checked_in for saturday in saturdays)


@pytest.mark.parametrize("today", TODAYS)
def test_tane_goes_quiet_for_four_days(today):
    active = entry_dates(TANE, today)
    history = [today - timedelta(days=n) for n in range(HISTORY_DAYS)]
    assert any(all(start + timedelta(days=n) not in active for n in range(4)) for start in history)


@pytest.mark.parametrize("today", TODAYS)
def test_breathing_practice_becomes_more_frequent(today):
    for client in DEMO_CLIENTS:
        practice_days = [today - date.fromisoformat(call.path.split("br-")[1][:10])
                         for call in calls_of(client, today) if "/breathing/" in call.path]
        first_fortnight = sum(1 for ago in practice_days if ago.days >= HISTORY_DAYS - 14)
        last_fortnight = sum(1 for ago in practice_days if ago.days < 14)
        assert last_fortnight > first_fortnight
        assert all("stress_before" in call.body and "stress_after" in call.body
                   for call in calls_of(client, today) if "/breathing/" in call.path)


def test_moods_come_a_few_times_a_week_with_emotions():
    for client in DEMO_CLIENTS:
        moods = [call.body for call in calls_of(client) if "/moods/" in call.path]
        assert HISTORY_DAYS // 7 * 2 <= len(moods) <= HISTORY_DAYS
        assert all(mood["emotions"] for mood in moods)


@pytest.mark.parametrize("today", TODAYS)
def test_each_client_has_three_or_four_experiments_some_done_one_lapsed(today):
    for client in DEMO_CLIENTS:
        calls = calls_of(client, today)
        plans = {call.path: call.body for call in calls if call.path.startswith("/v1/experiments/")
                 and not call.path.endswith("/outcome")}
        outcomes = [call.path.removesuffix("/outcome") for call in calls if call.path.endswith("/outcome")]
        assert 3 <= len(plans) <= 4
        assert outcomes and set(outcomes) <= set(plans)
        lapsed = [path for path, plan in plans.items() if path not in outcomes
                  and date.fromisoformat(plan["planned_for"]) < today - timedelta(days=LAPSE_AFTER_DAYS)]
        assert len(lapsed) == 1


def test_outcomes_come_after_their_experiment_and_ids_are_unique():
    for client in DEMO_CLIENTS:
        paths = [call.path for call in calls_of(client)]
        assert len(paths) == len(set(paths))
        for index, path in enumerate(paths):
            if path.endswith("/outcome"):
                assert path.removesuffix("/outcome") in paths[:index]


def test_entry_ids_name_their_local_date():
    for call in demo_calls(TODAYS[0]):
        if "/checkins/" in call.path or "/moods/" in call.path or "/breathing/" in call.path:
            assert dates_in(call.body)[0].isoformat() in call.path, call


def test_miras_check_in_for_today_is_left_for_the_curl_example():
    assert date(2026, 11, 22) not in checkin_dates(MIRA, date(2026, 11, 22))
    assert date(2026, 11, 22) in checkin_dates(TANE, date(2026, 11, 22))


def test_every_call_is_a_put_by_a_demo_client():
    calls = demo_calls(TODAYS[0])
    assert len(calls) > 100
    assert {call.method for call in calls} == {"PUT"}
    assert {call.uid for call in calls} == {client.uid for client in DEMO_CLIENTS}
