"""What `make` asks of package-lock.json before and after `npm ci`: is node_modules already as locked (then no
reinstall, even in a fresh checkout whose files are newer), which packages' install scripts to run, and a copy of
an installed node_modules kept per lock file outside the checkout (hard links, as uv keeps Python packages), so a
fresh clone on a machine that installed the same lock before takes seconds instead of `npm ci`'s half minute."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
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


COMPLETE = ".complete"  # written last into a kept copy: a copy without it was cut short and is never used


def _link_tree(source: Path, target: Path) -> None:
    """`target` becomes a copy of `source` made of hard links (a plain copy across file systems)."""
    try:
        subprocess.run(["cp", "-al", str(source), str(target)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, symlinks=True)


def restore(kept: Path, here: Path = ROOT / "node_modules") -> bool:
    """node_modules from the copy kept for this lock file, if there is a complete one."""
    if not (kept / COMPLETE).exists() or here.exists():
        return False
    _link_tree(kept, here)
    (here / COMPLETE).unlink(missing_ok=True)
    return True


def keep(kept: Path, here: Path = ROOT / "node_modules") -> None:
    """Keeps this node_modules (installed as locked) for the next checkout: built beside, then renamed in one step."""
    if (kept / COMPLETE).exists():
        return
    building = kept.with_name(f"{kept.name}.{uuid.uuid4().hex}")
    building.parent.mkdir(parents=True, exist_ok=True)
    _link_tree(here, building)
    (building / COMPLETE).touch()
    shutil.rmtree(kept, ignore_errors=True)
    try:
        os.rename(building, kept)
    except OSError:  # another checkout kept it first
        shutil.rmtree(building, ignore_errors=True)


if __name__ == "__main__":
    locked = json.loads(LOCK.read_text())
    command = sys.argv[1:2]
    if command == ["installed"]:
        sys.exit(0 if INSTALLED.exists() and installed_as_locked(locked, json.loads(INSTALLED.read_text())) else 1)
    if command == ["restore"]:
        sys.exit(0 if restore(Path(sys.argv[2])) else 1)
    if command == ["keep"]:
        keep(Path(sys.argv[2]))
        sys.exit(0)
    print(" ".join(packages_with_install_scripts(locked, set(sys.argv[2:]))))
