"""What `make` asks of package-lock.json before and after `npm ci`: is node_modules already as locked (then no
reinstall, even in a fresh checkout whose files are newer), and which packages' install scripts to run."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "package-lock.json"
INSTALLED = ROOT / "node_modules" / ".package-lock.json"  # npm's own record of what it installed


def installed_as_locked(lock: dict, installed: dict) -> bool:
    """Every installed package is the locked one, and every locked package is installed unless it is optional
    (npm leaves out other platforms' builds, such as esbuild's)."""
    wanted = {path: entry for path, entry in lock.get("packages", {}).items() if path}
    have = installed.get("packages", {})
    return all(wanted.get(path) == entry for path, entry in have.items()) and all(
        path in have or entry.get("optional") for path, entry in wanted.items())


def packages_with_install_scripts(lock: dict, skipped: set[str]) -> list[str]:
    """Names (as `npm rebuild` takes them) of the locked packages whose install scripts should run."""
    names = []
    for path, entry in lock.get("packages", {}).items():
        name = path.rsplit("node_modules/", 1)[-1]
        if entry.get("hasInstallScript") and name not in skipped and name not in names:
            names.append(name)
    return names


if __name__ == "__main__":
    locked = json.loads(LOCK.read_text())
    if sys.argv[1:2] == ["installed"]:
        sys.exit(0 if INSTALLED.exists() and installed_as_locked(locked, json.loads(INSTALLED.read_text())) else 1)
    print(" ".join(packages_with_install_scripts(locked, set(sys.argv[2:]))))
