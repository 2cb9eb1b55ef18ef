"""Your own data: who read it, all of it as one JSON document, and erasing it."""
from __future__ import annotations

from flask import Blueprint, Response, stream_with_context

from ..schemas.therapists import AccessLogPageSchema, AccessLogQuerySchema, EraseSchema, ErasedSchema
from ..services import audit, my_data
from .context import ANY_ROLE, CLIENT, caller, now, store
from .contract import endpoint

blueprint = Blueprint("my_data", __name__, url_prefix="/v1")


@blueprint.get("/me/access-log")
@endpoint(role=CLIENT, query=AccessLogQuerySchema, response=AccessLogPageSchema)
def access_log(uid, query):
    """Every time a therapist read your data: who, what and when, newest first."""
    return audit.page_of_access_log(store(), uid, **query)


@blueprint.get("/me/export")
@endpoint(role=ANY_ROLE)
def export(uid):
    """Everything stored about you as one JSON document (streamed)."""
    chunks = my_data.export_chunks(store(), uid, caller().role, now())
    return Response(stream_with_context(chunks), mimetype="application/json",
                    headers={"Content-Disposition": "attachment; filename=stepping-stones-export.json"})


@blueprint.delete("/me")
@endpoint(role=ANY_ROLE, body=EraseSchema, response=ErasedSchema)
def erase(uid, body):
    """Erase every document about you and every link to you (send {"confirm": "DELETE"})."""
    return {"deleted_documents": my_data.erase_everything(store(), uid, caller().role, body["confirm"])}
