"""Former clients: the session notes a therapist keeps about clients who erased their accounts."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.former_clients import FormerClientListSchema
from ..services import former_clients
from .context import THERAPIST, store
from .contract import endpoint

blueprint = Blueprint("former_clients", __name__, url_prefix="/v1")


@blueprint.get("/former-clients")
@endpoint(role=THERAPIST, response=FormerClientListSchema)
def list_former_clients(uid):
    """Clients who erased their accounts, under the name you knew, with your own session notes; latest first."""
    return {"items": former_clients.former_clients(store(), uid)}
