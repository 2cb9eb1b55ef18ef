"""Your own data: who read it, all of it as an export in pages, and erasing it."""
from __future__ import annotations

import time

from flask import Blueprint, Response, after_this_request

from ..auth_users import sign_in_deleter
from ..schemas.my_data import ErasureSchema, ExportQuerySchema
from ..schemas.therapists import AccessLogPageSchema, AccessLogQuerySchema, EraseSchema
from ..services import audit, erasure, my_data
from .context import ANY_ROLE, CLIENT, caller, now, settings, store
from .contract import endpoint

blueprint = Blueprint("my_data", __name__, url_prefix="/v1")


@blueprint.get("/me/access-log")
@endpoint(role=CLIENT, query=AccessLogQuerySchema, response=AccessLogPageSchema)
def access_log(uid, query):
    """Every time a therapist read your data: who, what and when, newest first."""
    return audit.page_of_access_log(store(), uid, **query)


@blueprint.get("/me/export")
@endpoint(role=ANY_ROLE, query=ExportQuerySchema)
def export(uid, query):
    """Everything stored about you, a page of NDJSON lines at a time; the last page ends with the count and checksum."""
    lines = my_data.export_page(store(), uid, caller().role, now(), query["cursor"], settings().export_cursor_key)
    return Response("".join(line + "\n" for line in lines), mimetype="application/x-ndjson",
                    headers={"Content-Disposition": "attachment; filename=stepping-stones-export.ndjson"})


@blueprint.delete("/me")
@endpoint(role=ANY_ROLE, body=EraseSchema, response=ErasureSchema, statuses=(200, 202))
def erase(uid, body):
    """Erase every document about you and every link to you (send {"confirm": "DELETE"}): 200 when
    done, 202 when the rest continues in the background (follow `status_url`)."""
    deadline = time.monotonic() + erasure.INLINE_SECONDS
    view, done = erasure.request_erasure(store(), uid, caller().role, body["confirm"], now(),
                                         sign_in_deleter(settings()), lambda: deadline - time.monotonic(),
                                         signed_in_at=caller().auth_time)
    if done:
        return view, 200

    @after_this_request
    def point_to_status(response):
        response.headers["Location"] = erasure.STATUS_PATH
        return response

    return view, 202


@blueprint.get("/me/erasure")
@endpoint(role=ANY_ROLE, response=ErasureSchema, errors=(404,))
def erasure_status(uid):
    """Where the erasure of your account stands (answers with the token you erased it with)."""
    return erasure.erasure_status(store(), uid)
