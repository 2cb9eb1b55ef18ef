"""What `firebase deploy` sees: the functions main.py declares, and that importing it is safe."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"

EMULATOR_AND_DEPLOY_VARIABLES = (
    "FIRESTORE_EMULATOR_HOST", "FIREBASE_AUTH_EMULATOR_HOST", "K_SERVICE", "FUNCTIONS_EMULATOR",
    "GOOGLE_APPLICATION_CREDENTIALS", "GCLOUD_PROJECT", "GOOGLE_CLOUD_PROJECT",
)


def run_in_functions_dir(code: str, **env_overrides: str) -> subprocess.CompletedProcess:
    """Run Python in functions/ as the deploy tooling does, with only the variables given."""
    env = {k: v for k, v in os.environ.items() if k not in EMULATOR_AND_DEPLOY_VARIABLES}
    env.update(env_overrides)
    env["PYTHONPATH"] = str(FUNCTIONS_DIR)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=FUNCTIONS_DIR, env=env,
        capture_output=True, text=True, timeout=120,
    )


def discovered_manifest() -> dict:
    result = run_in_functions_dir(
        """
        from firebase_functions.private import serving
        print(serving.functions_as_yaml(serving.get_functions()))
        """
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


# The notification jobs and their cron schedules (UTC): reminders and digests each 15-minute slot,
# the outbox sweeper every 5 minutes, device pruning daily.
SCHEDULED = {
    "send_reminders": "*/15 * * * *",
    "sweep_outbox": "*/5 * * * *",
    "send_therapist_digests": "*/15 * * * *",
    "prune_devices": "30 3 * * *",
    "resume_erasures": "*/10 * * * *",
}


def test_deploy_discovery_finds_exactly_the_declared_functions_with_their_triggers():
    endpoints = discovered_manifest()["endpoints"]

    assert set(endpoints) == {"api", *SCHEDULED, "deliver_notification", "erase_account"}
    api = endpoints["api"]
    assert "httpsTrigger" in api
    assert api["region"] == ["europe-west1"]
    assert api["availableMemoryMb"] == 512
    assert api["maxInstances"] == 20
    assert api["entryPoint"] == "api"

    for name, schedule in SCHEDULED.items():
        assert endpoints[name]["scheduleTrigger"]["schedule"] == schedule, name
        assert endpoints[name]["entryPoint"] == name
        assert endpoints[name]["region"] == ["europe-west1"]
        assert "httpsTrigger" not in endpoints[name] and "eventTrigger" not in endpoints[name]

    trigger = endpoints["deliver_notification"]["eventTrigger"]
    assert trigger["eventType"] == "google.cloud.firestore.document.v1.created"
    assert trigger["eventFilterPathPatterns"] == {"document": "users/{uid}/outbox/{notification_id}"}
    assert trigger["eventFilters"] == {"database": "(default)", "namespace": "(default)"}
    assert endpoints["deliver_notification"]["region"] == ["europe-west1"]

    # erasure: a chunk a write of the job's record, each within the function's timeout
    eraser = endpoints["erase_account"]
    assert eraser["eventTrigger"]["eventType"] == "google.cloud.firestore.document.v1.written"
    assert eraser["eventTrigger"]["eventFilterPathPatterns"] == {"document": "erasures/{uid}"}
    assert eraser["timeoutSeconds"] == endpoints["resume_erasures"]["timeoutSeconds"] == 120


def test_importing_main_needs_no_credentials_and_makes_no_network_call():
    result = run_in_functions_dir(
        """
        import socket

        def refuse(*args, **kwargs):
            raise AssertionError("network call during import: %r" % (args,))

        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        import main
        assert callable(main.api)
        print("imported")
        """
    )
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout


def test_a_deployed_function_refuses_to_start_in_emulator_auth_mode():
    result = run_in_functions_dir("import main", K_SERVICE="api", FIREBASE_AUTH_EMULATOR_HOST="127.0.0.1:9099")

    assert result.returncode != 0
    assert "UnsafeConfiguration" in result.stderr
    assert "FIREBASE_AUTH_EMULATOR_HOST" in result.stderr


def test_the_functions_emulator_may_use_emulator_auth():
    result = run_in_functions_dir(
        "import main", K_SERVICE="api", FUNCTIONS_EMULATOR="true", FIREBASE_AUTH_EMULATOR_HOST="127.0.0.1:9099"
    )
    assert result.returncode == 0, result.stderr


def test_the_function_wrapper_serves_the_flask_app_with_json_errors():
    result = run_in_functions_dir(
        """
        import json
        from werkzeug.test import EnvironBuilder
        from flask import Request
        import main

        request = Request(EnvironBuilder(path="/v1/no-such-route", method="GET").get_environ())
        response = main.api(request)
        print(response.status_code, json.dumps(response.get_json()))
        """
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)  # earlier lines: the request log
    assert status == "404"
    assert '"code": "not_found"' in body


@pytest.mark.parametrize("path", sorted(str(p.relative_to(FUNCTIONS_DIR)) for p in FUNCTIONS_DIR.rglob("*.py")))
def test_nothing_in_functions_imports_from_outside_it(path):
    source = (FUNCTIONS_DIR / path).read_text()
    for outside in ("tests", "tools", "bench"):
        assert f"from {outside}" not in source and f"import {outside}" not in source
