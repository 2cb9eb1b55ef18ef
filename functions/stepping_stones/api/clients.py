"""A therapist's linked clients: the list, sessions, the review, entries, goals, win reviews and acknowledged moments."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.progress import GoalQuerySchema
from ..schemas.suggestions import NoteBodySchema
from ..schemas.therapists import (
    ClientEntriesQuerySchema,
    ClientGoalListSchema,
    ClientListSchema,
    MomentAcknowledgedSchema,
    ReviewQuerySchema,
    ReviewSchema,
    SessionBodySchema,
    SessionListSchema,
    SessionSchema,
    WinReviewBodySchema,
    WinReviewSchema,
)
from ..schemas.timeline import TimelinePageSchema
from ..services import clients, links, review
from .context import THERAPIST, now, store
from .contract import endpoint

blueprint = Blueprint("clients", __name__, url_prefix="/v1")


@blueprint.get("/clients")
@endpoint(role=THERAPIST, response=ClientListSchema)
def list_clients(uid):
    """Your linked clients at a glance: status, adherence, wins to look at, open signals."""
    return {"items": clients.client_list(store(), uid, now())}


@blueprint.delete("/clients/<client_uid>")
@endpoint(role=THERAPIST, statuses=(204,), errors=(404,))
def unlink_client(uid, client_uid):
    """End the link with this client."""
    links.unlink(store(), uid, client_uid, asked_by_client=False)
    return None, 204


@blueprint.put("/clients/<client_uid>/sessions/<day>")
@endpoint(role=THERAPIST, body=SessionBodySchema, response=SessionSchema, statuses=(201, 200), errors=(404,))
def record_session(uid, client_uid, day, body):
    """Record a session on a date as held, cancelled or missed, with an optional note private to you."""
    session, created = clients.record_session(store(), uid, client_uid, day, body["note"], now(), body["state"])
    return session, 201 if created else 200


@blueprint.get("/clients/<client_uid>/sessions")
@endpoint(role=THERAPIST, response=SessionListSchema, errors=(404,))
def list_sessions(uid, client_uid):
    """Recorded sessions with this client, latest first."""
    return {"items": clients.list_sessions(store(), uid, client_uid)}


@blueprint.get("/clients/<client_uid>/review")
@endpoint(role=THERAPIST, query=ReviewQuerySchema, response=ReviewSchema, errors=(404,))
def get_review(uid, client_uid, query):
    """The time since the last session: counts, mood trend, experiments, wins and engagement signals."""
    return review.client_review(store(), uid, client_uid, now(), **query)


@blueprint.get("/clients/<client_uid>/entries")
@endpoint(role=THERAPIST, query=ClientEntriesQuerySchema, response=TimelinePageSchema, errors=(404,))
def list_client_entries(uid, client_uid, query):
    """The client's entries newest first; free text only when they share it with you."""
    return clients.client_entries(store(), uid, client_uid, now(), **query)


@blueprint.get("/clients/<client_uid>/goals")
@endpoint(role=THERAPIST, query=GoalQuerySchema, response=ClientGoalListSchema, errors=(404,))
def list_client_goals(uid, client_uid, query):
    """The client's goals with their micro-steps, a page at a time; their words only when they share them with you."""
    return clients.client_goals(store(), uid, client_uid, now(), **query)


@blueprint.post("/clients/<client_uid>/wins/<win_id>/review")
@endpoint(role=THERAPIST, body=WinReviewBodySchema, response=WinReviewSchema, errors=(404, 409, 410))
def review_win(uid, client_uid, win_id, body):
    """Mark a micro-win reviewed, with an optional note that reaches the client's inbox (retrying is harmless)."""
    return clients.review_win(store(), uid, client_uid, win_id, body["note"], now())


@blueprint.post("/clients/<client_uid>/moments/<day>/acknowledge")
@endpoint(role=THERAPIST, body=NoteBodySchema, response=MomentAcknowledgedSchema, errors=(404, 409, 410))
def acknowledge_moment(uid, client_uid, day, body):
    """Mark a moment to ask about acknowledged, with an optional note to the client (retrying is harmless)."""
    return clients.acknowledge_moment(store(), uid, client_uid, day, now(), body["note"])
