"""Notification preferences, devices and the in-app inbox."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..domain.notify_timing import DEFAULT_MAX_PER_DAY, KINDS
from ..services.notifications import STATUSES
from .common import PageQuerySchema, StrictBoolean, WholeNumber, input_of, string

PLATFORMS = ("ios", "android", "web")
# FCM registration tokens are ASCII (about 160 characters today); the bound keeps the shared-phone
# lookup by token under Firestore's 1,500-byte limit on a query value.
MAX_FCM_TOKEN = 1024
FCM_TOKEN_PATTERN = f"^[\\x21-\\x7e]{{1,{MAX_FCM_TOKEN}}}$"
FCM_TOKEN_RULE = f"The FCM registration token: 1 to {MAX_FCM_TOKEN} printable ASCII characters, no spaces."


def default_prefs() -> dict:
    return {"micro_wins": True, "reminders": True, "digest": True, "max_per_day": DEFAULT_MAX_PER_DAY}


class NotificationPrefsSchema(Schema):
    """Which pushes you get and how many a day; the inbox keeps every notification whatever these say."""

    micro_wins = StrictBoolean(load_default=True)
    reminders = StrictBoolean(load_default=True)
    digest = StrictBoolean(load_default=True)
    max_per_day = WholeNumber(
        load_default=DEFAULT_MAX_PER_DAY, validate=validate.Range(0, 10),
        metadata={"description": "Pushes at most per local day (0: none); counts micro-wins and reminders."},
    )


NotificationPrefsInputSchema = input_of(NotificationPrefsSchema)


class DeviceRegistrationSchema(Schema):
    """A phone or browser your pushes go to; PUT it again at every app start to keep it fresh
    (devices not refreshed for 60 days are removed)."""

    fcm_token = fields.String(
        required=True, validate=validate.Regexp(FCM_TOKEN_PATTERN, error=FCM_TOKEN_RULE),
        metadata={"description": FCM_TOKEN_RULE},
    )
    platform = fields.String(required=True, validate=validate.OneOf(PLATFORMS))
    app_version = string(32, load_default=None, allow_none=True)


class DeviceSchema(Schema):
    """A registered device (its token is never sent back)."""

    id = fields.String()
    platform = fields.String(validate=validate.OneOf(PLATFORMS))
    app_version = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    refreshed_at = fields.AwareDateTime()


class NotificationSchema(Schema):
    """An inbox item: the full, specific text (the push on the lock screen only ever says something neutral)."""

    id = fields.String()
    type = fields.String(validate=validate.OneOf(KINDS))
    title = fields.String()
    body = fields.String()
    created_at = fields.AwareDateTime()
    read_at = fields.AwareDateTime(allow_none=True)
    status = fields.String(
        validate=validate.OneOf(STATUSES),
        metadata={"description": "Of the push: pending, sending, sent, failed or suppressed (see docs/notifications.md)."},
    )
    win_id = fields.String(allow_none=True, metadata={"description": "The micro-win it is about, if any."})
    about = fields.String(allow_none=True, metadata={
        "description": "For a therapist's note: what it is about (the micro-win's message, or the day of a moment)."})


class NotificationQuerySchema(PageQuerySchema):
    pass


class NotificationPageSchema(Schema):
    items = fields.List(fields.Nested(NotificationSchema), required=True)
    next_cursor = fields.String(allow_none=True)
