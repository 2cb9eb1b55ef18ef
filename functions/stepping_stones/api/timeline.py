"""The timeline of every kind of entry, newest first."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.timeline import TimelinePageSchema, TimelineQuerySchema
from ..services import timeline
from .context import CLIENT, now, store
from .contract import endpoint

blueprint = Blueprint("timeline", __name__, url_prefix="/v1")


@blueprint.get("/timeline")
@endpoint(role=CLIENT, query=TimelineQuerySchema, response=TimelinePageSchema, errors=(409,))
def get_timeline(uid, query):
    """Your entries of every kind merged, newest first; follow `next_cursor` for older ones."""
    return timeline.page_of_timeline(store(), uid, now(), **query)
