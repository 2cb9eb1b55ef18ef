"""The client's agenda: things they'd like to talk about next session."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.sessions import AgendaItemInputSchema, AgendaItemSchema, AgendaListSchema
from ..services import agenda
from .context import CLIENT, now, store
from .contract import endpoint

blueprint = Blueprint("agenda", __name__, url_prefix="/v1")


@blueprint.get("/me/agenda")
@endpoint(role=CLIENT, response=AgendaListSchema)
def list_agenda(uid):
    """What you'd like to talk about next session, open items first."""
    return {"items": agenda.list_items(store(), uid)}


@blueprint.put("/me/agenda/<item_id>")
@endpoint(role=CLIENT, body=AgendaItemInputSchema, response=AgendaItemSchema, statuses=(201, 200), errors=(409,))
def put_agenda_item(uid, item_id, body):
    """Add (201) or reword (200) "I'd like to talk about this"; your therapist sees its words only if you share notes."""
    view, created = agenda.put_item(store(), uid, item_id, body, now())
    return view, 201 if created else 200


@blueprint.delete("/me/agenda/<item_id>")
@endpoint(role=CLIENT, statuses=(204,), errors=(404, 409))
def delete_agenda_item(uid, item_id):
    """Remove an item before a session takes it up."""
    agenda.delete_item(store(), uid, item_id, now())
    return None, 204
