"""The crisis-resources file: the shipped one is valid, a deployer's mistake is named, one country is chosen."""
from __future__ import annotations

import copy
import json

import pytest

from stepping_stones.config import DEFAULT_CRISIS_RESOURCES
from stepping_stones.domain.help import NOT_A_CRISIS_SERVICE, BadResourcesFile, help_for, parse_resources
from stepping_stones.errors import UnsafeConfiguration
from stepping_stones.services.help import load_resources


def shipped() -> dict:
    with open(DEFAULT_CRISIS_RESOURCES, encoding="utf-8") as file:
        return json.load(file)


def test_the_shipped_file_lists_several_countries_each_with_an_emergency_number_and_a_line():
    resources = parse_resources(shipped())
    assert {"US", "GB", "CA", "AU", "IE", "NZ", "DE"} <= set(resources.countries)
    for country in resources.countries.values():
        assert country["emergency"] and country["lines"]
        assert all(line["phone"] or line["text"] or line["url"] for line in country["lines"])


def test_one_country_is_chosen_and_every_answer_says_nobody_watches_in_real_time():
    resources = parse_resources(shipped())
    answer = help_for(resources, "GB")
    assert [c["code"] for c in answer["countries"]] == ["GB"]
    assert "nobody watches the app in real time" in answer["note"] == NOT_A_CRISIS_SERVICE
    assert len(help_for(resources, None)["countries"]) == len(resources.countries)
    assert help_for(resources, "ZZ") is None


def broken(change) -> dict:
    data = copy.deepcopy(shipped())
    change(data)
    return data


@pytest.mark.parametrize("change, named", [
    (lambda d: d.pop("countries"), "countries"),
    (lambda d: d["countries"].update({"gb": d["countries"]["GB"]}), "countries.gb"),
    (lambda d: d["countries"]["GB"].pop("emergency"), "countries.GB"),
    (lambda d: d["countries"]["GB"].update(lines=[]), "countries.GB.lines"),
    (lambda d: d["countries"]["GB"]["lines"][0].update(phone=None, text=None, url=None), "countries.GB.lines[0]"),
    (lambda d: d["countries"]["GB"]["lines"][0].update(phone=116123), "countries.GB.lines[0].phone"),
    (lambda d: d.update(default_country="XX"), "default_country"),
])
def test_a_deployers_mistake_in_the_file_is_named(change, named):
    with pytest.raises(BadResourcesFile, match=named.replace("[", r"\[").replace("]", r"\]")):
        parse_resources(broken(change))


def test_a_missing_or_malformed_file_stops_the_app_at_start_with_the_path(tmp_path):
    bad = tmp_path / "lines.json"
    bad.write_text("{not json")
    with pytest.raises(UnsafeConfiguration, match="lines.json"):
        load_resources(str(bad))
    with pytest.raises(UnsafeConfiguration, match="cannot read"):
        load_resources(str(tmp_path / "missing.json"))
