"""Your own data: the export's page query and the erasure's status."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import string


class ExportQuerySchema(Schema):
    cursor = string(2048, load_default=None,
                    metadata={"description": "`next_cursor` from the `page` line of the previous page."})


class ErasureSchema(Schema):
    """Where an erasure stands: `running` (the rest is deleted in the background) or `done`."""

    state = fields.String(required=True, validate=validate.OneOf(["running", "done"]))
    requested_at = fields.DateTime(required=True)
    finished_at = fields.DateTime(allow_none=True)
    deleted_documents = fields.Integer(required=True, metadata={
        "description": "Documents deleted so far (the links' two sides included), exact."})
    status_url = fields.String(required=True, metadata={"description": "Where to follow the erasure."})
