"""Fields and schemas shared by every resource: ratings, local dates, times of day, errors."""
from __future__ import annotations

import re
from datetime import date
from importlib import resources

from marshmallow import Schema, ValidationError, fields, validate

from ..domain.identity import UID_PATTERN as UID_PATTERN  # re-exported for the path check
from ..domain.identity import UID_RULE as IDENTITY_RULE
from ..domain.local_dates import DATE_RANGE, EARLIEST_DATE, LATEST_DATE, is_known_timezone

HH_MM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


# Strings are stored as Firestore strings (UTF-8): no NUL, no lone surrogate (half of an emoji, as
# JavaScript's .slice() can leave). The pattern tells the contract about NUL; JSON Schema cannot
# describe a lone surrogate, which is not a character.
NO_NUL_PATTERN = "^[^\\u0000]*$"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored as text (NUL or a lone surrogate), or None."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "NUL characters are not allowed."
    return "Contains half of a character (a lone UTF-16 surrogate); send whole characters."


def string(max_length: int, *, min_length: int | None = None, **kwargs) -> fields.String:
    """Free text of at most `max_length` characters (Firestore stores and indexes it whole)."""
    metadata = {"pattern": NO_NUL_PATTERN, **kwargs.pop("metadata", {})}
    checks = [validate.Length(min=min_length, max=max_length), *kwargs.pop("validate", [])]
    return fields.String(validate=checks, metadata=metadata, **kwargs)


NOT_BLANK_PATTERN = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"  # some visible character, no NUL


def not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Use at least one letter or digit, not only spaces.")


def display_name_field(**kwargs) -> fields.String:
    """A person's name as they give it: 1 to 80 characters, at least one of them visible."""
    return string(80, min_length=1, validate=[not_blank], metadata={"pattern": NOT_BLANK_PATTERN}, **kwargs)


class StrictFloat(fields.Float):
    """A JSON number (integer or decimal); strings such as "7.5" are refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StrictBoolean(fields.Boolean):
    """A JSON true or false; 0, 1, "true" and "yes" are refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class WholeNumber(fields.Integer):
    """A JSON integer. As in JSON Schema, 5.0 is the integer 5; 5.5, "5" and true are refused."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _validated(self, value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super()._validated(value)


def rating(**kwargs) -> fields.Integer:
    """A whole number from 0 to 10."""
    return WholeNumber(validate=validate.Range(0, 10), **kwargs)


def optional_rating() -> fields.Integer:
    return rating(load_default=None, allow_none=True)


def optional_text(max_length: int) -> fields.String:
    return string(max_length, load_default=None, allow_none=True)


def required_text(max_length: int) -> fields.String:
    return string(max_length, min_length=1, required=True)


class Day(fields.Date):
    """A calendar date, YYYY-MM-DD (`format: date`); records may hold it as a date or as its ISO text."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, str):
            return date.fromisoformat(value).isoformat()
        return super()._serialize(value, attr, obj, **kwargs)


# The documented range as text patterns: the contract cannot compare dates, but it can spell the years.
YEARS_PATTERN = "(20[0-9]{2}|2100)"
DATE_IN_RANGE_PATTERN = f"^{YEARS_PATTERN}-[0-9]{{2}}-[0-9]{{2}}$"
INSTANT_IN_RANGE_PATTERN = f"^{YEARS_PATTERN}-"


class LocalDate(Day):
    """A calendar date (YYYY-MM-DD) a caller sends, within the documented range."""

    def __init__(self, **kwargs):
        metadata = kwargs.pop("metadata", {})
        description = metadata.get("description", "")
        metadata = {**metadata, "description": f"{description} {DATE_RANGE.capitalize()}.".strip(),
                    "pattern": DATE_IN_RANGE_PATTERN}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        problem = date_problem(day)
        if problem:
            raise ValidationError(problem)
        return day


def date_problem(day: date) -> str | None:
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return f"Use a date {DATE_RANGE}."


class Instant(fields.AwareDateTime):
    """An RFC 3339 date-time with its UTC offset, whose local date is within the documented range."""

    def __init__(self, **kwargs):
        metadata = kwargs.pop("metadata", {})
        description = metadata.get("description", "RFC 3339 with offset.")
        metadata = {**metadata, "description": f"{description} Its local date {DATE_RANGE}.",
                    "pattern": INSTANT_IN_RANGE_PATTERN}
        super().__init__(format="iso", metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if date_problem(moment.date()):  # the date at its own offset: no conversion can overflow
            raise ValidationError(f"Use an instant {DATE_RANGE}.")
        return moment


def time_of_day(**kwargs) -> fields.String:
    """A local wall-clock time, HH:MM in 24 hours."""
    return fields.String(validate=validate.Regexp(HH_MM, error="Use HH:MM, 24-hour local time."), **kwargs)


def _validate_timezone(value: str) -> None:
    if not is_known_timezone(value):
        raise ValidationError("Not a known IANA time zone name (e.g. 'Europe/Berlin').")


# The zones the contract lists: those of the pinned tzdata package, less the POSIX-style offsets
# ("Etc/GMT+5" is five hours *behind* UTC; "GMT+0"), which read backwards and which generators cannot tell
# apart from their opposite sign. The server also accepts those, and any zone the machine knows.
TIMEZONE_NAMES = tuple(sorted(name for name in resources.files("tzdata").joinpath("zones").read_text().split()
                              if not re.search(r"[+-][0-9]", name)))


def timezone_name(**kwargs) -> fields.String:
    metadata = {"enum": list(TIMEZONE_NAMES), **kwargs.pop("metadata", {})}
    return fields.String(validate=[validate.Length(min=1, max=64), _validate_timezone], metadata=metadata, **kwargs)


# Path parameters (checked in one place, api/contract.py). Each pattern reads the same in Python and
# in ECMA 262 (JSON Schema), and none admits a name Firestore reserves ('.', '..', '__x__') or a '/'.
ID_PATTERN = "^(?!__.*__$)[A-Za-z0-9_-]{1,64}$"
ID_RULE = "1 to 64 characters of A-Z, a-z, 0-9, '_' and '-', not both starting and ending with '__'."
UID_RULE = f"A user id: {IDENTITY_RULE}."
WIN_ID_PATTERN = "^[a-z][a-z0-9-]{0,40}:[^\\u0000-\\u001f\\u007f/]{1,160}$"
WIN_ID_RULE = "A micro-win id as listed by GET /v1/wins (its rule, then ':' and its subject or period)."


SOMETIMES = {"x-sometimes": True}
"""Metadata of a response field that is not always present (every other response field is)."""


def input_of(schema: type[Schema], **overrides) -> type[Schema]:
    """The request-body form of a resource schema, `<Name>InputSchema`: the same fields and rules without
    the server's (dump_only) fields, so a generated client's model for writing holds no server fields.
    `overrides` replace fields, e.g. a nested schema by its own input form."""
    server = tuple(name for name, item in schema._declared_fields.items() if item.dump_only and name not in overrides)
    meta = type("Meta", (getattr(schema, "Meta", object),), {"exclude": server})
    name = schema.__name__.removesuffix("Schema") + "InputSchema"
    doc = f"What you send: {(schema.__doc__ or schema.__name__).strip()}"
    return type(name, (schema,), {"Meta": meta, "__doc__": doc, "__module__": schema.__module__, **overrides})


class PageQuerySchema(Schema):
    """Cursor pagination: no offsets, so pages stay stable while entries arrive."""

    limit = fields.Integer(load_default=50, validate=validate.Range(1, 100))
    cursor = string(512, load_default=None, metadata={"description": "`next_cursor` of the previous page."})


class ErrorDetailSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", metadata={"description": "Problems by field name."})


class ErrorSchema(Schema):
    """Every failure has this shape."""

    error = fields.Nested(ErrorDetailSchema, required=True)
