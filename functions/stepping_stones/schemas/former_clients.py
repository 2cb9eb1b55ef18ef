"""A therapist's records of clients who erased their accounts: the therapist's own session notes."""
from __future__ import annotations

from marshmallow import Schema, fields

from .common import Day
from .sessions import ReflectionSchema


class FormerSessionSchema(Schema):
    date = Day(metadata={"description": "Local date of the session."})
    note = fields.String(allow_none=True, metadata={"description": "Your note, private to you."})


class FormerClientSchema(Schema):
    id = fields.String(metadata={"description": "This record's own id (not the client's uid, which is gone)."})
    display_name = fields.String(allow_none=True, metadata={
        "description": "The name you knew the client by (null if they never set one)."})
    erased_on = Day(metadata={"description": "The UTC date the client erased their account."})
    label = fields.String(metadata={"description": "\"data erased on YYYY-MM-DD\", to show beside the name."})
    sessions = fields.List(fields.Nested(FormerSessionSchema), metadata={
        "description": "Your sessions with them, latest first; nothing the client wrote is kept."})
    reflections = fields.List(fields.Nested(ReflectionSchema), metadata={
        "description": "Your private reflections about them, latest first (at most 100)."})


class FormerClientListSchema(Schema):
    items = fields.List(fields.Nested(FormerClientSchema), required=True)
