"""Headers every API response carries: nothing private is cached, nothing is sniffed as another type."""
from __future__ import annotations

from flask import Flask, Response

NO_STORE = "no-store"
NOSNIFF = "nosniff"


def secure_headers(response: Response) -> Response:
    """Every answer may hold mental-health data or say who is linked to whom: no browser, proxy or
    CDN may store it, and a body is only ever read as the type it declares. A 204 has no body, so
    it declares no type (Flask would otherwise send text/html). Only a public route that says so
    itself (GET /v1/help: crisis lines kept for offline use) may be cached."""
    response.headers.setdefault("Cache-Control", NO_STORE)
    response.headers["X-Content-Type-Options"] = NOSNIFF
    if response.status_code == 204:
        response.headers.pop("Content-Type", None)
    return response


def register_response_headers(app: Flask) -> None:
    app.after_request(secure_headers)
