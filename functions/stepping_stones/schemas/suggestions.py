"""Suggestions a therapist offers (a micro-step, a strength experiment, a new goal) and the client's answer."""
from __future__ import annotations

import copy

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..domain.bounds import KEPT_SUGGESTIONS, OPEN_SUGGESTIONS
from ..domain.suggestions import EXPERIMENT, GOAL, KINDS, PROPOSED_FIELDS, STATES, STEP
from .common import ID_PATTERN, LocalDate, input_of, optional_text, required_text
from .entries import ExperimentInputSchema, ExperimentSchema
from .progress import GoalInputSchema, StepInputSchema


class StepProposalSchema(Schema):
    """A micro-step for one of the client's goals; "done when" may be left to the client, who says it when taking."""

    title = required_text(200)
    done_when = optional_text(500)
    due_on = LocalDate(load_default=None, allow_none=True)


class ExperimentProposalSchema(Schema):
    """A strength experiment: the strength, the plan and a day (the client adds their own prediction)."""

    strength = copy.deepcopy(ExperimentSchema._declared_fields["strength"])
    plan = required_text(1000)
    planned_for = LocalDate(required=True)

    _known_strength = ExperimentSchema._known_strength


class GoalProposalSchema(Schema):
    """A new goal: what it is and the value it serves."""

    title = required_text(200)
    why = required_text(1000)
    target_date = LocalDate(load_default=None, allow_none=True)


StepProposalInputSchema = input_of(StepProposalSchema)
ExperimentProposalInputSchema = input_of(ExperimentProposalSchema)
GoalProposalInputSchema = input_of(GoalProposalSchema)
PROPOSALS = {STEP: StepProposalSchema, EXPERIMENT: ExperimentProposalSchema, GOAL: GoalProposalSchema}
assert all(tuple(PROPOSALS[kind]._declared_fields) == PROPOSED_FIELDS[kind] for kind in KINDS)


ONE_PROPOSAL = "A suggestion holds exactly one of step, experiment or goal"  # a rule relating fields: a 400


class SuggestionInputSchema(Schema):
    """What a therapist suggests: exactly one of `step` (with the client's `goal_id`), `experiment` or `goal`."""

    goal_id = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(ID_PATTERN), metadata={
        "description": "For a step: the client's goal it belongs to."})
    step = fields.Nested(StepProposalInputSchema, load_default=None, allow_none=True)
    experiment = fields.Nested(ExperimentProposalInputSchema, load_default=None, allow_none=True)
    goal = fields.Nested(GoalProposalInputSchema, load_default=None, allow_none=True)

    @validates_schema
    def _one_proposal(self, data, **kwargs):
        present = [kind for kind in KINDS if data.get(kind) is not None]
        if len(present) != 1:
            raise ValidationError({kind: [f"{ONE_PROPOSAL}."] for kind in (present or KINDS)})
        if (present[0] == STEP) != (data.get("goal_id") is not None):
            raise ValidationError({"goal_id": [f"{ONE_PROPOSAL}, and a step (only a step) names its goal_id."]})

    @post_load
    def _with_kind(self, data, **kwargs):
        return {**data, "kind": next(kind for kind in KINDS if data.get(kind) is not None)}


class SuggestionSchema(Schema):
    """A suggestion as both sides see it; `state` is open, taken or not_taken (let go: never a refusal)."""

    id = fields.String()
    kind = fields.String(validate=validate.OneOf(KINDS))
    therapist_uid = fields.String()
    suggested_by = fields.String(metadata={"description": "'Suggested by <name>', as the app shows it."})
    goal_id = fields.String(allow_none=True)
    step = fields.Nested(StepProposalSchema, allow_none=True)
    experiment = fields.Nested(ExperimentProposalSchema, allow_none=True)
    goal = fields.Nested(GoalProposalSchema, allow_none=True)
    state = fields.String(validate=validate.OneOf(STATES))
    changed = fields.Boolean(metadata={"description": "Taken with changes the client made."})
    created_at = fields.AwareDateTime()
    answered_at = fields.AwareDateTime(allow_none=True)
    taken_as = fields.String(allow_none=True, metadata={
        "description": "The path of the client's own record it became (its id is the suggestion's)."})


class SuggestionListSchema(Schema):
    items = fields.List(fields.Nested(SuggestionSchema), required=True, metadata={
        "description": f"For a therapist: at most {KEPT_SUGGESTIONS} (the oldest answered ones drop out); "
                       f"for a client, the open ones (at most {OPEN_SUGGESTIONS.limit} from each therapist)."})


class TakeSuggestionSchema(Schema):
    """How the client takes it: nothing to take it as it is, or their own version of the whole record
    under the suggestion's kind (only that one is read)."""

    step = fields.Nested(StepInputSchema, load_default=None, allow_none=True)
    experiment = fields.Nested(ExperimentInputSchema, load_default=None, allow_none=True)
    goal = fields.Nested(GoalInputSchema, load_default=None, allow_none=True)


class NoteBodySchema(Schema):
    """An optional note to the client; it reaches their inbox as 'A note from <your name>'."""

    note = optional_text(1000)
