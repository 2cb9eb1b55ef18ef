"""Strength experiments beyond PUT/GET/DELETE: their outcomes and the list with statuses."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.common import PageQuerySchema
from ..schemas.entries import ExperimentListSchema, ExperimentSchema, OutcomeInputSchema
from ..services import entries
from .context import CLIENT, now, store
from .contract import endpoint

blueprint = Blueprint("experiments", __name__, url_prefix="/v1")


@blueprint.get("/experiments")
@endpoint(role=CLIENT, query=PageQuerySchema, response=ExperimentListSchema, errors=(409,))
def list_experiments(uid, query):
    """List your experiments, latest planned first, each with its status: planned, done or lapsed; a page at a time."""
    return entries.list_experiments(store(), uid, now(), query["limit"], query["cursor"])


@blueprint.put("/experiments/<entry_id>/outcome")
@endpoint(role=CLIENT, body=OutcomeInputSchema, response=ExperimentSchema, statuses=(201, 200), errors=(404, 409))
def put_outcome(uid, entry_id, body):
    """Record (201) or correct (200) what happened when you tried the experiment."""
    saved = entries.put_outcome(store(), uid, entry_id, body, now())
    return saved.view(), 201 if saved.created else 200


@blueprint.delete("/experiments/<entry_id>/outcome")
@endpoint(role=CLIENT, statuses=(204,), errors=(404,))
def delete_outcome(uid, entry_id):
    """Remove a recorded outcome; the experiment goes back to planned."""
    entries.delete_outcome(store(), uid, entry_id, now())
    return None, 204
