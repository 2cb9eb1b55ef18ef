"""`make run`: the therapist page, the client app and the API on 127.0.0.1 over fresh Firestore and Auth emulators, with demo data."""
from __future__ import annotations

import contextlib
import json
import logging
import os
import shlex
import signal
import socket
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from werkzeug.serving import run_simple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "functions"))

from stepping_stones.app import create_app  # noqa: E402  (needs functions/ on the path)
from stepping_stones.auth_users import sign_in_deleter  # noqa: E402
from stepping_stones.domain.local_dates import today_in  # noqa: E402
from stepping_stones.storage import get_store  # noqa: E402
from tools.auth_emulator import AuthEmulator  # noqa: E402
from tools.demo_accounts import DEMO_ACCOUNTS, THERAPIST, create_demo_accounts, local_web_config  # noqa: E402
from tools.demo_data import DEMO_CLIENTS, MIRA, TANE, THERAPIST_UID, client_calls, local_timestamp  # noqa: E402
from tools.dev_tokens import mint_dev_token  # noqa: E402
from tools.emulator import PROJECT_ID, FirestoreEmulator  # noqa: E402
from tools.erasure_runner import ErasureRunner  # noqa: E402
from tools.web_server import HostingLikeApp  # noqa: E402

MIRA_ACCOUNT = next(account for account in DEMO_ACCOUNTS if account.uid == MIRA.uid)
HOST = "127.0.0.1"
DEFAULT_PORT = 8080
AUTH_EMULATOR_PORT = 9099  # as in firebase.json; a free port when it is taken


def main() -> int:
    port = requested_port()
    stop_on_sigint_and_sigterm()
    print("Starting Firestore emulator…", flush=True)
    emulator = FirestoreEmulator(project_id=PROJECT_ID)
    auth = AuthEmulator(port=AUTH_EMULATOR_PORT if port_is_free(AUTH_EMULATOR_PORT) else None)
    runner = None
    try:
        emulator.start()
        print(f"Firestore emulator on {emulator.host} (log: {emulator.log_path})", flush=True)
        print("Starting the Auth emulator…", flush=True)
        auth.start()
        create_demo_accounts(auth)
        use_emulators(emulator, auth)
        app = create_app()
        todays = seed_demo_data(app, datetime.now(timezone.utc))
        settings = app.config["SETTINGS"]
        runner = ErasureRunner(get_store(settings), sign_in_deleter(settings)).start()  # as the trigger and sweep
        print_guide(port, emulator, todays, auth)
        site = HostingLikeApp(app, local_web_config(auth.origin), auth_emulator_origin=auth.origin)
        run_simple(HOST, port, site, threaded=True)
    except KeyboardInterrupt:
        pass
    except RuntimeError as error:  # the emulator would not start, or seeding failed
        print(f"\n{error}", file=sys.stderr)
        return 1
    finally:
        ignore_sigint_and_sigterm()  # a second Ctrl-C must not leave the emulator running
        print("\nStopping the API and the emulators…", flush=True)
        if runner is not None:
            runner.stop()
        auth.stop()
        emulator.stop()
        print("Stopped.", flush=True)
    return 0


def requested_port() -> int:
    """PORT from the environment (default 8080); exits with a clear message when it is unusable."""
    raw = os.environ.get("PORT", str(DEFAULT_PORT))
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        sys.exit(f"PORT={raw!r} is not a port number; try PORT=8090 make run")
    port = int(raw)
    if not port_is_free(port):
        sys.exit(f"Port {port} on {HOST} is already in use. Stop what holds it, or pick another: "
                 f"PORT={port + 1} make run")
    return port


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as werkzeug binds
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def stop_on_sigint_and_sigterm() -> None:
    """Ctrl-C and SIGTERM both unwind through `finally`, so the emulator is always stopped."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)  # also when started in the background with SIGINT ignored
    signal.signal(signal.SIGTERM, interrupt)


def ignore_sigint_and_sigterm() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def use_emulators(emulator: FirestoreEmulator, auth: AuthEmulator) -> None:
    os.environ["FIRESTORE_EMULATOR_HOST"] = emulator.host
    os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = auth.host
    os.environ["GCLOUD_PROJECT"] = PROJECT_ID


def seed_demo_data(app, now: datetime) -> dict[str, date]:
    """Replay the demo history through the app (so it is validated); returns each client's today."""
    todays = {client.uid: today_in(client.timezone, now) for client in DEMO_CLIENTS}
    calls = [call for client in DEMO_CLIENTS for call in client_calls(client, todays[client.uid])]
    print(f"Seeding demo data… {len(calls)} calls", flush=True)
    tokens = {client.uid: mint_dev_token(client.uid) for client in DEMO_CLIENTS}
    http = app.test_client()
    with request_log_silenced():
        for call in calls:
            response = http.open(call.path, method=call.method, json=call.body,
                                 headers={"Authorization": f"Bearer {tokens[call.uid]}"})
            if response.status_code not in (200, 201):
                raise RuntimeError(f"Seeding failed: {call.method} {call.path} as {call.uid} answered "
                                   f"{response.status_code}\n{response.get_data(as_text=True)}")
        link_demo_therapist(http, tokens)
    return todays


def link_demo_therapist(http, client_tokens: dict[str, str]) -> None:
    """Both demo clients link to the demo therapist; Mira shares her notes, Tane does not."""
    therapist = {"Authorization": f"Bearer {mint_dev_token(THERAPIST_UID, 'therapist')}"}
    for client, share_notes in ((MIRA, True), (TANE, False)):
        code = http.post("/v1/invites", headers=therapist).get_json()["code"]
        response = http.post("/v1/links", json={"code": code, "share_notes": share_notes},
                             headers={"Authorization": f"Bearer {client_tokens[client.uid]}"})
        if response.status_code != 201:
            raise RuntimeError(f"Linking the demo therapist failed: {response.get_data(as_text=True)}")


@contextlib.contextmanager
def request_log_silenced():
    """The app logs one JSON line per request; 150 of them would bury the guide."""
    request_log = logging.getLogger("stepping_stones.requests")
    request_log.disabled = True
    try:
        yield
    finally:
        request_log.disabled = False


def print_guide(port: int, emulator: FirestoreEmulator, todays: dict[str, date], auth: AuthEmulator) -> None:
    base = f"http://{HOST}:{port}"
    lines = [
        "",
        "Stepping Stones is running locally",
        f"  Therapist page      {base}/",
        f"    sign in as        {THERAPIST.email}  password {THERAPIST.password}",
        f"  Client app (PWA)    {base}/app/  (open it at a phone size; it installs and works offline)",
        f"    sign in as        {MIRA_ACCOUNT.email}  password {MIRA_ACCOUNT.password}",
        "                      or tap \"Create an account\" to start as a new client",
        f"  API                 {base}/v1/  (Ctrl-C stops it and the emulators)",
        f"  Firestore emulator  {emulator.host}, project {PROJECT_ID}",
        "  Erasure job         runs here every 2 s, as the deployed trigger and sweep do",
        f"  Auth emulator       {auth.host}: the page signs in there; the API also accepts the unsigned "
        "demo tokens below",
        "",
        "Demo users",
        *[f"  {client.uid:<22} client     {client.display_name}, {client.timezone}, today is "
          f"{todays[client.uid]}" for client in DEMO_CLIENTS],
        f"  {THERAPIST_UID:<22} therapist  linked to both (Mira shares her notes, Tane does not)",
        "",
        f"Anyone who signs up at the Auth emulator is a client; make a therapist with "
        f"`FIREBASE_AUTH_EMULATOR_HOST={auth.host} make role EMAIL=... ROLE=therapist`.",
        "",
        "Tokens are valid for 24 h; restart `make run` for fresh ones.",
        *[f"  {uid:<22} {mint_dev_token(uid, role)}" for uid, role in demo_roles()],
        "",
        "Try it (paste into a shell):",
        *[f"  {command}" for command in curl_examples(base, todays[MIRA.uid])],
        "",
    ]
    print("\n".join(lines), flush=True)


def demo_roles() -> list[tuple[str, str]]:
    return [(client.uid, "client") for client in DEMO_CLIENTS] + [(THERAPIST_UID, "therapist")]


def curl_examples(base: str, miras_today: date) -> list[str]:
    mira, tane = mint_dev_token(MIRA.uid), mint_dev_token(TANE.uid)
    therapist = mint_dev_token(THERAPIST_UID, "therapist")
    checkin = {"local_date": miras_today.isoformat(), "mood": 7, "energy": 6, "went_well": "Tried the demo."}
    bad_mood = {"at": local_timestamp(MIRA, miras_today, 9, 0), "rating": 11, "emotions": ["sleepy"]}
    return [
        "# Mira's profile",
        curl(f"{base}/v1/me", mira),
        "# Mira's five newest entries",
        curl(f"{base}/v1/timeline?limit=5", mira),
        "# Tane's strength experiments: done, lapsed and planned",
        curl(f"{base}/v1/experiments", tane),
        "# Mira checks in for today (201 the first time, 200 when corrected)",
        curl(f"{base}/v1/checkins/ci-{miras_today}", mira, "PUT", checkin),
        "# A 400: rating out of range and an emotion not in the vocabulary",
        curl(f"{base}/v1/moods/mood-{miras_today}-try", mira, "PUT", bad_mood),
        "# Mira's summary and micro-wins",
        curl(f"{base}/v1/summary", mira),
        curl(f"{base}/v1/wins?limit=5", mira),
        "# The therapist's client list, and the review of Tane's last two weeks",
        curl(f"{base}/v1/clients", therapist),
        curl(f"{base}/v1/clients/{TANE.uid}/review", therapist),
        "# Who has read Tane's data",
        curl(f"{base}/v1/me/access-log", tane),
    ]


def curl(url: str, token: str, method: str = "GET", body: dict | None = None) -> str:
    parts = ["curl", "-sS", "-w", r"'\n%{http_code}\n'"]
    if method != "GET":
        parts += ["-X", method, "-H", "'Content-Type: application/json'", "-d", shlex.quote(json.dumps(body))]
    parts += ["-H", f'"Authorization: Bearer {token}"', shlex.quote(url)]
    return " ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
