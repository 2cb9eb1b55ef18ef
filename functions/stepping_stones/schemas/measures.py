"""PHQ-9 and GAD-7: assignments, answers and skips, the client's due cards, the therapist's trend, and FHIR."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..domain.measures import MEASURES
from ..domain.measures.rhythm import RHYTHMS
from .common import SOMETIMES, Day, Instant, LocalDate, input_of, string
from .help import HelpHintSchema

MEASURE_KEYS = tuple(MEASURES)
ITEM_CODES = tuple(sorted({item.code for measure in MEASURES.values() for item in measure.items}))
MEASURE_PATTERN = f"^({'|'.join(MEASURE_KEYS)})$"
MEASURE_RULE = f"A measure: {' or '.join(MEASURE_KEYS)}."


def measure_field(**kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf(MEASURE_KEYS), metadata={"description": MEASURE_RULE}, **kwargs)


class AssignmentSchema(Schema):
    """A measure a therapist asks the client to answer, with its rhythm (dates are the client's local dates)."""

    measure = measure_field(dump_only=True)
    rhythm = fields.String(required=True, validate=validate.OneOf(RHYTHMS), metadata={
        "description": "once; weekly or fortnightly from the day it was assigned; or before_session (due from two "
                       "days before the session through that day: session_date when given, otherwise the next "
                       "session's date set with PUT /v1/clients/{cid}/next-session)."})
    session_date = LocalDate(load_default=None, allow_none=True, metadata={
        "description": "For before_session only, and optional: a session date that overrides the next session's "
                       "date. Without it the rhythm follows the next session, moving when that moves."})
    before_session_on = Day(dump_only=True, allow_none=True, metadata={
        "description": "The session before_session counts towards now (session_date, else the next session's "
                       "date; null for the other rhythms or with neither)."})
    starts_on = Day(dump_only=True)
    assigned_at = fields.AwareDateTime(dump_only=True)
    due = fields.Boolean(dump_only=True)
    due_since = Day(dump_only=True, allow_none=True)
    next_opens_on = Day(dump_only=True, allow_none=True)


AssignmentInputSchema = input_of(AssignmentSchema)


class AnswerSchema(Schema):
    """One questionnaire answered (complete or not) or skipped; its id is chosen by the phone."""

    id = fields.String(dump_only=True)
    measure = measure_field(required=True)
    answers = fields.Dict(keys=string(16, validate=[validate.OneOf(ITEM_CODES)]),
                          values=fields.Integer(allow_none=True, validate=validate.Range(0, 3)),
                          load_default=dict, metadata={
                              "description": "LOINC item code -> the answer's index 0-3 (its score on a scored "
                                             "item); an item left out is unanswered.",
                              "x-propertyNames": {"enum": list(ITEM_CODES)}, "maxProperties": len(ITEM_CODES)})
    skipped = fields.Boolean(load_default=False, metadata={
        "description": "True to skip this questionnaire (no answers): that is always fine, and settles it."})
    answered_at = Instant(load_default=None, allow_none=True, metadata={
        "description": "When it was answered on the phone (defaults to now; within the last year)."})
    status = fields.String(dump_only=True, validate=validate.OneOf(("answered", "skipped")))
    local_date = Day(dump_only=True)
    complete = fields.Boolean(dump_only=True, metadata={
        "description": "Every scored item answered. An incomplete answer has no total: it is never scored as if "
                       "a missing item were 0."})
    total = fields.Integer(dump_only=True, allow_none=True)
    band = fields.String(dump_only=True, allow_none=True)
    missing = fields.List(fields.String(), dump_only=True)
    item9_positive = fields.Boolean(dump_only=True)
    help = fields.Nested(HelpHintSchema, dump_only=True, allow_none=True, metadata={
        "description": "Present only when PHQ-9 item 9 is answered above 0: where help is. Never in a "
                       "notification.", **SOMETIMES})


AnswerInputSchema = input_of(AnswerSchema)


class QuestionnaireItemSchema(Schema):
    code = fields.String(metadata={"description": "The item's LOINC code: the key of its answer."})
    text = fields.String()
    scored = fields.Boolean(metadata={"description": "False for the PHQ-9's \"how difficult\" item."})
    answers = fields.List(fields.String(), metadata={"description": "The answers' words; an answer is its index."})


class QuestionnaireSchema(Schema):
    """The instrument's published wording and free-use notice."""

    title = fields.String()
    stem = fields.String()
    notice = fields.String()
    items = fields.List(fields.Nested(QuestionnaireItemSchema))


class DueCardSchema(Schema):
    measure = fields.String()
    name = fields.String()
    title = fields.String(metadata={"description": "\"A short questionnaire from <therapist's name>\"."})
    therapist_name = fields.String()
    due_since = Day()
    questionnaire = fields.Nested(QuestionnaireSchema)


class ClientMeasuresSchema(Schema):
    """What is due now, and the client's own latest answers (at most 50, newest first)."""

    due = fields.List(fields.Nested(DueCardSchema))
    answers = fields.List(fields.Nested(AnswerSchema))


class FhirBundleSchema(Schema):
    """A FHIR R4 Bundle (type collection): a Patient with no name or email, a QuestionnaireResponse per
    answered questionnaire and an Observation per total score (LOINC 44261-6, 70274-6)."""

    resourceType = fields.String()  # noqa: N815 - FHIR's own field name
    type = fields.String()
    timestamp = fields.String()
    entry = fields.List(fields.Dict())


class BandSchema(Schema):
    low = fields.Integer()
    high = fields.Integer()
    label = fields.String()


class _AnsweredSchema(Schema):
    """What a score point and the latest answer both say of one administration."""

    id = fields.String()
    local_date = Day()
    answered_at = fields.AwareDateTime()
    complete = fields.Boolean()
    total = fields.Integer(allow_none=True)
    band = fields.String(allow_none=True)


class MeasurePointSchema(_AnsweredSchema):
    case = fields.Boolean(allow_none=True)


class ChangeSchema(Schema):
    first = fields.Integer()
    latest = fields.Integer()
    difference = fields.Integer(metadata={"description": "latest - first: negative is fewer symptoms."})
    reliable = fields.String(validate=validate.OneOf(("improvement", "deterioration", "none")))
    first_case = fields.Boolean()
    latest_case = fields.Boolean()


class ItemAnswerSchema(Schema):
    code = fields.String()
    text = fields.String()
    answer = fields.Integer(allow_none=True)
    answer_text = fields.String(allow_none=True)


class LatestAnswerSchema(_AnsweredSchema):
    items = fields.List(fields.Nested(ItemAnswerSchema))


class MeasureTrendSchema(Schema):
    """One measure's course: scores in the window with their bands, change from the course's first score."""

    measure = fields.String()
    name = fields.String()
    assignment = fields.Nested(AssignmentSchema, allow_none=True)
    bands = fields.List(fields.Nested(BandSchema))
    caseness = fields.Integer(metadata={"description": "A score at or above this is a case (NHS Talking Therapies)."})
    reliable_change = fields.Integer(metadata={"description": "A change of this much or more is reliable."})
    points = fields.List(fields.Nested(MeasurePointSchema))
    change = fields.Nested(ChangeSchema, allow_none=True)
    latest = fields.Nested(LatestAnswerSchema, allow_none=True)
    source = fields.String()


class LatestScoreSchema(Schema):
    measure = fields.String()
    name = fields.String()
    local_date = Day()
    total = fields.Integer()
    band = fields.String()
    direction = fields.String(allow_none=True, validate=validate.OneOf(("lower", "higher", "same")), metadata={
        "description": "Against the score before it; null with one score."})
