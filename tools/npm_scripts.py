"""Print the npm packages in package-lock.json that have install scripts, less those named on the command line."""
from __future__ import annotations

import json
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "package-lock.json"


def packages_with_install_scripts(lock: dict, skipped: set[str]) -> list[str]:
    """Names (as `npm rebuild` takes them) of the locked packages whose install scripts should run."""
    names = []
    for path, entry in lock.get("packages", {}).items():
        name = path.rsplit("node_modules/", 1)[-1]
        if entry.get("hasInstallScript") and name not in skipped and name not in names:
            names.append(name)
    return names


if __name__ == "__main__":
    print(" ".join(packages_with_install_scripts(json.loads(LOCK.read_text()), set(sys.argv[1:]))))
