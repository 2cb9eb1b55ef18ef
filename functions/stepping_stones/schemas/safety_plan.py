"""The client's safety plan (the Stanley–Brown steps) and a linked therapist's view of it."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..domain.bounds import (
    SAFETY_PLAN_ITEM_CHARS,
    SAFETY_PLAN_ITEMS_PER_STEP,
    SAFETY_PLAN_NAME_CHARS,
    SAFETY_PLAN_PHONE_CHARS,
    SAFETY_PLAN_REASON_CHARS,
)
from .common import NOT_BLANK_PATTERN, StrictBoolean, input_of, not_blank, string

PHONE_PATTERN = r"^\+?[0-9][0-9 ()./-]*$"
PHONE_RULE = "A phone number: digits, with spaces, dashes, dots or brackets, and an optional leading '+'."


def _item() -> fields.String:
    return string(SAFETY_PLAN_ITEM_CHARS, min_length=1, validate=[not_blank],
                  metadata={"pattern": NOT_BLANK_PATTERN})


def _list_of(field, description: str) -> fields.List:
    return fields.List(field, load_default=list, validate=validate.Length(max=SAFETY_PLAN_ITEMS_PER_STEP),
                       metadata={"description": f"{description} At most {SAFETY_PLAN_ITEMS_PER_STEP}."})


def _phone(required: bool) -> fields.String:
    extra = {"required": True} if required else {"load_default": None, "allow_none": True}
    return string(SAFETY_PLAN_PHONE_CHARS, min_length=3, **extra,
                  validate=[validate.Regexp(PHONE_PATTERN, error=PHONE_RULE)],
                  metadata={"pattern": PHONE_PATTERN, "description": "Called with one tap (tel:)."})


class ContactSchema(Schema):
    """A person or a line to call: a name and a phone number."""

    name = string(SAFETY_PLAN_NAME_CHARS, min_length=1, required=True, validate=[not_blank],
                  metadata={"pattern": NOT_BLANK_PATTERN})
    phone = _phone(required=True)


class PlaceOrPersonSchema(Schema):
    """A person or a place that takes the client's mind off things; a phone number when there is one."""

    name = string(SAFETY_PLAN_NAME_CHARS, min_length=1, required=True, validate=[not_blank],
                  metadata={"pattern": NOT_BLANK_PATTERN})
    phone = _phone(required=False)


class SafetyPlanSchema(Schema):
    """Your safety plan for a bad moment, in your own words; kept on your phone and here."""

    warning_signs = _list_of(_item(), "1. Warning signs that a hard moment may be coming.")
    on_my_own = _list_of(_item(), "2. Things I can do on my own to take my mind off things.")
    distractions = _list_of(fields.Nested(PlaceOrPersonSchema),
                            "3. People and places that take my mind off things.")
    people_to_ask = _list_of(fields.Nested(ContactSchema), "4. People I can ask for help.")
    professionals = _list_of(fields.Nested(ContactSchema), "5. Professionals and crisis lines I can contact.")
    safer_surroundings = _list_of(_item(), "6. Making my surroundings safer.")
    reason_for_living = string(SAFETY_PLAN_REASON_CHARS, load_default=None, allow_none=True,
                               metadata={"description": "7. One reason for living."})
    share_with_therapists = StrictBoolean(load_default=False, metadata={
        "description": "Whether your linked therapists may read this plan. Off unless you turn it on."})
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


PlaceOrPersonInputSchema = input_of(PlaceOrPersonSchema)
SafetyPlanInputSchema = input_of(
    SafetyPlanSchema, distractions=_list_of(fields.Nested(PlaceOrPersonInputSchema),
                                            "3. People and places that take my mind off things."))


class ClientSafetyPlanSchema(Schema):
    """A client's safety plan as a linked therapist may read it: the plan only when the client shares it."""

    shared = fields.Boolean(required=True)
    message = fields.String(required=True, metadata={"description": "Says plainly whether the client shares it."})
    plan = fields.Nested(SafetyPlanSchema, required=True, allow_none=True,
                         metadata={"description": "Null unless the client chose to share the plan."})
