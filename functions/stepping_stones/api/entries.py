"""Check-ins, moods, breathing practices and experiments: PUT, GET and DELETE by phone-chosen id."""
from __future__ import annotations

from flask import Blueprint

from ..domain.records import BREATHING, CHECKIN, EXPERIMENT, MOOD
from ..schemas.entries import (
    BreathingInputSchema,
    BreathingSchema,
    CheckInInputSchema,
    CheckInSchema,
    ExperimentInputSchema,
    ExperimentSchema,
    MoodInputSchema,
    MoodSchema,
)
from ..services import entries
from .context import CLIENT, now, store
from .contract import endpoint

blueprint = Blueprint("entries", __name__, url_prefix="/v1")

# kind, URL collection, body schema, response schema, what a person calls it
ENTRY_ROUTES = (
    (CHECKIN, "checkins", CheckInInputSchema, CheckInSchema, "check-in"),
    (MOOD, "moods", MoodInputSchema, MoodSchema, "mood entry"),
    (BREATHING, "breathing", BreathingInputSchema, BreathingSchema, "breathing practice"),
    (EXPERIMENT, "experiments", ExperimentInputSchema, ExperimentSchema, "strength experiment"),
)


def _register(kind: str, collection: str, body_schema, schema, label: str) -> None:
    rule = f"/{collection}/<entry_id>"

    @endpoint(role=CLIENT, body=body_schema, response=schema, statuses=(201, 200), errors=(404, 409))
    def put_entry(uid, entry_id, body):
        saved = entries.put_entry(store(), uid, kind, entry_id, body, now())
        return saved.view(), 201 if saved.created else 200

    @endpoint(role=CLIENT, response=schema, errors=(404,))
    def get_entry(uid, entry_id):
        return entries.get_entry(store(), uid, kind, entry_id, now())

    @endpoint(role=CLIENT, statuses=(204,), errors=(404,))
    def delete_entry(uid, entry_id):
        entries.delete_entry(store(), uid, kind, entry_id, now())
        return None, 204

    put_entry.__doc__ = f"Create (201) or correct (200) the {label} with this id; an identical retry changes nothing."
    get_entry.__doc__ = f"Read one {label}."
    delete_entry.__doc__ = f"Delete the {label} with this id."
    blueprint.add_url_rule(rule, f"put_{kind}", put_entry, methods=["PUT"])
    blueprint.add_url_rule(rule, f"get_{kind}", get_entry, methods=["GET"])
    blueprint.add_url_rule(rule, f"delete_{kind}", delete_entry, methods=["DELETE"])


for _route in ENTRY_ROUTES:
    _register(*_route)
