"""Away time: streaks and adherence pause, and so do reminders."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.progress import AwayInputSchema, AwayListSchema, AwaySchema
from ..services import away
from .context import CLIENT, now, store
from .contract import endpoint

blueprint = Blueprint("away", __name__, url_prefix="/v1")


@blueprint.get("/me/away")
@endpoint(role=CLIENT, response=AwayListSchema)
def list_away(uid):
    """Your away periods, earliest first."""
    return {"items": away.list_away(store(), uid)}


@blueprint.put("/me/away/<period_id>")
@endpoint(role=CLIENT, body=AwayInputSchema, response=AwaySchema, statuses=(201, 200), errors=(409,))
def put_away(uid, period_id, body):
    """Create (201) or correct (200) a period away (local dates, both inclusive)."""
    view, created = away.put_away(store(), uid, period_id, body, now())
    return view, 201 if created else 200


@blueprint.delete("/me/away/<period_id>")
@endpoint(role=CLIENT, statuses=(204,), errors=(404,))
def delete_away(uid, period_id):
    """Delete a period away."""
    away.delete_away(store(), uid, period_id, now())
    return None, 204
