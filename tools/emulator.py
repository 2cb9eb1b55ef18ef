"""Start, probe, clear and stop a real Cloud Firestore emulator for tests and local runs."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import requests

PROJECT_ID = "demo-stepping-stones"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(emulator, name: str, timeout: float) -> None:
    """Poll `emulator.is_up()` until it answers; stop it and say where its log is when it exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if emulator._process.poll() is not None:
            raise RuntimeError(f"{name} exited early; see {emulator._log.name}")
        if emulator.is_up():
            return
        time.sleep(0.25)
    emulator.stop()
    raise RuntimeError(f"{name} did not answer within {timeout:.0f}s; see {emulator._log.name}")


class FirestoreEmulator:
    """One emulator process on 127.0.0.1; `host` is what FIRESTORE_EMULATOR_HOST should hold."""

    def __init__(self, port: int | None = None, project_id: str = PROJECT_ID):
        self.port = port or free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.project_id = project_id
        self._process: subprocess.Popen | None = None
        self._log = tempfile.NamedTemporaryFile(prefix="firestore-emulator-", suffix=".log", delete=False)

    def start(self, timeout: float = 90.0) -> "FirestoreEmulator":
        command = _emulator_command(self.host)
        self._process = subprocess.Popen(
            command, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        wait_until_up(self, "The Firestore emulator", timeout)
        return self

    def is_up(self) -> bool:
        try:
            return requests.get(f"http://{self.host}/", timeout=1).ok
        except requests.RequestException:
            return False

    def clear(self) -> None:
        """Delete every document in the project's default database."""
        url = f"http://{self.host}/emulator/v1/projects/{self.project_id}/databases/(default)/documents"
        requests.delete(url, timeout=10).raise_for_status()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
        self._process = None
        self._log.close()

    @property
    def log_path(self) -> str:
        return self._log.name


def _emulator_command(host: str) -> list[str]:
    if shutil.which("gcloud"):
        return ["gcloud", "emulators", "firestore", "start", f"--host-port={host}", "--quiet"]
    jar = _firebase_tools_firestore_jar()
    if jar and shutil.which("java"):
        # firebase-tools' `emulators:start` takes its port from firebase.json; its cached jar takes ours.
        address, port = host.rsplit(":", 1)
        return ["java", "-jar", str(jar), f"--host={address}", f"--port={port}"]
    raise RuntimeError(
        "No Firestore emulator found: install the Google Cloud CLI with its firestore emulator "
        "component (Debian: google-cloud-cli-firestore-emulator), or run `firebase setup:emulators:firestore` "
        "once with firebase-tools, and Java 17+."
    )


def _firebase_tools_firestore_jar() -> Path | None:
    jars = sorted((Path.home() / ".cache" / "firebase" / "emulators").glob("cloud-firestore-emulator-*.jar"))
    return jars[-1] if jars else None
