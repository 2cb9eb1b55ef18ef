"""The demo users' sign-in accounts in the Auth emulator: same uids as the demo data, email + password, role claim."""
from __future__ import annotations

from typing import NamedTuple

from tools.demo_data import MIRA, TANE, THERAPIST_UID
from tools.emulator import PROJECT_ID


class DemoAccount(NamedTuple):
    uid: str
    email: str
    password: str
    role: str
    display_name: str


THERAPIST = DemoAccount(THERAPIST_UID, "therapist@demo.stepping-stones.test", "demo-therapist-2026", "therapist",
                        "Dr Demo")
DEMO_ACCOUNTS = (
    THERAPIST,
    DemoAccount(MIRA.uid, "mira@demo.stepping-stones.test", "demo-client-2026", "client", MIRA.display_name),
    DemoAccount(TANE.uid, "tane@demo.stepping-stones.test", "demo-client-2026", "client", TANE.display_name),
)


def create_demo_accounts(auth_emulator) -> None:
    for account in DEMO_ACCOUNTS:
        auth_emulator.create_user(account.uid, account.email, account.password, account.role, account.display_name)


def local_web_config(auth_emulator_origin: str) -> dict:
    """What the page reads from /firebase-config.json locally: the demo project, signing in at the emulator."""
    return {"apiKey": "demo-api-key", "authDomain": "127.0.0.1", "projectId": PROJECT_ID,
            "authEmulator": auth_emulator_origin}
