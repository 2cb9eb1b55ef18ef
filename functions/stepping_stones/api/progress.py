"""The client's summary and micro-wins."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.progress import SummarySchema, WinPageSchema, WinQuerySchema
from ..services import summary, wins
from .context import CLIENT, now, store
from .contract import endpoint

blueprint = Blueprint("progress", __name__, url_prefix="/v1")


@blueprint.get("/summary")
@endpoint(role=CLIENT, response=SummarySchema, errors=(409,))
def get_summary(uid):
    """Your progress as of your own today: streaks, habit strength, counts, breathing, mood, experiments."""
    return summary.read_summary(store(), uid, now())


@blueprint.get("/wins")
@endpoint(role=CLIENT, query=WinQuerySchema, response=WinPageSchema)
def list_wins(uid, query):
    """Your micro-wins, newest first; follow `next_cursor` for older ones."""
    return wins.page_of_wins(store(), uid, **query)
