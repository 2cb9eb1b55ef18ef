"""The client profile: display name, time zone, reminder time and quiet hours."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import display_name_field, input_of, time_of_day, timezone_name
from .notifications import NotificationPrefsInputSchema, NotificationPrefsSchema, default_prefs


class QuietHoursSchema(Schema):
    """Local times; `end` before `start` means the quiet hours wrap past midnight."""

    start = time_of_day(required=True)
    end = time_of_day(required=True)


class ProfileSchema(Schema):
    """A client's profile."""

    uid = fields.String(dump_only=True)
    role = fields.String(dump_only=True, validate=validate.OneOf(["client"]))
    display_name = display_name_field(required=True)
    timezone = timezone_name(required=True, metadata={"description": "IANA time zone name."})
    reminder_time = time_of_day(load_default=None, allow_none=True)
    quiet_hours = fields.Nested(QuietHoursSchema, load_default=None, allow_none=True)
    notifications = fields.Nested(NotificationPrefsSchema, load_default=default_prefs, dump_default=default_prefs)
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


ProfileInputSchema = input_of(
    ProfileSchema, notifications=fields.Nested(NotificationPrefsInputSchema, load_default=default_prefs))
