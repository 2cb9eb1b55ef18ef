"""Crisis resources: the deployer's file checked and narrowed to a country, and the words around them."""
from __future__ import annotations

import re
from dataclasses import dataclass

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
NOT_A_CRISIS_SERVICE = (
    "Stepping Stones is not a crisis service: nobody watches the app in real time. "
    "If you are in danger or thinking about harming yourself, call your local emergency number now, "
    "or reach one of these lines. Talking to someone is a strong step, whenever you take it."
)
LINE_FIELDS = ("name", "phone", "text", "url")
HELP_PATH = "/v1/help"
# Shown once on a day with a check-in or mood of 0 or 1: no judgement, no alarm, the plain truth.
LOW_MOMENT_HINT = {
    "message": (
        "Thank you for noting how things are, even now. Low moments are part of the way, not a failure. "
        "Nobody watches this app in real time, so if you need someone to talk to or feel unsafe, "
        "the help page lists people you can reach right away."
    ),
    "help_path": HELP_PATH,
}


class BadResourcesFile(ValueError):
    """The crisis resources file does not have the documented shape."""


@dataclass(frozen=True)
class CrisisResources:
    default_country: str
    countries: dict  # code -> {"name", "emergency", "lines": [{"name", "phone", "text", "url"}]}


def parse_resources(data: object) -> CrisisResources:
    """Check the file's shape, naming the first problem, so a deployer's typo fails at start, not in a bad moment."""
    if not isinstance(data, dict) or not isinstance(data.get("countries"), dict) or not data["countries"]:
        raise BadResourcesFile("expected an object with a non-empty 'countries' object")
    countries = {}
    for code, country in data["countries"].items():
        where = f"countries.{code}"
        if not COUNTRY_CODE.match(code):
            raise BadResourcesFile(f"{where}: the key must be a two-letter country code such as 'GB'")
        if not isinstance(country, dict) or not _is_text(country.get("name")) or not _is_text(country.get("emergency")):
            raise BadResourcesFile(f"{where}: needs 'name' and 'emergency' as text")
        lines = country.get("lines")
        if not isinstance(lines, list) or not lines:
            raise BadResourcesFile(f"{where}.lines: needs at least one line")
        countries[code] = {"code": code, "name": country["name"], "emergency": country["emergency"],
                           "lines": [_line(line, f"{where}.lines[{n}]") for n, line in enumerate(lines)]}
    default = data.get("default_country")
    if not isinstance(default, str) or default not in countries:
        raise BadResourcesFile(f"default_country: '{default}' is not one of the countries")
    return CrisisResources(default, countries)


def _line(line: object, where: str) -> dict:
    if not isinstance(line, dict) or not _is_text(line.get("name")):
        raise BadResourcesFile(f"{where}: needs a 'name'")
    if not any(_is_text(line.get(key)) for key in ("phone", "text", "url")):
        raise BadResourcesFile(f"{where}: needs at least one of 'phone', 'text' or 'url'")
    for key in ("phone", "text", "url"):
        if line.get(key) is not None and not _is_text(line[key]):
            raise BadResourcesFile(f"{where}.{key}: must be text or null")
    return {key: line.get(key) for key in LINE_FIELDS}


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def help_for(resources: CrisisResources, country: str | None, own: tuple[str, ...] = ()) -> dict | None:
    """Every country's lines in the order to show them (see `ordered_codes`), or one country's; None for a country
    the file does not list."""
    if country is None:
        chosen = [resources.countries[code] for code in ordered_codes(resources, own)]
    elif country in resources.countries:
        chosen = [resources.countries[country]]
    else:
        return None
    return {"note": NOT_A_CRISIS_SERVICE, "default_country": resources.default_country, "countries": chosen}


# ---- the client's own country first ---------------------------------------------------------------------------
# In a crisis the seconds matter: Help opens on the client's country, taken from their time zone (IANA's
# zone-to-country table), then from the region of their phone's language ("de-DE" -> DE), then the deployment's
# default country; the other listed countries follow in the file's order.

def parse_zone_table(zone_tab: str, zone_links: str = "") -> dict[str, str]:
    """IANA zone name -> ISO country code, from zone.tab's lines ("DE<TAB>+5230+01322<TAB>Europe/Berlin") and, for
    older names a browser may still report ("Asia/Calcutta"), the links of tzdata.zi ("L Asia/Kolkata Asia/Calcutta")."""
    table = {}
    for line in zone_tab.splitlines():
        fields = line.split("\t")
        if not line.startswith("#") and len(fields) >= 3 and COUNTRY_CODE.match(fields[0]):
            table[fields[2]] = fields[0]
    for line in zone_links.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[0] == "L" and fields[2] not in table and fields[1] in table:
            table[fields[2]] = table[fields[1]]
    return table


def language_region(language: str | None) -> str | None:
    """The region of a BCP 47 language tag: "de-DE" -> DE, "zh-Hant-TW" -> TW; None for "de" or "es-419"."""
    for subtag in (language or "").replace("_", "-").split("-")[1:]:
        if len(subtag) == 2 and subtag.isalpha():
            return subtag.upper()
    return None


def own_countries(zone: str | None, language: str | None, zone_table: dict[str, str]) -> tuple[str, ...]:
    """The client's likely countries, most likely first: their time zone's, then their language's region."""
    found = (zone_table.get(zone or ""), language_region(language))
    return tuple(dict.fromkeys(code for code in found if code))


def ordered_codes(resources: CrisisResources, own: tuple[str, ...]) -> list[str]:
    """The listed countries among `own` first (in that order), then the default country, then the rest as listed."""
    first = [code for code in own if code in resources.countries] + [resources.default_country]
    return list(dict.fromkeys(first + list(resources.countries)))
