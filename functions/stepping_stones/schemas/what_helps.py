"""What helps me: each rule's result past its minimum (or what it still needs), and the year's mood a day."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..domain.experiments import CUSTOM_PREFIX, MAX_CUSTOM_LABEL
from ..domain.vocabularies import BREATHING_TECHNIQUES
from ..domain.what_helps import MAX_STRENGTHS, WINDOW_DAYS
from .common import Day, string

Count = fields.Integer
MAX_TEXT = 2000  # the longest sentence: every listed strength's name, custom labels included


def sentence(description: str = "Plain words for the client, never a cause or a judgement.", **kwargs) -> fields.String:
    return string(MAX_TEXT, metadata={"description": description}, **kwargs)


class TechniqueResultSchema(Schema):
    technique = fields.String(validate=validate.OneOf(BREATHING_TECHNIQUES))
    practices = Count(metadata={"description": "Practices of this technique with stress rated before and after."})
    needs = Count(metadata={"description": "How many more rated practices before the change is shown (0: shown)."})
    average_drop = fields.Float(allow_none=True, metadata={
        "description": "Stress before minus after, averaged; null until `needs` is 0."})
    text = sentence()


class StressByTechniqueSchema(Schema):
    items = fields.List(fields.Nested(TechniqueResultSchema), validate=validate.Length(max=len(BREATHING_TECHNIQUES)),
                        metadata={"description": "Techniques practised with stress rated, in the app's order."})
    text = sentence("A note when no practice has stress rated yet; null otherwise.", allow_none=True)


class MoodAndPracticeSchema(Schema):
    """Average mood on days with a breathing practice and on days without (days with a mood logged)."""

    days_with = Count()
    days_without = Count()
    needs_with = Count()
    needs_without = Count()
    mood_with = fields.Float(allow_none=True, metadata={"description": "Null until both `needs` are 0."})
    mood_without = fields.Float(allow_none=True)
    text = sentence()


class StrengthTestedSchema(Schema):
    strength = string(len(CUSTOM_PREFIX) + MAX_CUSTOM_LABEL)
    name = string(MAX_CUSTOM_LABEL + 2)
    experiments = Count(metadata={"description": "Experiments with an outcome that tested it."})


class StrengthsTestedSchema(Schema):
    items = fields.List(fields.Nested(StrengthTestedSchema), validate=validate.Length(max=MAX_STRENGTHS),
                        metadata={"description": "Most tested first."})
    more = Count(metadata={"description": "Strengths tested but not listed."})
    needs = Count()
    text = sentence()


class PredictionsSchema(Schema):
    """Experiments with both a prediction rating and an outcome rating (others are not compared)."""

    compared = Count()
    higher = Count(metadata={"description": "The outcome rated above the prediction."})
    same = Count()
    lower = Count()
    needs = Count()
    text = sentence()


class MoodDaySchema(Schema):
    date = Day()
    mood = fields.Float(allow_none=True, metadata={"description": "The day's check-in mood and mood ratings "
                                                                  "averaged; null without either."})
    away = fields.Boolean()


class WhatHelpsSchema(Schema):
    """What seems to go together in the client's own last year, each rule past an honest minimum."""

    first = Day(metadata={"description": "The first local date of the year read."})
    last = Day(metadata={"description": "The client's today."})
    stress_by_technique = fields.Nested(StressByTechniqueSchema)
    mood_and_practice = fields.Nested(MoodAndPracticeSchema)
    strengths = fields.Nested(StrengthsTestedSchema)
    predictions = fields.Nested(PredictionsSchema)
    days = fields.List(fields.Nested(MoodDaySchema), validate=validate.Length(max=WINDOW_DAYS),
                       metadata={"description": "One a day, oldest first, for the mood chart."})
