"""The therapist's own profile: a name, a time zone and when the weekly digest arrives."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import WholeNumber, display_name_field, input_of, time_of_day, timezone_name


def default_digest() -> dict:
    return {"weekday": 0, "time": "08:00"}


class DigestScheduleSchema(Schema):
    """When the weekly digest arrives, in the therapist's own time zone."""

    weekday = WholeNumber(load_default=0, validate=validate.Range(0, 6),
                             metadata={"description": "0 = Monday … 6 = Sunday."})
    time = time_of_day(load_default="08:00")


class TherapistProfileSchema(Schema):
    """A therapist's profile."""

    uid = fields.String(dump_only=True)
    role = fields.String(dump_only=True, validate=validate.OneOf(["therapist"]))
    display_name = display_name_field(required=True)
    timezone = timezone_name(required=True, metadata={"description": "IANA time zone name."})
    digest = fields.Nested(
        DigestScheduleSchema, load_default=default_digest, allow_none=True,
        metadata={"description": "null: no digest. The digest counts clients with new micro-wins; no names."},
    )
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


DigestScheduleInputSchema = input_of(DigestScheduleSchema)
TherapistProfileInputSchema = input_of(TherapistProfileSchema, digest=fields.Nested(
    DigestScheduleInputSchema, load_default=default_digest, allow_none=True,
    metadata={"description": "null: no digest. The digest counts clients with new micro-wins; no names."},
))
