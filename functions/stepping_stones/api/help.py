"""Where help is: the deployer's crisis lines, public and cacheable so the app keeps them offline."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.help import HelpQuerySchema, HelpSchema
from ..services import help as crisis_help
from .context import settings
from .contract import endpoint

blueprint = Blueprint("help", __name__, url_prefix="/v1")
CACHE_FOR = "public, max-age=86400"  # a day: the file changes only with a deploy


@blueprint.get("/help")
@endpoint(role=None, query=HelpQuerySchema, response=HelpSchema, errors=(404,))
def get_help(query):
    """Crisis lines by country, without signing in; this app is not watched in real time."""
    return crisis_help.get_help(settings().crisis_resources_file, query["country"], query["zone"], query["language"])


@blueprint.after_request
def cacheable(response):
    """Public, so any cache may keep it; errors are not kept."""
    if response.status_code == 200:
        response.headers["Cache-Control"] = CACHE_FOR
    return response
