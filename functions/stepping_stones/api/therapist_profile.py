"""The therapist's own profile: GET and PUT /v1/therapist/profile."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.therapist_profile import TherapistProfileInputSchema, TherapistProfileSchema
from ..services import digests
from .context import THERAPIST, now, store
from .contract import endpoint

blueprint = Blueprint("therapist_profile", __name__, url_prefix="/v1")


@blueprint.get("/therapist/profile")
@endpoint(role=THERAPIST, response=TherapistProfileSchema, errors=(404,))
def get_therapist_profile(uid):
    """Read your therapist profile."""
    return digests.get_therapist_profile(store(), uid)


@blueprint.put("/therapist/profile")
@endpoint(role=THERAPIST, body=TherapistProfileInputSchema, response=TherapistProfileSchema, statuses=(200, 201))
def put_therapist_profile(uid, body):
    """Create (201) or replace (200) your profile: name, time zone, and when the weekly digest comes."""
    profile, created = digests.save_therapist_profile(store(), uid, body, now())
    return profile, 201 if created else 200
