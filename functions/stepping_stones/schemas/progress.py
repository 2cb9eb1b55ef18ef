"""The summary, micro-wins, goals with micro-steps, and away time."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..domain.bounds import GOALS, STEPS_PER_GOAL
from ..domain.wins import RULES
from .common import Day, LocalDate, PageQuerySchema, WholeNumber, input_of, optional_text, required_text

MAX_AWAY_DAYS = 366
Count = fields.Integer
Ratio = fields.Float


class StreakSchema(Schema):
    current = Count(metadata={"description": "Consecutive local days with a check-in, ending today or yesterday."})
    longest = Count()


class HabitStrengthSchema(Schema):
    """0–1, exponentially smoothed (Loop Habit Tracker's model): one missed day barely moves it."""

    checkins = Ratio()
    breathing = Ratio()


class KindCountsSchema(Schema):
    checkin = Count()
    mood = Count()
    breathing = Count()
    experiment = Count()


class WindowCountsSchema(Schema):
    last_7_days = fields.Nested(KindCountsSchema)
    last_28_days = fields.Nested(KindCountsSchema)


class AdherenceSchema(Schema):
    """Percent of non-away days with a check-in; null when every day was away."""

    last_7_days = Ratio(allow_none=True)
    last_28_days = Ratio(allow_none=True)


class BreathingWeekSchema(Schema):
    sessions = Count()
    minutes = Ratio()


class BreathingSummarySchema(Schema):
    this_week = fields.Nested(BreathingWeekSchema, metadata={"description": "Weeks start on Monday, local time."})
    last_week = fields.Nested(BreathingWeekSchema)
    avg_stress_drop_last_5 = Ratio(allow_none=True)
    sessions_with_stress = Count()


class MoodSummarySchema(Schema):
    """From check-in moods and mood-entry ratings; the counts say how much data the means rest on."""

    mean_7_days = Ratio(allow_none=True)
    count_7_days = Count()
    baseline_28_days = Ratio(allow_none=True)
    count_28_days = Count()


class ExperimentCountsSchema(Schema):
    planned = Count()
    done = Count()
    lapsed = Count()


class SummarySchema(Schema):
    """A client's progress as of their own today."""

    as_of = Day(metadata={"description": "The client's local date the summary is computed for."})
    timezone = fields.String()
    checkin_streak = fields.Nested(StreakSchema)
    habit_strength = fields.Nested(HabitStrengthSchema)
    counts = fields.Nested(WindowCountsSchema)
    checkin_adherence = fields.Nested(AdherenceSchema)
    breathing = fields.Nested(BreathingSummarySchema)
    mood = fields.Nested(MoodSummarySchema)
    experiments = fields.Nested(ExperimentCountsSchema)
    steps_done_this_week = Count()
    last_active = Day(allow_none=True, metadata={"description": "The last local date with an entry."})
    away_today = fields.Boolean()


def _rule_line(rule) -> str:
    message = "(worded for what was done)" if callable(rule.message) else f'"{rule.message}"'
    params = ", ".join(f"{name} {value}" for name, value in rule.params.items())
    return f"`{rule.name}`: id `{rule.id_format}`{f'; {params}' if params else ''}; {message}"


WIN_RULES_DESCRIPTION = "The rule that earned it (domain/wins.py RULES):\n" + "\n".join(
    f"- {_rule_line(rule)}" for rule in RULES)


class WinSchema(Schema):
    """A small, true, specific piece of evidence of progress."""

    id = fields.String(metadata={"description": "Derived from the rule and its period: never created twice."})
    rule = fields.String(validate=validate.OneOf([rule.name for rule in RULES]),
                         metadata={"description": WIN_RULES_DESCRIPTION})
    occurred_on = Day(metadata={"description": "The local date it occurred on."})
    evidence = fields.Dict(metadata={"description": "The numbers the win rests on."})
    message = fields.String()
    earned_at = fields.AwareDateTime()


class WinQuerySchema(PageQuerySchema):
    since = LocalDate(load_default=None, metadata={"description": "Only wins that occurred on or after."})


class WinPageSchema(Schema):
    items = fields.List(fields.Nested(WinSchema), required=True)
    next_cursor = fields.String(allow_none=True)


class StepSchema(Schema):
    """A micro-step: small, doable, with a clear criterion for completion."""

    id = fields.String(dump_only=True)
    title = required_text(200)
    done_when = required_text(500)
    due_on = LocalDate(load_default=None, allow_none=True)
    position = WholeNumber(load_default=0, validate=validate.Range(0, 10_000))
    done_on = Day(dump_only=True, allow_none=True)
    note = fields.String(dump_only=True, allow_none=True)


StepInputSchema = input_of(StepSchema)


class StepDoneSchema(Schema):
    done_on = LocalDate(required=True, metadata={"description": "The local date it was done."})
    note = optional_text(1000)


class GoalOutlineSchema(Schema):
    """A goal without its list of steps (counts and the next step): what a change to a goal answers."""

    id = fields.String(dump_only=True)
    title = required_text(200)
    why = required_text(1000)
    target_date = LocalDate(load_default=None, allow_none=True)
    steps_done = Count(dump_only=True)
    steps_total = Count(dump_only=True, metadata={"description": f"At most {STEPS_PER_GOAL.limit}."})
    next_step = fields.Nested(StepSchema, dump_only=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True, allow_none=True)


class GoalSchema(GoalOutlineSchema):
    """A goal with its steps in order (GET /v1/goals)."""

    steps = fields.List(fields.Nested(StepSchema), dump_only=True)


GoalInputSchema = input_of(GoalSchema)


GOALS_PER_PAGE = 10  # a goal with 50 full steps is about 0.35 MB of JSON: a page stays under 4 MB


class GoalQuerySchema(PageQuerySchema):
    limit = fields.Integer(load_default=GOALS_PER_PAGE, validate=validate.Range(1, GOALS_PER_PAGE))


class GoalListSchema(Schema):
    items = fields.List(fields.Nested(GoalSchema), required=True)
    next_cursor = fields.String(allow_none=True, metadata={
        "description": f"Null on the last page; there are at most {GOALS.limit} goals."})


class AwaySchema(Schema):
    """Time away: neither breaks streaks nor lowers adherence; reminders pause."""

    id = fields.String(dump_only=True)
    from_date = LocalDate(data_key="from", required=True, metadata={"description": "First local date away."})
    to_date = LocalDate(data_key="to", required=True, metadata={"description": "Last local date away."})

    @validates_schema
    def _ordered(self, data, **kwargs):
        start, end = data.get("from_date"), data.get("to_date")
        if start and end and start > end:
            raise ValidationError("'from' must not be after 'to'.", "from")
        if start and end and (end - start).days >= MAX_AWAY_DAYS:
            raise ValidationError(f"Away time is at most {MAX_AWAY_DAYS} days at once.", "to")


AwayInputSchema = input_of(AwaySchema)


class AwayListSchema(Schema):
    items = fields.List(fields.Nested(AwaySchema), required=True)
