"""Fields and schemas shared by every resource: ratings, local dates, times of day, errors."""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate

from ..domain.local_dates import is_known_timezone

ENTRY_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
HH_MM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class StrictFloat(fields.Float):
    """A JSON number (integer or decimal); strings such as "7.5" are refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def rating(**kwargs) -> fields.Integer:
    """A whole number from 0 to 10."""
    return fields.Integer(strict=True, validate=validate.Range(0, 10), **kwargs)


def optional_rating() -> fields.Integer:
    return rating(load_default=None, allow_none=True)


def text(max_length: int, **kwargs) -> fields.String:
    return fields.String(validate=validate.Length(max=max_length), **kwargs)


def optional_text(max_length: int) -> fields.String:
    return text(max_length, load_default=None, allow_none=True)


def required_text(max_length: int) -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=max_length))


def time_of_day(**kwargs) -> fields.String:
    """A local wall-clock time, HH:MM in 24 hours."""
    return fields.String(validate=validate.Regexp(HH_MM, error="Use HH:MM, 24-hour local time."), **kwargs)


def _validate_timezone(value: str) -> None:
    if not is_known_timezone(value):
        raise ValidationError("Not a known IANA time zone name (e.g. 'Europe/Berlin').")


def timezone_name(**kwargs) -> fields.String:
    return fields.String(validate=_validate_timezone, **kwargs)


MAX_PATH_ID_BYTES = 256


def path_id_problem(value: str) -> str | None:
    """Why a path segment cannot name a stored document (Firestore's id rules), or None."""
    if not value or len(value.encode()) > MAX_PATH_ID_BYTES:
        return f"Use 1 to {MAX_PATH_ID_BYTES} bytes."
    if value in (".", "..") or (value.startswith("__") and value.endswith("__")):
        return "That name is reserved."
    if any(ord(character) < 32 for character in value):
        return "Control characters are not allowed."
    return None


def entry_id_problem(entry_id: str) -> str | None:
    if ENTRY_ID_PATTERN.match(entry_id):
        return None
    return "Ids are 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'."


class PageQuerySchema(Schema):
    """Cursor pagination: no offsets, so pages stay stable while entries arrive."""

    limit = fields.Integer(load_default=50, validate=validate.Range(1, 100))
    cursor = fields.String(load_default=None, validate=validate.Length(max=512),
                           metadata={"description": "`next_cursor` of the previous page."})


class ErrorDetailSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", metadata={"description": "Problems by field name."})


class ErrorSchema(Schema):
    """Every failure has this shape."""

    error = fields.Nested(ErrorDetailSchema, required=True)
