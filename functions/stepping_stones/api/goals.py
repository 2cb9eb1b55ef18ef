"""Goals and their micro-steps."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.progress import GoalInputSchema, GoalListSchema, GoalSchema, StepDoneSchema, StepInputSchema
from ..services import goals
from .context import CLIENT, now, store
from .contract import endpoint

blueprint = Blueprint("goals", __name__, url_prefix="/v1")


@blueprint.get("/goals")
@endpoint(role=CLIENT, response=GoalListSchema)
def list_goals(uid):
    """Your goals, each with its steps, progress and next step."""
    return {"items": goals.list_goals(store(), uid)}


@blueprint.put("/goals/<goal_id>")
@endpoint(role=CLIENT, body=GoalInputSchema, response=GoalSchema, statuses=(201, 200), errors=(409,))
def put_goal(uid, goal_id, body):
    """Create (201) or correct (200) a goal: what it is and the value it serves."""
    doc, created = goals.put_goal(store(), uid, goal_id, body, now())
    return goals.goal_view(doc), 201 if created else 200


@blueprint.delete("/goals/<goal_id>")
@endpoint(role=CLIENT, statuses=(204,), errors=(404,))
def delete_goal(uid, goal_id):
    """Delete a goal and its steps."""
    goals.delete_goal(store(), uid, goal_id, now())
    return None, 204


@blueprint.put("/goals/<goal_id>/steps/<step_id>")
@endpoint(role=CLIENT, body=StepInputSchema, response=GoalSchema, statuses=(201, 200), errors=(404, 409))
def put_step(uid, goal_id, step_id, body):
    """Create (201) or correct (200) a micro-step; `done_when` says how you will know it is done."""
    doc, created = goals.put_step(store(), uid, goal_id, step_id, body, now())
    return goals.goal_view(doc), 201 if created else 200


@blueprint.delete("/goals/<goal_id>/steps/<step_id>")
@endpoint(role=CLIENT, response=GoalSchema, errors=(404,))
def delete_step(uid, goal_id, step_id):
    """Remove a micro-step from its goal."""
    return goals.goal_view(goals.delete_step(store(), uid, goal_id, step_id, now()))


@blueprint.post("/goals/<goal_id>/steps/<step_id>/done")
@endpoint(role=CLIENT, body=StepDoneSchema, response=GoalSchema, errors=(404, 409))
def mark_step_done(uid, goal_id, step_id, body):
    """Mark a micro-step done on a local date (retrying is harmless)."""
    return goals.goal_view(goals.mark_step_done(store(), uid, goal_id, step_id, body, now()))


@blueprint.delete("/goals/<goal_id>/steps/<step_id>/done")
@endpoint(role=CLIENT, statuses=(204,), errors=(404,))
def undo_step_done(uid, goal_id, step_id):
    """Undo marking a micro-step done."""
    goals.undo_step_done(store(), uid, goal_id, step_id, now())
    return None, 204
