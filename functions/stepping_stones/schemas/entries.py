"""The four kinds of entry a client logs: check-ins, moods, breathing practices, experiments."""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate, validates

from ..domain.experiments import CUSTOM_PREFIX, DONE, LAPSED, MAX_CUSTOM_LABEL, PLANNED, VIA_STRENGTHS, strength_problem
from ..domain.records import BREATHING, CHECKIN, EXPERIMENT, MOOD
from ..domain.vocabularies import (
    BREATHING_TECHNIQUES,
    EMOTIONS,
    MAX_BREATHING_SECONDS,
    MAX_EMOTIONS,
    MIN_BREATHING_SECONDS,
)
from .common import (
    SOMETIMES,
    Day,
    Instant,
    LocalDate,
    StrictFloat,
    WholeNumber,
    input_of,
    optional_rating,
    optional_text,
    rating,
    required_text,
)
from .help import HelpHintSchema


def help_hint() -> fields.Nested:
    return fields.Nested(HelpHintSchema, dump_only=True, allow_none=True, metadata={
        "description": "Present only in a PUT's answer when this is the day's first check-in mood or mood rating "
                       "of 0 or 1 (and in a resend of it): where help is. Never in a notification.", **SOMETIMES})


# The contract's form of strength_problem: a VIA id, or a custom label that is not blank.
STRENGTH_PATTERN = (f"^({'|'.join(VIA_STRENGTHS)}|{CUSTOM_PREFIX}"
                    f"[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000]{{0,{MAX_CUSTOM_LABEL - 1}}})$")


class EntrySchema(Schema):
    """Fields the server sets on every entry."""

    id = fields.String(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(
        dump_only=True, allow_none=True, metadata={"description": "When it was last corrected; null if never."})
    notes_hidden = fields.Boolean(
        dump_only=True,
        metadata={"description": "Present (true) for a therapist when the client keeps free text private: "
                                 "the free-text fields are then null.", **SOMETIMES},
    )


def kind_field(kind: str) -> fields.String:
    return fields.String(dump_only=True, validate=validate.OneOf([kind]), metadata={"description": "Which entry."})


class CheckInSchema(EntrySchema):
    """A daily check-in: one per local date."""

    kind = kind_field(CHECKIN)
    local_date = LocalDate(required=True, metadata={"description": "The client's local date."})
    mood = rating(required=True)
    energy = optional_rating()
    sleep_hours = StrictFloat(load_default=None, allow_none=True, validate=validate.Range(0, 24))
    went_well = optional_text(500)
    note = optional_text(2000)
    help = help_hint()


class MoodSchema(EntrySchema):
    """A mood entry; any number a day. Its local date is the date at the offset sent in `at`."""

    kind = kind_field(MOOD)
    at = Instant(required=True)
    local_date = Day(dump_only=True, metadata={"description": "The date at the offset sent in `at`."})
    rating = rating(required=True)
    emotions = fields.List(
        fields.String(validate=validate.OneOf(EMOTIONS)),
        load_default=list,
        validate=validate.Length(max=MAX_EMOTIONS),
        metadata={"description": f"Up to {MAX_EMOTIONS} of: {', '.join(EMOTIONS)}.", "uniqueItems": True},
    )
    intensity = optional_rating()
    note = optional_text(2000)
    help = help_hint()

    @validates("emotions")
    def _no_repeats(self, value, **kwargs):
        if len(set(value)) != len(value):
            raise ValidationError("Each emotion may be named once.")


class BreathingSchema(EntrySchema):
    """A breathing practice the client just did."""

    kind = kind_field(BREATHING)
    started_at = Instant(required=True)
    local_date = Day(dump_only=True, metadata={"description": "The date at the offset sent in `started_at`."})
    duration_seconds = WholeNumber(
        required=True, validate=validate.Range(MIN_BREATHING_SECONDS, MAX_BREATHING_SECONDS)
    )
    technique = fields.String(required=True, validate=validate.OneOf(BREATHING_TECHNIQUES))
    stress_before = optional_rating()
    stress_after = optional_rating()


class OutcomeSchema(Schema):
    """What happened when the client tried the experiment."""

    done_on = LocalDate(required=True)
    what_happened = required_text(2000)
    sensations = optional_text(2000)
    thoughts = optional_text(2000)
    outcome_rating = rating(required=True)
    learned = optional_text(2000)


class ExperimentSchema(EntrySchema):
    """A strength experiment: the plan now, its outcome later."""

    kind = kind_field(EXPERIMENT)
    strength = fields.String(
        required=True,
        validate=validate.Length(max=len(CUSTOM_PREFIX) + MAX_CUSTOM_LABEL),
        metadata={"description": f"One of {', '.join(VIA_STRENGTHS)}, or 'custom:<label>' (label up to "
                                 f"{MAX_CUSTOM_LABEL} characters, starting with a visible character).",
                  "pattern": STRENGTH_PATTERN},
    )
    plan = required_text(1000)
    prediction = required_text(1000)
    prediction_rating = rating(load_default=None, allow_none=True, metadata={
        "description": "How the client expects it to go, 0-10, set beside the outcome's rating; null if not given."})
    planned_for = LocalDate(required=True)
    local_date = Day(dump_only=True, metadata={"description": "Its planned date."})
    status = fields.String(dump_only=True, validate=validate.OneOf([PLANNED, DONE, LAPSED]),
                           metadata={"description": "lapsed: planned more than 3 days ago without an outcome."})
    outcome = fields.Nested(OutcomeSchema, dump_only=True, allow_none=True)

    @validates("strength")
    def _known_strength(self, value, **kwargs):
        problem = strength_problem(value)
        if problem or not re.fullmatch(STRENGTH_PATTERN, value):
            raise ValidationError(problem or "Start a custom label with a visible character; no NUL.")


CheckInInputSchema = input_of(CheckInSchema)
MoodInputSchema = input_of(MoodSchema)
BreathingInputSchema = input_of(BreathingSchema)
ExperimentInputSchema = input_of(ExperimentSchema)
OutcomeInputSchema = input_of(OutcomeSchema)


class ExperimentListSchema(Schema):
    items = fields.List(fields.Nested(ExperimentSchema), required=True)
    next_cursor = fields.String(allow_none=True, metadata={"description": "Null on the last page."})
