"""Named errors the services raise; each carries its error code and the HTTP status it maps to
(`class NotFound(AppError, status=404, code="not_found")`), which api/errors.py turns into the JSON error."""
from __future__ import annotations


class AppError(Exception):
    """Base of every error that becomes a JSON error response."""

    status = 400
    code = "bad_request"

    def __init_subclass__(cls, status: int | None = None, code: str | None = None, **kwargs):
        super().__init_subclass__(**kwargs)
        if status is not None and code is not None:
            cls.status, cls.code = status, code

    def __init__(self, message: str, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(AppError, status=400, code="validation_failed"):
    """A field of the request breaks a rule of the contract; `fields` names each one."""


class Unauthenticated(AppError, status=401, code="unauthenticated"):
    """No usable ID token came with the request."""


class Forbidden(AppError, status=403, code="forbidden"):
    """The caller is signed in but their role or link does not allow this."""


class NotFound(AppError, status=404, code="not_found"):
    """Nothing the caller may see has this id."""


class ProfileRequired(AppError, status=409, code="profile_required"):
    """The caller has no profile yet (a name and a time zone), and this needs one."""

    def __init__(self, message: str = (
            "Create your profile first (PUT /v1/me with display_name and timezone): "
            "entries are dated in your own time zone.")):
        super().__init__(message)


class AccountErased(AppError, status=410, code="account_erased"):
    """The account was erased (or is being erased): nothing more is read or stored for it."""


class EntryConflict(AppError, status=409, code="conflict"):
    """The request conflicts with what is stored (a date already taken, an id already used, an answer given)."""


class UnsupportedMediaType(AppError, status=415, code="unsupported_media_type"):
    """The body is not JSON."""


class RetryLater(AppError):
    """An error the caller may retry after `retry_after_seconds` (sent as the Retry-After header)."""

    def __init__(self, message: str, retry_after_seconds: int):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class TooManyRequests(RetryLater, status=429, code="too_many_requests"):
    """A caller went past a rate budget (invite-code attempts, for one)."""


class ServiceUnavailable(RetryLater, status=503, code="unavailable"):
    """The database is contended, overloaded, slow or unreachable: the phone retries after a while."""


class UnsafeConfiguration(RuntimeError):
    """Raised at start-up when the configuration would be unsafe to serve (never mapped to HTTP)."""


class UnsafeDocumentId(ValueError):
    """Raised by storage when a string that is not one plain Firestore document id would become a
    path segment. Ids are checked upstream (auth's identity rule, the path-id check of the API), so
    this is the last guard against a bug there: never mapped to HTTP (a 500, logged by type)."""


class Gone(AppError, status=410, code="gone"):
    """Something that existed and can no longer be used (an expired invite code): 410."""


class LimitReached(AppError, status=409, code="limit_reached"):
    """Adding one more would pass a documented bound (domain/bounds.py); correcting what exists is allowed."""
