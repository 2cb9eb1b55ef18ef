"""Linking, the therapist's client list, sessions, review, the access log, export and erasure."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..domain.experiments import DONE, LAPSED, PLANNED
from ..domain.review import ACTIVE, AWAY, INACTIVE, QUIET
from ..domain.sessions import HELD, SESSION_STATUSES
from .common import SOMETIMES, Day, LocalDate, PageQuerySchema, StrictBoolean, optional_text, string
from .measures import LatestScoreSchema, MeasureTrendSchema
from .progress import RULES, GoalListSchema, GoalSchema, StepSchema
from .sessions import NextSessionSchema, ReviewAgendaItemSchema
from .timeline import TimelineQuerySchema

THERAPIST_NAME = "The therapist's display name from their profile (null before they set one)."


def therapist_name_field(description: str = THERAPIST_NAME) -> fields.String:
    """A therapist's display name as another person sees it: null when there is none."""
    return fields.String(allow_none=True, metadata={"description": description})


SEES = ("Exactly what this therapist can and cannot see (domain/sharing.py): `summary`, `therapist_sees`, "
        "`therapist_does_not_see`, `notes_switch` (the words note sharing shares, for the switch's label), "
        "`your_choices`, `not_real_time`.")


class InviteSchema(Schema):
    code = fields.String(metadata={"description": "16 characters without look-alikes, in groups of four "
                                                  "(XXXX-XXXX-XXXX-XXXX); single use."})
    expires_at = fields.AwareDateTime()


class LinkRequestSchema(Schema):
    code = string(32, min_length=1, required=True)
    share_notes = StrictBoolean(load_default=False, metadata={
        "description": "Whether this therapist may read your free-text notes. You can change it any time."})


class SharingChangeSchema(Schema):
    share_notes = StrictBoolean(required=True)


class LinkSchema(Schema):
    therapist_uid = fields.String()
    therapist_name = therapist_name_field()
    client_uid = fields.String()
    share_notes = fields.Boolean()
    linked_at = fields.AwareDateTime()
    therapist_sees = fields.Dict(metadata={"description": SEES})
    next_session = Day(allow_none=True, metadata={
        "description": "Your next session's date, when your therapist chose to show it in the app; else null."})


class InvitePreviewQuerySchema(Schema):
    share_notes = fields.Boolean(load_default=False, metadata={
        "description": "Show what the therapist would see with note sharing on (true) or off (false, the default)."})


class InvitePreviewSchema(Schema):
    """Whose code this is and exactly what they would see, before linking with it."""

    code = fields.String()
    therapist_name = therapist_name_field()
    expires_at = fields.AwareDateTime()
    share_notes = fields.Boolean()
    therapist_sees = fields.Dict(metadata={"description": SEES})


class LinkListSchema(Schema):
    items = fields.List(fields.Nested(LinkSchema), required=True)


class MomentSchema(Schema):
    date = Day()
    kind = fields.String(validate=validate.OneOf(("phq9_item9", "low_mood")), metadata={
        "description": "phq9_item9 (a PHQ-9 item-9 answer above 0, listed first) or low_mood."})
    text = fields.String(metadata={"description": "Neutral wording for the therapist."})
    acknowledged = fields.Boolean()
    acknowledged_at = fields.AwareDateTime(allow_none=True)


class ClientRowSchema(Schema):
    client_uid = fields.String()
    display_name = fields.String()
    last_active = Day(allow_none=True)
    status = fields.String(validate=validate.OneOf([ACTIVE, QUIET, INACTIVE, AWAY]),
                           metadata={"description": "active (≤2 days), quiet (≤7), inactive, or away."})
    checkin_adherence_7_days = fields.Float(allow_none=True)
    wins_not_reviewed = fields.Integer()
    open_signals = fields.Integer(metadata={"description": "Engagement signals in the last 14 days."})
    share_notes = fields.Boolean()
    linked_at = fields.AwareDateTime()
    measures = fields.List(fields.Nested(LatestScoreSchema), metadata={
        "description": "Each measure's latest complete score, its band and its direction against the one before."})
    moment_to_ask_about = fields.Nested(MomentSchema, allow_none=True, metadata={
        "description": "The latest PHQ-9 item-9 answer above 0 not yet acknowledged: look at it first."})


class ClientListSchema(Schema):
    items = fields.List(fields.Nested(ClientRowSchema), required=True)


class SessionBodySchema(Schema):
    note = optional_text(4000)
    state = fields.String(load_default=HELD, validate=validate.OneOf(SESSION_STATUSES), metadata={
        "description": "held (the default), cancelled or missed. Only a held session starts the review's default "
                       "window and takes up the client's agenda; a missed or cancelled one is your record alone."})


class SessionSchema(Schema):
    date = Day(metadata={"description": "Local date of the session."})
    state = fields.String(validate=validate.OneOf(SESSION_STATUSES))
    note = fields.String(allow_none=True, metadata={"description": "Private to the therapist."})
    recorded_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime(allow_none=True)


class SessionListSchema(Schema):
    items = fields.List(fields.Nested(SessionSchema), required=True)


class ReviewQuerySchema(Schema):
    since = LocalDate(load_default=None, metadata={
        "description": "Default: the last recorded session. Clamped to the client's first day, never past "
                       "`until`; the answer's `since` is the day used."})
    until = LocalDate(load_default=None, metadata={
        "description": "Default: the client's today. Clamped to the client's today; the answer's `until` is the day "
                       "used."})

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError("'since' must not be after 'until'.", "since")


class ReviewExperimentSchema(Schema):
    id = fields.String()
    strength = fields.String()
    planned_for = Day()
    status = fields.String(validate=validate.OneOf([PLANNED, DONE, LAPSED]))
    done_on = Day(allow_none=True)
    prediction_rating = fields.Integer(allow_none=True, metadata={
        "description": "How the client expected it to go, 0-10; null if they gave no rating."})
    outcome_rating = fields.Integer(allow_none=True, metadata={"description": "How it went, 0-10; null until done."})
    learned_something = fields.Boolean()
    learned = fields.String(allow_none=True, metadata={"description": "Only when the client shares notes."})


class ReviewWinSchema(Schema):
    id = fields.String()
    rule = fields.String(validate=validate.OneOf([rule.name for rule in RULES]))
    occurred_on = Day()
    message = fields.String()
    evidence = fields.Dict()
    reviewed = fields.Boolean()
    reviewed_at = fields.AwareDateTime(allow_none=True)
    review_note = fields.String(allow_none=True)


class MomentAcknowledgedSchema(Schema):
    date = Day()
    acknowledged_at = fields.AwareDateTime()


class ReviewSchema(Schema):
    """The time between sessions at a glance; signals are threads to explore together, not failures."""

    client_uid = fields.String()
    display_name = fields.String()
    agenda = fields.List(fields.Nested(ReviewAgendaItemSchema), metadata={"description": (
        "What the client would like to talk about, first: open items, then those talked about in the window. "
        "Their words only when the client shares notes.")})
    since = Day()
    until = Day()
    since_session = Day(allow_none=True, metadata={
        "description": "The held session the default window starts from; null when `since` was asked for or "
                       "there is none (then the last 14 days)."})
    next_session = fields.Nested(NextSessionSchema, allow_none=True)
    share_notes = fields.Boolean()
    counts = fields.Dict(metadata={"description": "Check-ins, breathing, experiments, steps and goals in the window."})
    mood_series = fields.List(fields.Dict(), metadata={"description": "Daily mean mood, days with values only."})
    mood_vs_baseline = fields.Dict()
    experiments = fields.List(fields.Nested(ReviewExperimentSchema))
    wins = fields.List(fields.Nested(ReviewWinSchema))
    engagement_signals = fields.List(fields.Dict(), metadata={"description": "{type, dates, text}, neutral wording."})
    measures = fields.List(fields.Nested(MeasureTrendSchema), metadata={"description": (
        "Each measure assigned by you or answered: scores in the window with bands, change from the first, the "
        "latest answer item by item.")})
    moments_to_ask_about = fields.List(fields.Nested(MomentSchema), metadata={"description": (
        "PHQ-9 item-9 answers above 0 first (newest first, and any not yet acknowledged from before the window), "
        "then days in the window with a check-in mood or mood rating of 0 or 1, oldest first: moments the client "
        "may want to talk about, not a risk score. Acknowledge one with POST .../moments/{date}/acknowledge.")})
    entries_path = fields.String(metadata={"description": "The window's entries, paged with a cursor."})
    days = fields.List(fields.Dict(), metadata={"description": (
        "Each date of the window: {date, checked_in, away, breathing, stress_drop_sum, stress_drop_count, "
        "baseline_low, baseline_high} (the 28-day mood mean minus/plus one standard deviation, or null).")})


class WinReviewBodySchema(Schema):
    note = optional_text(1000)


class WinReviewSchema(Schema):
    win_id = fields.String()
    reviewed_at = fields.AwareDateTime()
    note = fields.String(allow_none=True)


class ClientEntriesQuerySchema(TimelineQuerySchema):
    pass


class ClientStepSchema(StepSchema):
    """A client's micro-step as their therapist sees it: without note sharing `done_when` and `note` are null."""


class ClientGoalSchema(GoalSchema):
    """A client's goal as their therapist sees it: without note sharing its words are null."""

    steps = fields.List(fields.Nested(ClientStepSchema), dump_only=True)
    next_step = fields.Nested(ClientStepSchema, dump_only=True, allow_none=True)

    notes_hidden = fields.Boolean(metadata={
        "description": "Present (true) when the client keeps their words private: `why`, and each step's "
                       "`done_when` and `note`, are then null.", **SOMETIMES})


class ClientGoalListSchema(GoalListSchema):
    items = fields.List(fields.Nested(ClientGoalSchema), required=True)


class AccessRecordSchema(Schema):
    therapist_uid = fields.String()
    therapist_name = therapist_name_field("The therapist's display name when they read (null when they had none).")
    what = fields.String()
    at = fields.AwareDateTime()


class AccessLogQuerySchema(PageQuerySchema):
    pass


class AccessLogPageSchema(Schema):
    items = fields.List(fields.Nested(AccessRecordSchema), required=True)
    next_cursor = fields.String(allow_none=True)


class EraseSchema(Schema):
    confirm = fields.String(required=True, validate=validate.Equal("DELETE"),
                            metadata={"description": "Must be \"DELETE\".", "const": "DELETE"})

