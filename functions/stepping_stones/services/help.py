"""Crisis resources from the deployer's file, read once per process."""
from __future__ import annotations

import functools
import json

from ..domain.help import BadResourcesFile, CrisisResources, help_for, parse_resources
from ..errors import NotFound, UnsafeConfiguration


@functools.lru_cache(maxsize=4)
def load_resources(path: str) -> CrisisResources:
    """The file at `path`, checked; a missing or malformed file stops the app at start with the reason."""
    try:
        with open(path, encoding="utf-8") as file:
            return parse_resources(json.load(file))
    except (OSError, ValueError) as problem:  # BadResourcesFile and JSON errors are ValueErrors
        reason = problem if isinstance(problem, BadResourcesFile) else f"cannot read it ({problem})"
        raise UnsafeConfiguration(f"Crisis resources file {path}: {reason}.") from problem


def get_help(path: str, country: str | None) -> dict:
    resources = load_resources(path)
    found = help_for(resources, country)
    if found is None:
        known = ", ".join(sorted(resources.countries))
        raise NotFound(f"No crisis lines are listed for '{country}'. Listed: {known}.",
                       {"country": [f"Not listed; choose one of {known}."]})
    return found
