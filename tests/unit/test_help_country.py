"""Help opens on the client's own country: their time zone's (IANA's table), then their language's region, then
the deployment's default country."""
from __future__ import annotations

import json

import pytest

from stepping_stones.config import DEFAULT_CRISIS_RESOURCES
from stepping_stones.domain.help import (
    help_for,
    language_region,
    ordered_codes,
    own_countries,
    parse_resources,
    parse_zone_table,
)
from stepping_stones.services.help import zone_countries


def shipped():
    with open(DEFAULT_CRISIS_RESOURCES, encoding="utf-8") as file:
        return parse_resources(json.load(file))


@pytest.mark.parametrize(("zone", "country"), [
    ("Europe/Berlin", "DE"), ("America/Toronto", "CA"), ("Australia/Sydney", "AU"), ("Pacific/Auckland", "NZ"),
    ("Europe/London", "GB"), ("Europe/Dublin", "IE"), ("America/New_York", "US"),
    ("Asia/Calcutta", "IN"), ("US/Eastern", "US"), ("Australia/ACT", "AU")])  # older names a browser may report
def test_iana_zone_table_names_each_zones_country(zone, country):
    assert zone_countries()[zone] == country


@pytest.mark.parametrize("zone", ["Etc/UTC", "UTC", "Mars/Olympus_Mons", "", None])
def test_a_zone_of_no_country_names_none(zone):
    assert own_countries(zone, None, zone_countries()) == ()


@pytest.mark.parametrize(("zone", "language", "first"), [
    ("Europe/Berlin", "de-DE", "DE"), ("America/Toronto", "en-US", "CA"), ("Australia/Sydney", "en-GB", "AU"),
    ("Pacific/Auckland", "en-US", "NZ"),
    ("Etc/UTC", "de-DE", "DE"),           # an unknown zone falls to the language's region
    ("Europe/Paris", "en-IE", "IE"),      # a zone whose country is not listed falls to the language's region too
    ("Mars/Olympus_Mons", "fr-FR", "US"),  # neither listed: the deployment's default country
    (None, None, "US")])
def test_help_puts_the_clients_own_country_first(zone, language, first):
    resources = shipped()
    answer = help_for(resources, None, own_countries(zone, language, zone_countries()))
    codes = [country["code"] for country in answer["countries"]]
    assert codes[0] == first
    assert sorted(codes) == sorted(resources.countries)  # every listed country, once


def test_after_the_clients_countries_come_the_default_and_then_the_rest_as_listed():
    resources = shipped()
    assert ordered_codes(resources, ("DE", "GB")) == ["DE", "GB", "US", "CA", "IE", "AU", "NZ"]
    assert ordered_codes(resources, ()) == list(resources.countries)


@pytest.mark.parametrize(("language", "region"), [
    ("de-DE", "DE"), ("en_gb", "GB"), ("zh-Hant-TW", "TW"), ("de", None), ("es-419", None), ("", None), (None, None)])
def test_the_language_tags_region_is_its_two_letter_subtag(language, region):
    assert language_region(language) == region


def test_the_zone_table_reads_zone_tab_lines_and_follows_links_only_for_names_it_lacks():
    table = parse_zone_table("# comment\nDE\t+5230+01322\tEurope/Berlin\tmost of Germany\nSJ\t+7800+01600\t"
                             "Arctic/Longyearbyen\n",
                             "L Europe/Berlin Arctic/Longyearbyen\nL Europe/Berlin Germany/Old\nZ Europe/Berlin 0 -")
    assert table == {"Europe/Berlin": "DE", "Arctic/Longyearbyen": "SJ", "Germany/Old": "DE"}
