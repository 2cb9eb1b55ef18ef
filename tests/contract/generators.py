"""Run the client generators a phone developer would use on schemas/openapi.json, once per test session."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tools.npm_install import keep, restore

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OPENAPI = ROOT / "schemas" / "openapi.json"


def run(command: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run a tool, keeping what it printed: the tests quote it when they fail. The venv's tools (ruff, which
    openapi-python-client runs on what it writes) come first on PATH."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PATH": path})


def npm_tools() -> Path:
    """tests/contract/node_modules from package-lock.json (`npm ci`), reinstalled only when the lock changes."""
    npm = shutil.which("npm")
    assert npm, "npm is needed for the TypeScript client test (Debian: apt-get install npm)"
    lock = (HERE / "package-lock.json").read_bytes()
    stamp = HERE / "node_modules" / ".installed-lock-sha256"
    digest = hashlib.sha256(lock).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        kept = Path(os.environ.get("HOME", "/tmp")) / ".cache" / "stepping-stones" / f"contract-tools-{digest[:16]}"
        if not restore(kept, HERE / "node_modules"):
            done = run([npm, "ci", "--no-audit", "--no-fund"], HERE)
            assert done.returncode == 0, done.stdout + done.stderr
            keep(kept, HERE / "node_modules")
        stamp.write_text(digest)
    return HERE / "node_modules" / ".bin"


def typescript_types() -> tuple[subprocess.CompletedProcess, Path]:
    """openapi-typescript with its default settings: tests/contract/generated/api.d.ts."""
    out = HERE / "generated" / "api.d.ts"
    out.parent.mkdir(exist_ok=True)
    done = run([str(npm_tools() / "openapi-typescript"), str(OPENAPI), "-o", str(out)], HERE)
    return done, out


def type_check() -> subprocess.CompletedProcess:
    """`tsc --noEmit --strict` over tests/contract/client.ts (tsconfig.json says strict and noEmit too)."""
    return run([str(npm_tools() / "tsc"), "--noEmit", "--strict", "-p", str(HERE)], HERE)


def python_client(into: Path) -> subprocess.CompletedProcess:
    """openapi-python-client with its default settings, into a fresh folder."""
    tool = Path(sys.executable).parent / "openapi-python-client"  # installed beside this Python (requirements.txt)
    return run([str(tool), "generate", "--path", str(OPENAPI), "--output-path",
                str(into / "client"), "--overwrite"], into)
