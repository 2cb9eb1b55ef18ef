"""POST /v1/sync: a phone's offline queue in one request; each operation answered as its own route would."""
from __future__ import annotations

from flask import Blueprint, current_app, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.test import EnvironBuilder

from .. import storage
from ..domain.records import EXPERIMENT
from ..errors import AppError
from ..schemas.sync import SyncRequestSchema, SyncResponseSchema
from ..services import sync
from .context import CLIENT, store
from .contract import endpoint, path_parameters_problem
from .entries import ENTRY_ROUTES
from .errors import error_response
from .request_log import SYNC_ITEM, report_unhandled

blueprint = Blueprint("sync", __name__, url_prefix="/v1")
MAX_SYNC_BODY_BYTES = 1024 * 1024  # a week of queued changes; each operation's body still has the 64 KiB limit


@blueprint.before_request
def _room_for_a_queue() -> None:
    if not request.environ.get(SYNC_ITEM):
        request.max_content_length = MAX_SYNC_BODY_BYTES


# The routes a batch may contain, and the documents each reads (for the batch's one prefetch).
_ENTRY_ENDPOINTS = {f"entries.{verb}_{kind}": kind for kind, *_ in ENTRY_ROUTES for verb in ("put", "delete")}
_OTHER_ENDPOINTS = {
    "experiments.put_outcome", "experiments.delete_outcome",
    "goals.put_goal", "goals.delete_goal", "goals.put_step", "goals.delete_step",
    "goals.mark_step_done", "goals.undo_step_done",
    "away.put_away", "away.delete_away",
    "measures.put_answer",
    "safety_plan.put_plan", "safety_plan.delete_plan",
    "suggestions.take_suggestion", "suggestions.let_go_suggestion", "notifications.mark_read",
    "agenda.put_agenda_item", "agenda.delete_agenda_item",
}
SYNCABLE = set(_ENTRY_ENDPOINTS) | _OTHER_ENDPOINTS
NOT_SYNCABLE = ("A sync batch takes only changes to entries, outcomes, goals, steps, away time, "
                "questionnaire answers, the safety plan and agenda items, answers to suggestions and inbox items "
                "marked read.")
NO_SUCH_ROUTE = "No route has exactly this path."
NOT_EXACT = "Send the route's own path: no empty segment, no extra or missing '/', no query or fragment."


def _reads(endpoint_name: str, args: dict) -> dict:
    """The documents the operation will read, when its ids are valid (others fail before reading)."""
    if path_parameters_problem(args):
        return {}
    if endpoint_name in _ENTRY_ENDPOINTS:
        return {"entries": [(_ENTRY_ENDPOINTS[endpoint_name], args["entry_id"])]}
    if endpoint_name.startswith("experiments."):
        return {"entries": [(EXPERIMENT, args["entry_id"])]}
    if endpoint_name.startswith("goals."):
        return {"goals": [args["goal_id"]]}
    if endpoint_name.startswith("measures."):
        return {"measures": True}
    if endpoint_name.startswith("safety_plan."):
        return {"safety_plan": ["mine"]}
    if endpoint_name.startswith("suggestions."):
        return {"suggestions": [args["suggestion_id"]]}
    if endpoint_name.startswith("notifications."):
        return {"outbox": [args["notification_id"]]}
    if endpoint_name.startswith("agenda."):
        return {"agenda": [args["item_id"]]}
    return {"away": [args["period_id"]]}


def _environ(operation: dict) -> dict:
    builder = EnvironBuilder(
        path=operation["path"], method=operation["method"],
        json=operation["body"] if operation["body"] is not None else None,
        headers={"Authorization": request.headers.get("Authorization", "")},
    )
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    environ[SYNC_ITEM] = True
    return environ


def _as_result(response) -> dict:
    return {"status": response.status_code, "body": response.get_json(silent=True) if response.data else None}


def _refused(response) -> sync.Change:
    result = _as_result(response)
    return sync.Change(run=lambda: result, failed=lambda _: True)


def _change(operation: dict) -> sync.Change:
    try:
        environ = _environ(operation)
    except (UnicodeError, ValueError):  # e.g. a lone surrogate, which no URL can carry
        return _refused(error_response(400, "validation_failed", "The path is not a valid address.",
                                       {"path": ["Not a URL path this API could have."]}))
    if environ.get("QUERY_STRING") or "#" in operation["path"]:
        return _refused(error_response(404, "not_found", NO_SUCH_ROUTE, {"path": [NOT_EXACT]}))
    try:
        endpoint_name, args = current_app.url_map.bind_to_environ(environ).match()
    except RequestRedirect:  # '//' or a slash too many or too few: the route is elsewhere, so not this path
        return _refused(error_response(404, "not_found", NO_SUCH_ROUTE, {"path": [NOT_EXACT]}))
    except HTTPException as error:  # no such route (404), or not with this method (405)
        return _refused(current_app.handle_user_exception(error))
    if endpoint_name not in SYNCABLE:
        return _refused(error_response(404, "not_found", NOT_SYNCABLE))

    def run() -> dict:  # may run again (the next chunk, or after contention): a fresh request each time
        with current_app.request_context(_environ(operation)):
            try:
                response = current_app.make_response(current_app.view_functions[endpoint_name](**args))
            except Exception as error:  # noqa: BLE001 - each operation gets the answer its route gives
                if storage.as_app_error(error) is not None:
                    raise  # the database is busy or down: the whole chunk is retried, or the batch is a 503
                if not isinstance(error, (AppError, ValidationError, HTTPException)):
                    report_unhandled(error, request.url_rule.rule)  # its own ERROR line with the stack trace
                response = current_app.make_response(current_app.handle_user_exception(error))
        return _as_result(response)

    return sync.Change(run=run, failed=lambda result: result["status"] >= 400, reads=_reads(endpoint_name, args))


@blueprint.post("/sync")
@endpoint(role=CLIENT, body=SyncRequestSchema, response=SyncResponseSchema)
def sync_operations(uid, body):
    """Apply up to 100 queued changes at once; `results[i]` is what the single route answers for `operations[i]`."""
    changes = [_safe_change(operation) for operation in body["operations"]]
    return {"results": sync.apply_batch(store(), uid, changes)}


def _safe_change(operation: dict) -> sync.Change:
    """The operation's change; whatever goes wrong reading it stays that operation's answer."""
    try:
        return _change(operation)
    except Exception as error:  # noqa: BLE001 - one odd item must not fail the batch; logged as the bug it is
        report_unhandled(error, "/v1/sync operation")
        return _refused(error_response(500, "internal", "This operation could not be read; the others went on."))
