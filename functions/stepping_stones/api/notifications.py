"""The in-app inbox: every notification with its full text, for clients and therapists."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.notifications import NotificationPageSchema, NotificationQuerySchema, NotificationSchema
from ..services import notifications
from .context import ANY_ROLE, now, store
from .contract import endpoint

blueprint = Blueprint("notifications", __name__, url_prefix="/v1")


@blueprint.get("/notifications")
@endpoint(role=ANY_ROLE, query=NotificationQuerySchema, response=NotificationPageSchema)
def list_notifications(uid, query):
    """Your notifications, newest first, with their full text; follow `next_cursor` for older ones."""
    return notifications.page_of_notifications(store(), uid, **query)


@blueprint.post("/notifications/<notification_id>/read")
@endpoint(role=ANY_ROLE, response=NotificationSchema, errors=(404,))
def mark_read(uid, notification_id):
    """Mark a notification read (again is harmless: the first time read stays)."""
    return notifications.mark_read(store(), uid, notification_id, now())
