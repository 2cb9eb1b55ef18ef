"""GET /v1/help: crisis lines without signing in, cacheable, one country or all, from the deployer's file."""
from __future__ import annotations

import json

from stepping_stones.app import create_app
from stepping_stones.config import Config


def a_client(**settings):
    return create_app({"SETTINGS": Config(**settings)}).test_client()


def test_help_needs_no_sign_in_and_may_be_cached_for_offline_use():
    response = a_client().get("/v1/help")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    body = response.get_json()
    assert "not a crisis service" in body["note"] and body["default_country"] == "US"


def test_one_country_is_answered_and_an_unlisted_one_is_a_404_naming_the_listed_ones():
    client = a_client()
    assert [c["code"] for c in client.get("/v1/help?country=GB").get_json()["countries"]] == ["GB"]
    missing = client.get("/v1/help?country=ZZ")
    assert missing.status_code == 404
    assert missing.headers.get("Cache-Control") != "public, max-age=86400"  # an error is not kept
    assert "GB" in missing.get_json()["error"]["fields"]["country"][0]
    assert client.get("/v1/help?country=gb").get_json()["error"]["fields"] == {
        "country": ["Use a two-letter country code in capitals, such as 'GB'."]}


def test_the_deployer_changes_the_lines_with_one_file(tmp_path):
    own = tmp_path / "crisis.json"
    own.write_text(json.dumps({"default_country": "FR", "countries": {"FR": {
        "name": "France", "emergency": "112",
        "lines": [{"name": "3114", "phone": "3114", "text": None, "url": "https://3114.fr"}]}}}))
    body = a_client(crisis_resources_file=str(own)).get("/v1/help").get_json()
    assert body["default_country"] == "FR"
    assert body["countries"][0]["lines"][0]["phone"] == "3114"


def test_the_clients_zone_then_language_puts_their_country_first():
    client = a_client()

    def first(query: str) -> str:
        response = client.get(f"/v1/help?{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["countries"][0]["code"]

    assert first("zone=Europe/Berlin&language=de-DE") == "DE"
    assert first("zone=America/Toronto&language=en-US") == "CA"
    assert first("zone=Etc/UTC&language=en-AU") == "AU"
    assert first("zone=Etc/UTC&language=fr") == "US"


def test_a_malformed_zone_or_language_is_a_400_naming_the_field():
    client = a_client()
    bad_zone = client.get("/v1/help?zone=Europe/Berlin;drop")
    assert bad_zone.status_code == 400 and set(bad_zone.get_json()["error"]["fields"]) == {"zone"}
    bad_language = client.get("/v1/help?language=" + "x" * 40)
    assert bad_language.status_code == 400 and set(bad_language.get_json()["error"]["fields"]) == {"language"}
