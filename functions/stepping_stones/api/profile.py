"""The client's own profile: GET and PUT /v1/me."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.profile import ProfileInputSchema, ProfileSchema
from ..services import profile as profiles
from .context import CLIENT, now, store
from .contract import endpoint

blueprint = Blueprint("profile", __name__, url_prefix="/v1")


@blueprint.get("/me")
@endpoint(role=CLIENT, response=ProfileSchema, errors=(409,))
def get_me(uid):
    """Read your profile."""
    return profiles.get_profile(store(), uid)


@blueprint.put("/me")
@endpoint(role=CLIENT, body=ProfileInputSchema, response=ProfileSchema, statuses=(200, 201))
def put_me(uid, body):
    """Create (201) or replace (200) your profile: name, time zone, reminder time, quiet hours."""
    profile, created = profiles.save_profile(store(), uid, CLIENT, body, now())
    return profile, 201 if created else 200
