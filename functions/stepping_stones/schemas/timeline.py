"""The timeline: query arguments and a page of entries of every kind."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validates_schema

from ..domain.records import ENTRY_KINDS
from .common import LocalDate, PageQuerySchema
from .entries import BreathingSchema, CheckInSchema, ExperimentSchema, MoodSchema


class KindList(fields.String):
    """Comma-separated entry kinds, e.g. `checkin,breathing`."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        kinds = tuple(part.strip() for part in text.split(",") if part.strip())
        unknown = sorted(set(kinds) - set(ENTRY_KINDS))
        if not kinds or unknown:
            raise ValidationError(f"Use a comma-separated list of: {', '.join(ENTRY_KINDS)}.")
        return kinds


class TimelineQuerySchema(PageQuerySchema):
    from_date = LocalDate(data_key="from", load_default=None, metadata={"description": "First local date."})
    to_date = LocalDate(data_key="to", load_default=None, metadata={"description": "Last local date."})
    kinds = KindList(load_default=None, metadata={
        "description": f"Comma-separated, of: {', '.join(ENTRY_KINDS)}.",
        "pattern": f"^({'|'.join(ENTRY_KINDS)})(,({'|'.join(ENTRY_KINDS)}))*$"})

    @validates_schema
    def _ordered_range(self, data, **kwargs):
        if data.get("from_date") and data.get("to_date") and data["from_date"] > data["to_date"]:
            raise ValidationError("'from' must not be after 'to'.", "from")


class TimelineItemSchema(Schema):
    """One entry of any kind; `kind` says which of the kind-specific fields are present."""

    def dump(self, obj, *, many=None):
        schema = ITEM_SCHEMAS[obj["kind"]]
        return schema.dump(obj)


ITEM_SCHEMAS = {
    "checkin": CheckInSchema(), "mood": MoodSchema(), "breathing": BreathingSchema(), "experiment": ExperimentSchema(),
}


class TimelinePageSchema(Schema):
    items = fields.List(fields.Nested(TimelineItemSchema), required=True)
    next_cursor = fields.String(allow_none=True, metadata={"description": "Pass as `cursor` for the next page."})
