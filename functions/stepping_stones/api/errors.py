"""Every failure becomes one JSON shape: {"error": {"code", "message", "fields"}}; mapped here only."""
from __future__ import annotations

from flask import Flask, g, jsonify
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from .. import storage
from ..errors import AppError

HTTP_CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthenticated", "Sign in again: a valid Firebase ID token is required."),
    403: ("forbidden", "This account may not use this endpoint."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("payload_too_large", "The body is larger than 64 KiB."),
    415: ("unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'."),
    429: ("too_many_requests", "Too many requests; try again later."),
}


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


def _app_error(error: AppError):
    response = error_response(error.status, error.code, error.message, error.fields)
    retry_after = getattr(error, "retry_after_seconds", None)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _validation_error(error: ValidationError):
    fields = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    names = ", ".join(sorted(fields))
    return error_response(400, "validation_failed", f"Some fields need attention: {names}.", fields)


def _http_error(error: HTTPException):
    code, message = HTTP_CODES.get(error.code or 500, ("http_error", error.name))
    response = error_response(error.code or 500, code, message)
    if error.code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _unexpected(error: Exception):
    unavailable = storage.as_app_error(error)  # a slow, contended or unreachable database: 503
    if unavailable is not None:
        return _app_error(unavailable)
    # The request's log line carries the stack trace (request_log.py); the body, the id to quote.
    g.unhandled_error = error
    request_id = g.get("request_id", "unknown")
    meter = g.get("meter")
    nothing_written = meter is not None and meter.writes == 0
    message = "Sorry, something went wrong on our side"
    message += "; nothing was saved." if nothing_written else "."
    message += f" If it keeps happening, quote request id {request_id}."
    return error_response(500, "internal", message)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(AppError, _app_error)
    app.register_error_handler(ValidationError, _validation_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
