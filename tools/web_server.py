"""Serve web/ and the API on one origin as Firebase Hosting does, with the headers firebase.json gives it."""
from __future__ import annotations

import json
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

from werkzeug.security import safe_join
from werkzeug.wrappers import Request, Response

ROOT = Path(__file__).resolve().parent.parent
FIREBASE_JSON = ROOT / "firebase.json"
CONFIG_PATH = "/firebase-config.json"


def hosting_config() -> dict:
    return json.loads(FIREBASE_JSON.read_text())["hosting"]


@lru_cache(maxsize=None)
def _glob(pattern: str) -> re.Pattern:
    """Hosting's glob: `**` crosses slashes, `*` does not."""
    parts = re.split(r"(\*\*|\*)", pattern)
    body = "".join(".*" if p == "**" else "[^/]*" if p == "*" else re.escape(p) for p in parts)
    return re.compile(body)


def headers_for(path: str, hosting: dict) -> dict[str, str]:
    """Every `hosting.headers` rule whose source matches the path, later rules winning, as Hosting applies them."""
    found: dict[str, str] = {}
    for rule in hosting.get("headers", []):
        if _glob(rule["source"]).fullmatch(path):
            found.update({h["key"]: h["value"] for h in rule["headers"]})
    return found


def with_connect_origin(csp: str, origin: str) -> str:
    """The same policy, letting the page also reach the local Auth emulator."""
    return re.sub(r"(connect-src [^;]*)", rf"\1 {origin}", csp, count=1)


class HostingLikeApp:
    """WSGI: /v1/** to the API, /firebase-config.json from `firebase_config`, else static files from web/."""

    def __init__(self, api, firebase_config: dict, auth_emulator_origin: str | None = None,
                 public: Path | None = None):
        self.api = api
        self.hosting = hosting_config()
        self.public = public or ROOT / self.hosting["public"]
        self.firebase_config = json.dumps(firebase_config).encode()
        self.auth_emulator_origin = auth_emulator_origin

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        headers = headers_for(path, self.hosting)
        if self.auth_emulator_origin and "Content-Security-Policy" in headers:
            headers["Content-Security-Policy"] = with_connect_origin(
                headers["Content-Security-Policy"], self.auth_emulator_origin)

        def start_with_headers(status, response_headers, exc_info=None):
            names = {name.lower() for name in headers}
            kept = [(k, v) for k, v in response_headers if k.lower() not in names]
            return start_response(status, kept + list(headers.items()), exc_info)

        if path == "/v1" or path.startswith("/v1/"):
            return self.api(environ, start_with_headers)
        return self._static(Request(environ), path)(environ, start_with_headers)

    def _static(self, request: Request, path: str) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response("Method not allowed", 405, {"Allow": "GET, HEAD"})
        if path == CONFIG_PATH:
            return Response(self.firebase_config, 200, content_type="application/json")
        relative = path.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        if _ignored(relative, self.hosting):
            return _not_found()
        file = safe_join(str(self.public), relative)
        if file is None or not Path(file).is_file():
            return _not_found()
        content_type = mimetypes.guess_type(file)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        return Response(Path(file).read_bytes(), 200, content_type=content_type)


def _ignored(relative: str, hosting: dict) -> bool:
    """Files `firebase deploy` leaves out are not served locally either."""
    return any(_glob(pattern).fullmatch(relative) or _glob(pattern).fullmatch("/" + relative)
               for pattern in hosting.get("ignore", []))


def _not_found() -> Response:
    return Response("Not found", 404, content_type="text/plain; charset=utf-8")
