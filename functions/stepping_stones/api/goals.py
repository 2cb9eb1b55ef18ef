"""Goals and their micro-steps."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.progress import (
    GoalInputSchema,
    GoalListSchema,
    GoalOutlineSchema,
    GoalQuerySchema,
    StepDoneSchema,
    StepInputSchema,
    StepSchema,
)
from ..services import goals
from .context import CLIENT, now, store
from .contract import endpoint

blueprint = Blueprint("goals", __name__, url_prefix="/v1")


@blueprint.get("/goals")
@endpoint(role=CLIENT, query=GoalQuerySchema, response=GoalListSchema)
def list_goals(uid, query):
    """Your goals, each with its steps, progress and next step, a page at a time (in id order)."""
    return goals.list_goals(store(), uid, query["limit"], query["cursor"])


@blueprint.put("/goals/<goal_id>")
@endpoint(role=CLIENT, body=GoalInputSchema, response=GoalOutlineSchema, statuses=(201, 200), errors=(409,))
def put_goal(uid, goal_id, body):
    """Create (201) or correct (200) a goal: what it is and the value it serves (answered without its steps)."""
    goal, created = goals.put_goal(store(), uid, goal_id, body, now())
    return goals.goal_outline(goal), 201 if created else 200


@blueprint.delete("/goals/<goal_id>")
@endpoint(role=CLIENT, statuses=(204,), errors=(404,))
def delete_goal(uid, goal_id):
    """Delete a goal and its steps."""
    goals.delete_goal(store(), uid, goal_id, now())
    return None, 204


@blueprint.put("/goals/<goal_id>/steps/<step_id>")
@endpoint(role=CLIENT, body=StepInputSchema, response=StepSchema, statuses=(201, 200), errors=(404, 409))
def put_step(uid, goal_id, step_id, body):
    """Create (201) or correct (200) a micro-step; `done_when` says how you will know it is done. Answers the step."""
    goal, created = goals.put_step(store(), uid, goal_id, step_id, body, now())
    return goals.step_view(goal, step_id), 201 if created else 200


@blueprint.delete("/goals/<goal_id>/steps/<step_id>")
@endpoint(role=CLIENT, statuses=(204,), errors=(404,))
def delete_step(uid, goal_id, step_id):
    """Remove a micro-step from its goal."""
    goals.delete_step(store(), uid, goal_id, step_id, now())
    return None, 204


@blueprint.post("/goals/<goal_id>/steps/<step_id>/done")
@endpoint(role=CLIENT, body=StepDoneSchema, response=StepSchema, errors=(404, 409))
def mark_step_done(uid, goal_id, step_id, body):
    """Mark a micro-step done on a local date (retrying is harmless). Answers the step."""
    goal = goals.mark_step_done(store(), uid, goal_id, step_id, body, now())
    return goals.step_view(goal, step_id)


@blueprint.delete("/goals/<goal_id>/steps/<step_id>/done")
@endpoint(role=CLIENT, statuses=(204,), errors=(404,))
def undo_step_done(uid, goal_id, step_id):
    """Undo marking a micro-step done."""
    goals.undo_step_done(store(), uid, goal_id, step_id, now())
    return None, 204
