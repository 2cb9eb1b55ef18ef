"""The rhythm of sessions: the next session, the therapist's private reflections, and the client's agenda."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..domain.records import ENTRY_KINDS
from ..domain.sessions import MOMENT, SESSION
from .common import (
    ID_PATTERN,
    ID_RULE,
    NOT_BLANK_PATTERN,
    Day,
    LocalDate,
    StrictBoolean,
    not_blank,
    optional_text,
    string,
)


class NextSessionBodySchema(Schema):
    date = LocalDate(required=True, metadata={"description": "The next session's date (the client's local date)."})
    show_to_client = StrictBoolean(load_default=False, metadata={
        "description": "Whether the client's app shows it (\"Next session: Thursday\"). Default: false."})


class NextSessionSchema(Schema):
    date = Day()
    show_to_client = fields.Boolean()


class ReflectionBodySchema(Schema):
    """The worksheet's five prompts (seed 001), each optional; all of them empty deletes the reflection."""

    what_happened = optional_text(4000)
    what_i_felt = optional_text(4000)
    story_i_told_myself = optional_text(4000)
    client_might_be_communicating = optional_text(4000)
    try_next_time = optional_text(4000)


class ReflectionSchema(Schema):
    """Your own record, like psychotherapy notes: never shown to the client or another therapist."""

    kind = fields.String(validate=validate.OneOf([SESSION, MOMENT]), metadata={
        "description": "Kept beside a session or a moment (a day with a mood of 0 or 1)."})
    date = Day()
    what_happened = fields.String(allow_none=True)
    what_i_felt = fields.String(allow_none=True)
    story_i_told_myself = fields.String(allow_none=True)
    client_might_be_communicating = fields.String(allow_none=True)
    try_next_time = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime(allow_none=True)


class ReflectionListSchema(Schema):
    items = fields.List(fields.Nested(ReflectionSchema), required=True, metadata={
        "description": "Latest date first; at most 100."})


class EntryRefSchema(Schema):
    """The entry an agenda item is about: its kind and id."""

    kind = fields.String(required=True, validate=validate.OneOf(ENTRY_KINDS))
    id = string(64, required=True, validate=[validate.Regexp(ID_PATTERN, error=ID_RULE)], metadata={"pattern": ID_PATTERN})


class AgendaItemInputSchema(Schema):
    text = string(500, min_length=1, required=True, validate=[not_blank], metadata={"pattern": NOT_BLANK_PATTERN})
    local_date = LocalDate(required=True, metadata={"description": "The day you added it (your local date)."})
    about = fields.Nested(EntryRefSchema, load_default=None, allow_none=True, metadata={
        "description": "The entry this is about, if any."})


class AgendaItemSchema(Schema):
    """Something you'd like to talk about next session. Your therapist sees its words only if you share notes."""

    id = fields.String()
    text = fields.String()
    added_on = Day()
    about = fields.Nested(EntryRefSchema, allow_none=True)
    talked_about_on = Day(allow_none=True, metadata={
        "description": "The session that took it up (then it can no longer be removed); null while open."})


class AgendaListSchema(Schema):
    items = fields.List(fields.Nested(AgendaItemSchema), required=True, metadata={
        "description": "Open items first, each oldest first; at most 30 kept (see the bounds)."})


class ReviewAgendaItemSchema(Schema):
    id = fields.String()
    added_on = Day()
    text = fields.String(allow_none=True, metadata={"description": "Only when the client shares notes."})
    text_shared = fields.Boolean()
    about = fields.Nested(EntryRefSchema, allow_none=True)
    talked_about_on = Day(allow_none=True)
