"""One structured JSON log line per request, in the shape Cloud Logging reads; no clinical text."""
from __future__ import annotations

import functools
import json
import logging
import sys
import time
import traceback
import uuid

from flask import Flask, current_app, g, request

from .. import storage

log = logging.getLogger("stepping_stones.requests")
SYNC_ITEM = "stepping_stones.sync_item"  # set in the environ of each operation of a sync batch
ERROR_EVENT_TYPE = "type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent"
_END = object()


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
    settings = current_app.config["SETTINGS"]
    g.budget_scope = storage.request_budget(settings.request_budget_seconds, settings.firestore_call_timeout_seconds)
    g.budget_scope.__enter__()


def _finish(response):
    route = request.url_rule.rule if request.url_rule else "unmatched"
    status, error = response.status_code, g.pop("unhandled_error", None)
    reported = error_event(error, route, status) if status >= 500 and error is not None else {}
    emit = functools.partial(_log_line, request.method, route, status, g.request_id, g.started, g.meter, reported)
    if response.is_streamed:  # the body is still to come: count its reads, log when it is sent
        response.response = _metered(response.response, g.meter)
        response.call_on_close(emit)
    else:
        emit()
    response.headers["X-Request-Id"] = g.request_id
    return response


def _metered(body, meter):
    """Yield the body's chunks, counting the Firestore operations that make each into the request's meter."""
    iterator = iter(body)
    try:
        while True:
            with storage.metering(meter):
                chunk = next(iterator, _END)
            if chunk is _END:
                return
            yield chunk
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


def _log_line(method: str, route: str, status: int, request_id: str, started: float, meter, reported: dict) -> None:
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    severity = "ERROR" if status >= 500 else "WARNING" if status >= 400 else "INFO"
    line = {
        "severity": severity,
        "message": f"{method} {route} {status} {elapsed_ms}ms",
        "httpRequest": {
            "requestMethod": method,
            "requestUrl": route,  # the route template: ids and query strings stay out of logs
            "status": status,
            "latency": f"{elapsed_ms / 1000:.4f}s",
        },
        "request_id": request_id,
        "route": route,
        "status": status,
        "duration_ms": elapsed_ms,
        "firestore": {"reads": meter.reads, "writes": meter.writes, "retries": meter.retries},
        **reported,
    }
    log.info(json.dumps(line))


def error_event(error: BaseException, route: str, status: int = 500) -> dict:
    """Fields that make a log line an Error Reporting event: its @type and a Python stack trace."""
    return {
        "@type": ERROR_EVENT_TYPE,
        "stack_trace": stack_trace(error),
        "serviceContext": {"service": "api"},
        "context": {"httpRequest": {"method": request.method, "url": route, "responseStatusCode": status}},
    }


def report_unhandled(error: BaseException, route: str) -> None:
    """An ERROR line for a failure answered inside a larger response (an operation of a sync batch)."""
    line = {"severity": "ERROR", "message": f"{request.method} {route} 500 (in a batch)",
            "request_id": g.get("request_id"), "route": route, "status": 500, **error_event(error, route)}
    log.info(json.dumps(line))


def _close(_error=None) -> None:
    if request.environ.get(SYNC_ITEM):
        return  # an operation of a sync batch: the batch's own request closes these
    for name in ("budget_scope", "meter_scope"):
        scope = g.pop(name, None)
        if scope is not None:
            scope.__exit__(None, None, None)


def stack_trace(error: BaseException) -> str:
    """The exception's frames as traceback.format_exc() prints them, its message withheld: messages
    can carry client text (a note, a token), frames carry only code."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    kind = type(error)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    return f"Traceback (most recent call last):\n{frames}{name}: (message withheld)"


def register_request_logging(app: Flask) -> None:
    _ensure_stdout_handler()
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_close)
