"""`make run`'s guide names both pages and a sign-in for each, with the demo accounts the emulator is given."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from tools.demo_accounts import DEMO_ACCOUNTS, THERAPIST
from tools.demo_data import DEMO_CLIENTS
from tools.run_local import print_guide


def test_the_guide_prints_the_app_url_and_a_demo_clients_sign_in(capsys):
    todays = {client.uid: date(2026, 11, 30) for client in DEMO_CLIENTS}
    print_guide(8080, SimpleNamespace(host="127.0.0.1:1"), todays, SimpleNamespace(host="127.0.0.1:9099"))
    guide = capsys.readouterr().out
    assert "http://127.0.0.1:8080/app/" in guide
    client = next(account for account in DEMO_ACCOUNTS if account.role == "client" and account.email in guide)
    assert f"{client.email}  password {client.password}" in guide
    assert f"{THERAPIST.email}  password {THERAPIST.password}" in guide
