"""The client's safety plan, and a linked therapist's read of it while the client shares it."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.safety_plan import ClientSafetyPlanSchema, SafetyPlanInputSchema, SafetyPlanSchema
from ..services import safety_plan
from .context import CLIENT, THERAPIST, now, store
from .contract import endpoint

blueprint = Blueprint("safety_plan", __name__, url_prefix="/v1")


@blueprint.get("/me/safety-plan")
@endpoint(role=CLIENT, response=SafetyPlanSchema, errors=(404,))
def get_plan(uid):
    """Your safety plan (404 until you write one)."""
    return safety_plan.get_plan(store(), uid)


@blueprint.put("/me/safety-plan")
@endpoint(role=CLIENT, body=SafetyPlanInputSchema, response=SafetyPlanSchema, statuses=(201, 200), errors=(409,))
def put_plan(uid, body):
    """Write (201) or replace (200) your whole safety plan; sending the same plan again changes nothing."""
    plan, created = safety_plan.put_plan(store(), uid, body, now())
    return plan, 201 if created else 200


@blueprint.delete("/me/safety-plan")
@endpoint(role=CLIENT, statuses=(204,), errors=(404, 409))
def delete_plan(uid):
    """Delete your safety plan."""
    safety_plan.delete_plan(store(), uid)
    return None, 204


@blueprint.get("/clients/<client_uid>/safety-plan")
@endpoint(role=THERAPIST, response=ClientSafetyPlanSchema, errors=(404,))
def get_client_plan(uid, client_uid):
    """The client's safety plan only while they share it with you; otherwise only that they keep it private."""
    return safety_plan.plan_for_therapist(store(), uid, client_uid, now())
