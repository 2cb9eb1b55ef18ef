"""Linking with consent: therapists issue invites; clients link, choose what to share, and unlink."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.therapists import (
    InvitePreviewQuerySchema,
    InvitePreviewSchema,
    InviteSchema,
    LinkListSchema,
    LinkRequestSchema,
    LinkSchema,
    SharingChangeSchema,
)
from ..services import links
from .context import CLIENT, THERAPIST, now, settings, store
from .contract import endpoint

blueprint = Blueprint("links", __name__, url_prefix="/v1")


@blueprint.post("/invites")
@endpoint(role=THERAPIST, response=InviteSchema, statuses=(201,))
def create_invite(uid):
    """Create a single-use invite code for a client, valid for 72 hours."""
    return links.create_invite(store(), uid, now()), 201


@blueprint.get("/invites/<code>")
@endpoint(role=CLIENT, query=InvitePreviewQuerySchema, response=InvitePreviewSchema, errors=(404, 410, 429))
def preview_invite(uid, code, query):
    """Whose code this is and exactly what they would see, before you link with it (counted like a
    link attempt); 404 unknown or used, 410 expired, 400 your own code."""
    return links.preview_invite(store(), uid, code, query["share_notes"], now(),
                                budget=settings().invite_attempt_budget)


@blueprint.post("/links")
@endpoint(role=CLIENT, body=LinkRequestSchema, response=LinkSchema, statuses=(201, 200), errors=(409, 429))
def link_to_therapist(uid, body):
    """Link to the therapist who gave you this code (201); the answer says exactly what they will see.
    Sending the same code again after a lost response answers 200 with the link as it is; your own
    code (a uid holding both roles) is a 400."""
    link, created = links.link_with_code(store(), uid, body["code"], body["share_notes"], now(),
                                         budget=settings().invite_attempt_budget)
    return link, 201 if created else 200


@blueprint.get("/links")
@endpoint(role=CLIENT, response=LinkListSchema)
def list_links(uid):
    """The therapists you are linked to, and what each can see."""
    return {"items": links.list_links(store(), uid)}


@blueprint.patch("/links/<therapist_uid>")
@endpoint(role=CLIENT, body=SharingChangeSchema, response=LinkSchema, errors=(404,))
def change_sharing(uid, therapist_uid, body):
    """Change whether this therapist may read your free-text notes."""
    return links.change_sharing(store(), uid, therapist_uid, body["share_notes"])


@blueprint.delete("/links/<therapist_uid>")
@endpoint(role=CLIENT, statuses=(204,), errors=(404,))
def unlink_therapist(uid, therapist_uid):
    """End the link: this therapist's access ends at once."""
    links.unlink(store(), therapist_uid, uid, asked_by_client=True)
    return None, 204
