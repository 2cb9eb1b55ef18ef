"""The pages' API client (web/shared/api.ts) is typed by the contract: tsc --strict accepts it, and
refuses a body the contract does not allow."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TSC = ROOT / "node_modules" / ".bin" / "tsc"
CONTRACT_TYPES = ROOT / "web" / "shared" / "contract.d.ts"


def tsc(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(TSC), "-p", str(project)], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built():
    if not TSC.exists() or not CONTRACT_TYPES.exists():
        pytest.fail("Run `make web` first: it installs TypeScript and generates web/shared/contract.d.ts.")


def test_the_api_layer_type_checks_against_the_generated_contract(built):
    done = tsc(ROOT / "web")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_body_the_contract_does_not_allow_fails_the_type_check(built, tmp_path):
    client = tmp_path / "shared"
    shutil.copytree(ROOT / "web" / "shared", client)
    (client / "misuse.ts").write_text(
        'import { writeProfile } from "./api.ts";\n'
        'writeProfile({ display_name: "Ana", timezone: "Europe/Berlin", reminder_time: 9 });\n')
    (tmp_path / "tsconfig.json").write_text((ROOT / "web" / "tsconfig.json").read_text())
    done = tsc(tmp_path)
    assert done.returncode != 0 and "misuse.ts(2,64)" in done.stdout, done.stdout  # column 64: reminder_time
