"""Crisis resources from the deployer's file, read once per process."""
from __future__ import annotations

import functools
import importlib.resources
import json

from ..domain.help import BadResourcesFile, CrisisResources, help_for, own_countries, parse_resources, parse_zone_table
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


@functools.lru_cache(maxsize=1)
def zone_countries() -> dict[str, str]:
    """IANA's zone-to-country table as shipped in the tzdata package (zone.tab, and tzdata.zi for older names)."""
    zoneinfo = importlib.resources.files("tzdata.zoneinfo")
    return parse_zone_table(zoneinfo.joinpath("zone.tab").read_text(encoding="utf-8"),
                            zoneinfo.joinpath("tzdata.zi").read_text(encoding="utf-8"))


def get_help(path: str, country: str | None, zone: str | None = None, language: str | None = None) -> dict:
    resources = load_resources(path)
    found = help_for(resources, country, own_countries(zone, language, zone_countries()))
    if found is None:
        known = ", ".join(sorted(resources.countries))
        raise NotFound(f"No crisis lines are listed for '{country}'. Listed: {known}.",
                       {"country": [f"Not listed; choose one of {known}."]})
    return found
