"""Per-request access to settings, store, clock and the authenticated caller."""
from __future__ import annotations

from datetime import datetime

from flask import current_app, g, request

from ..auth import Caller, require_role, require_verified_email, verify_bearer
from ..config import Config
from ..firebase_app import get_firebase_app
from ..services.erasure import refuse_if_erased
from ..storage import Store, get_store
from .request_log import SYNC_ITEM

CLIENT, THERAPIST = "client", "therapist"


def settings() -> Config:
    return current_app.config["SETTINGS"]


def store() -> Store:
    return get_store(settings())


def now() -> datetime:
    """The current instant (timezone-aware); tests substitute the clock in the app config."""
    return current_app.config["CLOCK"]()


def caller() -> Caller:
    """The signed-in user of this request, verified once per request."""
    if "caller" not in g:
        g.caller = verify_bearer(request.headers.get("Authorization"), get_firebase_app(settings()))
    return g.caller


ANY_ROLE = "any"
# The routes an erased account may still call: asking again, and reading the erasure's progress.
ERASURE_ENDPOINTS = frozenset({"my_data.erase", "my_data.erasure_status"})


def uid_with_role(role: str) -> str:
    """The caller's uid when the caller has `role` ("any": either role); 401 without a valid token,
    403 with another role or on a therapist route without a verified email when that is required,
    410 when the account was erased (one read: the erasure record)."""
    user = caller()
    if role != ANY_ROLE:
        require_role(user, role)
    if role == THERAPIST and settings().require_verified_email:
        require_verified_email(user)
    if request.endpoint not in ERASURE_ENDPOINTS and not request.environ.get(SYNC_ITEM):
        refuse_if_erased(store(), user.uid, user.auth_time)  # a sync batch checked once for all its items
    return user.uid
