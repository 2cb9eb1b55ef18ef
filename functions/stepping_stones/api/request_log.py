"""One structured JSON log line per request, in the shape Cloud Logging reads; no clinical text."""
from __future__ import annotations

import json
import logging
import sys
import time
import uuid

from flask import Flask, g, request

from .. import storage

log = logging.getLogger("stepping_stones.requests")


def _ensure_stdout_handler() -> None:
    if not log.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = True


def _request_id() -> str:
    trace = request.headers.get("X-Cloud-Trace-Context", "").split("/", 1)[0]
    return trace if trace.isalnum() and len(trace) <= 64 else uuid.uuid4().hex


def _start() -> None:
    g.request_id = _request_id()
    g.started = time.perf_counter()
    g.meter_scope = storage.metering()
    g.meter = g.meter_scope.__enter__()


def _finish(response):
    elapsed_ms = round((time.perf_counter() - g.started) * 1000, 1)
    route = request.url_rule.rule if request.url_rule else "unmatched"
    status = response.status_code
    severity = "ERROR" if status >= 500 else "WARNING" if status >= 400 else "INFO"
    line = {
        "severity": severity,
        "message": f"{request.method} {route} {status} {elapsed_ms}ms",
        "httpRequest": {
            "requestMethod": request.method,
            "requestUrl": route,  # the route template: ids and query strings stay out of logs
            "status": status,
            "latency": f"{elapsed_ms / 1000:.4f}s",
        },
        "request_id": g.request_id,
        "route": route,
        "status": status,
        "duration_ms": elapsed_ms,
        "firestore": {"reads": g.meter.reads, "writes": g.meter.writes},
    }
    log.info(json.dumps(line))
    response.headers["X-Request-Id"] = g.request_id
    return response


def _close(_error=None) -> None:
    scope = g.pop("meter_scope", None)
    if scope is not None:
        scope.__exit__(None, None, None)


def register_request_logging(app: Flask) -> None:
    _ensure_stdout_handler()
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_close)
