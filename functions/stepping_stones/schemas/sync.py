"""POST /v1/sync: many changes in one request, each answered as its own route would answer it."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import string

MAX_OPERATIONS = 100
# The largest answer a syncable route gives is an experiment with its outcome: 10,067 characters of text at
# most, each at most 6 bytes of JSON (a control character's \u escape), plus its other fields.
MAX_RESULT_BODY_BYTES = 64 * 1024
MAX_RESULTS_BYTES = MAX_OPERATIONS * (MAX_RESULT_BODY_BYTES + 100)
SYNC_METHODS = ("PUT", "POST", "DELETE")


class SyncOperationSchema(Schema):
    """One change, as the phone would have sent it alone."""

    method = fields.String(required=True, validate=validate.OneOf(SYNC_METHODS))
    path = string(512, min_length=1, required=True, metadata={
        "description": "A client route below /v1: an entry (`/v1/checkins/{id}`, `/v1/moods/{id}`, "
                       "`/v1/breathing/{id}`, `/v1/experiments/{id}`), an outcome (`/v1/experiments/{id}/outcome`), "
                       "a goal, a step, a step's `done`, away time (`/v1/me/away/{id}`), a questionnaire answer "
                       "(`/v1/me/measures/answers/{id}`) or the safety plan (`/v1/me/safety-plan`)."})
    body = fields.Dict(load_default=None, allow_none=True, metadata={
        "description": "The body the single route takes (validated by that route's own schema); "
                       "omit it for DELETE."})


class SyncRequestSchema(Schema):
    operations = fields.List(fields.Nested(SyncOperationSchema), required=True,
                             validate=validate.Length(min=1, max=MAX_OPERATIONS))


class SyncResultSchema(Schema):
    """What the single route would have answered: its status and its body (null for 204)."""

    status = fields.Integer(required=True)
    body = fields.Dict(allow_none=True, metadata={
        "description": "The single route's response body: the stored resource, or the error shape."})


class SyncResponseSchema(Schema):
    """Bounded: each result's body is at most 64 KiB (a step change answers with the step, a goal change
    without its steps, an entry with itself), so the whole answer is at most about 6.4 MB for 100 operations."""

    results = fields.List(fields.Nested(SyncResultSchema), required=True,
                          metadata={"description": "One result per operation, in the same order; each body at "
                                                   f"most {MAX_RESULT_BODY_BYTES // 1024} KiB of JSON."})
