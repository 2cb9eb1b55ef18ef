"""firebase.json's hosting block: the page from web/, /v1/** to the api function in its own region, strict headers."""
from __future__ import annotations

import json
import re
from pathlib import Path

from tools.web_server import HostingLikeApp, headers_for, with_connect_origin

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


def local_site():
    from werkzeug.test import Client
    from werkzeug.wrappers import Response

    def api(environ, start_response):
        return Response('{"ok": true}', 200, {"Cache-Control": "private"}, content_type="application/json")(
            environ, start_response)

    return Client(HostingLikeApp(api, {"apiKey": "k", "projectId": "p"}, auth_emulator_origin="http://127.0.0.1:9"))


def test_make_run_serves_the_page_the_config_and_the_api_as_hosting_would():
    site = local_site()
    page = site.get("/")
    assert page.status_code == 200 and b'<script type="module" src="/dist/app.js">' in page.data
    assert json.loads(site.get("/firebase-config.json").data) == {"apiKey": "k", "projectId": "p"}
    api = site.get("/v1/anything")
    assert api.headers["Cache-Control"] == "no-store"  # Hosting's header wins over the function's
    assert "Content-Security-Policy" in api.headers


def test_make_run_serves_nothing_that_firebase_deploy_would_leave_out():
    site = local_site()
    for path in ("/therapist/main.js", "/app/src/main.js", "/shared/api.ts", "/build.mjs", "/tsconfig.json", "/../firebase.json", "/%2e%2e/firebase.json", "/missing.js"):
        assert site.get(path).status_code == 404, path
    assert site.post("/").status_code == 405
