"""What helps me: the client's own patterns over the last year, past honest minimums."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.what_helps import WhatHelpsSchema
from ..services import what_helps
from .context import CLIENT, now, store
from .contract import endpoint

blueprint = Blueprint("what_helps", __name__, url_prefix="/v1")


@blueprint.get("/me/what-helps")
@endpoint(role=CLIENT, response=WhatHelpsSchema, errors=(409,))
def get_what_helps(uid):
    """What went together in your last year (stress by technique, mood with a practice, strengths, predictions), and your mood a day."""
    return what_helps.read_what_helps(store(), uid, now())
