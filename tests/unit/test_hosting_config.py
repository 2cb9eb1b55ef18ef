"""firebase.json's hosting block: the page from web/, /v1/** to the api function in its own region, strict headers."""
from __future__ import annotations

import json
import re
from pathlib import Path

from tools.web_server import headers_for, with_connect_origin

ROOT = Path(__file__).resolve().parents[2]
HOSTING = json.loads((ROOT / "firebase.json").read_text())["hosting"]


def test_hosting_serves_web_and_rewrites_the_api_to_the_function_in_its_region():
    region = re.search(r"SupportedRegion\.([A-Z0-9_]+)", (ROOT / "functions" / "main.py").read_text()).group(1)
    assert HOSTING["public"] == "web"
    assert HOSTING["rewrites"] == [{"source": "/v1/**", "function": {
        "functionId": "api", "region": region.lower().replace("_", "-")}}]


def test_pages_get_a_strict_csp_hsts_and_nosniff():
    headers = headers_for("/index.html", HOSTING)
    csp = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'" and csp["default-src"] == "'none'" and csp["object-src"] == "'none'"
    assert "unsafe" not in headers["Content-Security-Policy"] and "http:" not in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_api_responses_are_never_cached_and_never_sniffed():
    headers = headers_for("/v1/clients/abc/review", HOSTING)
    assert headers["Cache-Control"] == "no-store" and headers["X-Content-Type-Options"] == "nosniff"
    assert "Cache-Control" not in headers_for("/index.html", HOSTING)


def test_locally_the_policy_only_adds_the_auth_emulator_to_connect_src():
    csp = headers_for("/", HOSTING)["Content-Security-Policy"]
    local = with_connect_origin(csp, "http://127.0.0.1:9099")
    assert local.replace(" http://127.0.0.1:9099", "") == csp
    assert re.search(r"connect-src [^;]*http://127\.0\.0\.1:9099", local)


def test_the_production_web_config_has_no_emulator_and_is_left_for_the_deployer():
    config = json.loads((ROOT / "web" / "firebase-config.json").read_text())
    assert set(config) == {"apiKey", "authDomain", "projectId"}
