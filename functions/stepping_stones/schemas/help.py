"""Crisis resources: the query and the answer of GET /v1/help."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..domain.help import COUNTRY_CODE


class HelpQuerySchema(Schema):
    country = fields.String(load_default=None, validate=validate.Regexp(
        COUNTRY_CODE, error="Use a two-letter country code in capitals, such as 'GB'."),
        metadata={"description": "Only this country's lines (ISO 3166-1 alpha-2)."})
    zone = fields.String(load_default=None, validate=[validate.Length(max=64), validate.Regexp(
        r"^[A-Za-z0-9_+\-/]+$", error="Use an IANA time zone such as 'Europe/Berlin'.")],
        metadata={"description": "The client's IANA time zone: its country's lines come first."})
    language = fields.String(load_default=None, validate=[validate.Length(max=35), validate.Regexp(
        r"^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$", error="Use a language tag such as 'de-DE'.")],
        metadata={"description": "The phone's language tag (navigator.language): its region's lines come next, "
                                 "when the time zone names no listed country."})


class CrisisLineSchema(Schema):
    name = fields.String(required=True)
    phone = fields.String(required=True, allow_none=True, metadata={"description": "A number to call."})
    text = fields.String(required=True, allow_none=True, metadata={"description": "How to reach it by text."})
    url = fields.String(required=True, allow_none=True)


class CountryHelpSchema(Schema):
    code = fields.String(required=True, metadata={"description": "ISO 3166-1 alpha-2."})
    name = fields.String(required=True)
    emergency = fields.String(required=True, metadata={"description": "The local emergency number."})
    lines = fields.List(fields.Nested(CrisisLineSchema), required=True)


class HelpSchema(Schema):
    """Where help is, for the app to keep offline; not a crisis service."""

    note = fields.String(required=True, metadata={"description": "That nobody watches the app in real time."})
    default_country = fields.String(required=True)
    countries = fields.List(fields.Nested(CountryHelpSchema), required=True, metadata={
        "description": "In the order to show them: the country of `zone`, then of `language`'s region, then the "
                       "default country, then the others as the deployment lists them."})


class HelpHintSchema(Schema):
    """Where help is, after a check-in or mood of 0 or 1 (the day's first such moment)."""

    message = fields.String(required=True, metadata={"description": "Gentle words: nobody watches the app in real time."})
    help_path = fields.String(required=True, metadata={"description": "GET this for crisis lines: /v1/help."})
