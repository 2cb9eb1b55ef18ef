"""A therapist's rhythm with a client: the next session, and private reflections beside a session or a moment."""
from __future__ import annotations

from flask import Blueprint

from ..domain.sessions import MOMENT, SESSION
from ..schemas.sessions import (
    NextSessionBodySchema,
    NextSessionSchema,
    ReflectionBodySchema,
    ReflectionListSchema,
    ReflectionSchema,
)
from ..services import sessions
from .context import THERAPIST, now, store
from .contract import endpoint

blueprint = Blueprint("sessions", __name__, url_prefix="/v1")


@blueprint.put("/clients/<client_uid>/next-session")
@endpoint(role=THERAPIST, body=NextSessionBodySchema, response=NextSessionSchema, errors=(404,))
def set_next_session(uid, client_uid, body):
    """Set the next session's date, and whether the client's app shows it."""
    return sessions.set_next_session(store(), uid, client_uid, body)


@blueprint.delete("/clients/<client_uid>/next-session")
@endpoint(role=THERAPIST, statuses=(204,), errors=(404,))
def clear_next_session(uid, client_uid):
    """Clear the next session's date (the client's app stops showing it)."""
    sessions.set_next_session(store(), uid, client_uid, None)
    return None, 204


def _put(uid, client_uid, kind, day, body):
    view, created = sessions.put_reflection(store(), uid, client_uid, kind, day, body, now())
    if view is None:
        return None, 204
    return view, 201 if created else 200


@blueprint.put("/clients/<client_uid>/sessions/<day>/reflection")
@endpoint(role=THERAPIST, body=ReflectionBodySchema, response=ReflectionSchema, statuses=(201, 200, 204), errors=(404,))
def put_session_reflection(uid, client_uid, day, body):
    """Keep your private reflection beside a session (all prompts empty: 204, deleted)."""
    return _put(uid, client_uid, SESSION, day, body)


@blueprint.put("/clients/<client_uid>/moments/<day>/reflection")
@endpoint(role=THERAPIST, body=ReflectionBodySchema, response=ReflectionSchema, statuses=(201, 200, 204), errors=(404,))
def put_moment_reflection(uid, client_uid, day, body):
    """Keep your private reflection beside a moment (all prompts empty: 204, deleted)."""
    return _put(uid, client_uid, MOMENT, day, body)


@blueprint.get("/clients/<client_uid>/reflections")
@endpoint(role=THERAPIST, response=ReflectionListSchema, errors=(404,))
def list_reflections(uid, client_uid):
    """Your private reflections about this client, latest first: yours alone, never the client's."""
    return {"items": sessions.list_reflections(store(), uid, client_uid)}
