"""Suggestions: a therapist offers a micro-step, a strength experiment or a goal; the client takes it or lets it go."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.suggestions import SuggestionInputSchema, SuggestionListSchema, SuggestionSchema, TakeSuggestionSchema
from ..services import suggestions
from .context import CLIENT, THERAPIST, now, store
from .contract import endpoint

blueprint = Blueprint("suggestions", __name__, url_prefix="/v1")


@blueprint.put("/clients/<client_uid>/suggestions/<suggestion_id>")
@endpoint(role=THERAPIST, body=SuggestionInputSchema, response=SuggestionSchema, statuses=(201, 200),
          errors=(404, 409, 410))
def put_suggestion(uid, client_uid, suggestion_id, body):
    """Suggest a step, experiment or goal (201); the same id again answers it as it stands (200)."""
    view, created = suggestions.put_suggestion(store(), uid, client_uid, suggestion_id, body, now())
    return view, 201 if created else 200


@blueprint.get("/clients/<client_uid>/suggestions")
@endpoint(role=THERAPIST, response=SuggestionListSchema, errors=(404,))
def list_client_suggestions(uid, client_uid):
    """Your suggestions to this client, newest first: open, taken or not taken."""
    return {"items": suggestions.suggestions_for_therapist(store(), uid, client_uid, now())}


@blueprint.get("/me/suggestions")
@endpoint(role=CLIENT, response=SuggestionListSchema)
def list_my_suggestions(uid):
    """Suggestions waiting for your answer; none is yours until you take it."""
    return {"items": suggestions.open_suggestions(store(), uid)}


@blueprint.post("/me/suggestions/<suggestion_id>/take")
@endpoint(role=CLIENT, body=TakeSuggestionSchema, response=SuggestionSchema, errors=(404, 409))
def take_suggestion(uid, suggestion_id, body):
    """Take a suggestion as it is (an empty body) or as you changed it; it becomes your own (again is harmless)."""
    return suggestions.take(store(), uid, suggestion_id, body, now())


@blueprint.post("/me/suggestions/<suggestion_id>/let-go")
@endpoint(role=CLIENT, response=SuggestionSchema, errors=(404, 409))
def let_go_suggestion(uid, suggestion_id):
    """Let a suggestion go: nothing is added (again is harmless)."""
    return suggestions.let_go(store(), uid, suggestion_id, now())
