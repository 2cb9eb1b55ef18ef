"""The demo history `make run` seeds is accepted by the API and shows up as the demo promises."""
from __future__ import annotations

from datetime import date

import pytest

from tools.demo_data import DEMO_CLIENTS, MIRA, TANE, demo_calls
from tools.dev_tokens import mint_dev_token

pytestmark = pytest.mark.emulator

TODAY = date(2026, 11, 22)  # in Berlin and in Auckland at the instant below
NOW = "2026-11-22T10:00:00+00:00"


def bearer(uid: str) -> dict:
    return {"Authorization": f"Bearer {mint_dev_token(uid)}"}


@pytest.fixture
def seeded(http, clock):
    clock.set(NOW)
    calls = demo_calls(TODAY)
    for call in calls:
        response = http.open(call.path, method=call.method, json=call.body, headers=bearer(call.uid))
        assert response.status_code == 201, (call, response.get_json())
    return calls


def whole_timeline(http, uid: str) -> list[dict]:
    items, cursor = [], None
    while True:
        query = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        response = http.get("/v1/timeline", query_string=query, headers=bearer(uid))
        assert response.status_code == 200, response.get_json()
        page = response.get_json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


def test_every_demo_entry_appears_in_its_clients_timeline(http, seeded):
    for client in DEMO_CLIENTS:
        entries = [call for call in seeded if call.uid == client.uid and call.path != "/v1/me"
                   and not call.path.endswith("/outcome")]
        items = whole_timeline(http, client.uid)
        assert len(items) == len(entries)
        assert {item["kind"] for item in items} == {"checkin", "mood", "breathing", "experiment"}


def test_newest_timeline_page_ends_on_the_clients_today(http, seeded):
    for client in DEMO_CLIENTS:
        response = http.get("/v1/timeline", query_string={"limit": 5}, headers=bearer(client.uid))
        assert response.status_code == 200
        items = response.get_json()["items"]
        assert len(items) == 5
        assert items[0]["local_date"] == TODAY.isoformat()


def test_each_client_has_done_and_lapsed_experiments(http, seeded):
    for client in DEMO_CLIENTS:
        response = http.get("/v1/experiments", headers=bearer(client.uid))
        assert response.status_code == 200
        statuses = [item["status"] for item in response.get_json()["items"]]
        assert "done" in statuses and "lapsed" in statuses
        assert 3 <= len(statuses) <= 4


def test_the_curl_examples_work_on_the_seeded_data(http, seeded):
    checkin = {"local_date": TODAY.isoformat(), "mood": 7, "went_well": "Tried the demo."}
    assert http.put(f"/v1/checkins/ci-{TODAY}", json=checkin, headers=bearer(MIRA.uid)).status_code == 201
    assert http.get("/v1/me", headers=bearer(TANE.uid)).get_json()["display_name"] == "Tane"
    bad_mood = {"at": "2026-11-22T09:00:00+01:00", "rating": 11, "emotions": ["sleepy"]}
    response = http.put(f"/v1/moods/mood-{TODAY}-try", json=bad_mood, headers=bearer(MIRA.uid))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "validation_failed"
    assert set(response.get_json()["error"]["fields"]) == {"rating", "emotions"}


def test_replaying_the_seed_changes_nothing(http, seeded):
    for call in seeded[:40]:
        response = http.open(call.path, method=call.method, json=call.body, headers=bearer(call.uid))
        assert response.status_code == 200, (call, response.get_json())


def requests_of(commands: list[str]):
    """(method, path, headers, body) of each printed curl command."""
    import json
    import shlex
    from urllib.parse import urlsplit

    for command in commands:
        if command.startswith("#"):
            continue
        words = shlex.split(command)
        method = words[words.index("-X") + 1] if "-X" in words else "GET"
        body = json.loads(words[words.index("-d") + 1]) if "-d" in words else None
        auth = next(words[i + 1] for i, w in enumerate(words) if w == "-H" and words[i + 1].startswith("Authorization"))
        url = urlsplit(words[-1])
        yield method, f"{url.path}?{url.query}" if url.query else url.path, dict([auth.split(": ", 1)]), body


def test_every_printed_curl_command_works_after_make_runs_seeding(app, http, clock, auth_emulator):
    from datetime import datetime

    from tools.demo_accounts import create_demo_accounts
    from tools.run_local import curl_examples, seed_demo_data

    create_demo_accounts(auth_emulator)  # as make run does: the demo therapist's requests are checked against it
    clock.set(NOW)
    todays = seed_demo_data(app, datetime.fromisoformat(NOW))
    results = []
    for method, path, headers, body in requests_of(curl_examples("http://127.0.0.1:8080", todays[MIRA.uid])):
        response = http.open(path, method=method, json=body, headers=headers)
        results.append((method, path.split("?")[0], response.status_code))
    assert [status for *_, status in results if status >= 400] == [400], results  # only the example of a 400
    assert ("GET", f"/v1/clients/{TANE.uid}/review", 200) in results


def test_make_token_prints_a_token_the_local_api_accepts_for_a_new_user(http, capsys):
    from tools.dev_tokens import main

    assert main(["brand-new-user", "therapist"]) == 0
    token = capsys.readouterr().out.strip()
    headers = {"Authorization": f"Bearer {token}"}
    assert http.put("/v1/therapist/profile", json={"display_name": "Dr New", "timezone": "Europe/Berlin"},
                    headers=headers).status_code == 201
    assert http.get("/v1/me", headers=headers).status_code == 403  # a therapist token: the client route refuses it


@pytest.mark.parametrize("argv", [["a/b"], ["x" * 129], ["__x__"], ["someone", "admin"], [""]])
def test_make_token_refuses_a_uid_or_role_the_api_would_refuse(argv, capsys):
    from tools.dev_tokens import main

    assert main(argv) == 2
    output = capsys.readouterr()
    assert output.out == "" and ("cannot be used" in output.err or "is not one of" in output.err)
