"""Start and stop the Firebase Auth emulator (firebase-tools from npm) and create accounts with roles in it."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import requests

from tools.emulator import PROJECT_ID, EmulatorProcess, free_port

ROOT = Path(__file__).resolve().parent.parent
FIREBASE_CLI = ROOT / "node_modules" / ".bin" / "firebase"
OWNER = {"Authorization": "Bearer owner"}  # the emulator's admin credential
STARTUP_SECONDS = 300.0


class AuthEmulator(EmulatorProcess):
    """`firebase emulators:start --only auth` on 127.0.0.1; `host` is what FIREBASE_AUTH_EMULATOR_HOST holds."""

    name = "The Auth emulator"

    def __init__(self, port: int | None = None, project_id: str = PROJECT_ID):
        super().__init__(port, "auth-emulator-")
        self.origin = f"http://{self.host}"
        self.project_id = project_id
        self._dir = tempfile.TemporaryDirectory(prefix="auth-emulator-")

    @classmethod
    def started_elsewhere(cls, host: str, log_path: str, timeout: float = STARTUP_SECONDS) -> "AuthEmulator":
        """The emulator another process started at `host` (its log at `log_path`), once it answers; stopping
        this handle leaves it running."""
        emulator = cls(port=int(host.rsplit(":", 1)[1]))
        emulator.wait_until_up(timeout, log_path)
        return emulator

    # The wait is on the emulator answering (or its process ending); the cap only stops a start that hangs. On a
    # machine whose cores are busy, firebase-tools alone takes over 90 s to load, so the cap is generous.
    def start(self, timeout: float = STARTUP_SECONDS) -> "AuthEmulator":
        self.spawn()
        self.wait_until_up(timeout)
        return self

    def spawn(self) -> "AuthEmulator":
        """Start the emulator without waiting for it to answer (`wait_until_up` waits)."""
        if not FIREBASE_CLI.exists():
            raise RuntimeError(f"{FIREBASE_CLI} is missing: run `npm ci` (make does it) first.")
        config = Path(self._dir.name) / "firebase.json"
        # Free ports for the hub and the logging server too, so parallel runs never collide.
        config.write_text(json.dumps({"emulators": {
            "singleProjectMode": True,
            "auth": {"host": "127.0.0.1", "port": self.port},
            "hub": {"host": "127.0.0.1", "port": free_port()},
            "logging": {"host": "127.0.0.1", "port": free_port()},
            "ui": {"enabled": False},
        }}))
        environment = {**os.environ, "NO_UPDATE_NOTIFIER": "1", "FIREBASE_CLI_DISABLE_UPDATE_CHECK": "true",
                       "HOME": os.environ.get("HOME", self._dir.name)}
        environment.pop("FIREBASE_AUTH_EMULATOR_HOST", None)
        self._spawn([str(FIREBASE_CLI), "emulators:start", "--only", "auth", "--project", self.project_id,
                     "--config", str(config)],
                    cwd=self._dir.name, stdin=subprocess.DEVNULL, env=environment)
        return self

    def create_user(self, uid: str, email: str, password: str, role: str, display_name: str) -> None:
        """An email+password account with a chosen uid and the `role` custom claim (kept when it exists)."""
        add_account(self.host, uid, self.project_id, role=role, email=email, password=password,
                    displayName=display_name)

    def sign_in(self, email: str, password: str) -> str:
        """A real ID token from the emulator, as the web SDK would get it."""
        response = requests.post(
            f"{self.origin}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key",
            json={"email": email, "password": password, "returnSecureToken": True}, timeout=10)
        _raise_for(response, f"signing in {email}")
        return response.json()["idToken"]

    def sign_up(self, email: str, password: str) -> tuple[str, str]:
        """A new email+password account as the app's sign-up makes it (no role claim): (uid, ID token)."""
        response = requests.post(
            f"{self.origin}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-api-key",
            json={"email": email, "password": password, "returnSecureToken": True}, timeout=10)
        _raise_for(response, f"signing up {email}")
        return response.json()["localId"], response.json()["idToken"]

    def update(self, uid: str, **fields) -> None:
        """Change an account as the Admin API would: disableUser, emailVerified, customAttributes…"""
        response = requests.post(
            f"{self.origin}/identitytoolkit.googleapis.com/v1/projects/{self.project_id}/accounts:update",
            headers=OWNER, timeout=10, json={"localId": uid, **fields})
        _raise_for(response, f"updating {uid}")

    def clear(self) -> None:
        requests.delete(f"{self.origin}/emulator/v1/projects/{self.project_id}/accounts", timeout=10).raise_for_status()

    def stop(self) -> None:
        super().stop()
        self._dir.cleanup()


def add_account(host: str, uid: str, project_id: str = PROJECT_ID, *, role: str | None = None, **fields) -> bool:
    """Create an account with this uid (and `fields`: email, password, displayName, emailVerified…)
    in the Auth emulator at `host`, and set its `role` claim when given; True when it was created,
    False when it was there already (then only the role is set)."""
    accounts = f"http://{host}/identitytoolkit.googleapis.com/v1/projects/{project_id}/accounts"
    response = requests.post(accounts, headers=OWNER, timeout=10, json={"localId": uid, **fields})
    created = response.ok
    if not created and "DUPLICATE" not in response.text:
        _raise_for(response, f"creating the account {uid}")
    if role is not None:
        response = requests.post(f"{accounts}:update", headers=OWNER, timeout=10, json={
            "localId": uid, "customAttributes": json.dumps({"role": role})})
        _raise_for(response, f"setting the role of {uid}")
    return created


def _raise_for(response: requests.Response, doing: str) -> None:
    if not response.ok:
        raise RuntimeError(f"Auth emulator refused {doing}: {response.status_code} {response.text[:300]}")
