"""Named errors the services raise; each carries its error code and the HTTP status it maps to."""
from __future__ import annotations


class AppError(Exception):
    """Base of every error that becomes a JSON error response."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(AppError):
    status, code = 400, "validation_failed"


class Unauthenticated(AppError):
    status, code = 401, "unauthenticated"


class Forbidden(AppError):
    status, code = 403, "forbidden"


class NotFound(AppError):
    status, code = 404, "not_found"


class ProfileRequired(AppError):
    status, code = 409, "profile_required"

    def __init__(self, message: str = (
            "Create your profile first (PUT /v1/me with display_name and timezone): "
            "entries are dated in your own time zone.")):
        super().__init__(message)


class AccountErased(AppError):
    """The account was erased (or is being erased): nothing more is read or stored for it."""

    status, code = 410, "account_erased"


class EntryConflict(AppError):
    status, code = 409, "conflict"


class UnsupportedMediaType(AppError):
    status, code = 415, "unsupported_media_type"


class RetryLater(AppError):
    """An error the caller may retry after `retry_after_seconds` (sent as the Retry-After header)."""

    def __init__(self, message: str, retry_after_seconds: int):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class TooManyRequests(RetryLater):
    status, code = 429, "too_many_requests"


class ServiceUnavailable(RetryLater):
    """The database is contended, overloaded, slow or unreachable: the phone retries after a while."""

    status, code = 503, "unavailable"


class UnsafeConfiguration(RuntimeError):
    """Raised at start-up when the configuration would be unsafe to serve (never mapped to HTTP)."""


class UnsafeDocumentId(ValueError):
    """Raised by storage when a string that is not one plain Firestore document id would become a
    path segment. Ids are checked upstream (auth's identity rule, the path-id check of the API), so
    this is the last guard against a bug there: never mapped to HTTP (a 500, logged by type)."""


class Gone(AppError):
    """Something that existed and can no longer be used (an expired invite code): 410."""

    status, code = 410, "gone"


class LimitReached(AppError):
    """Adding one more would pass a documented bound (domain/bounds.py); correcting what exists is allowed."""

    status, code = 409, "limit_reached"
