"""Build the OpenAPI 3.1 document and JSON Schemas from the app's routes and their declared schemas."""
from __future__ import annotations

import json
import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask

from stepping_stones.schemas.common import ErrorSchema
from stepping_stones.schemas.timeline import ITEM_SCHEMAS

TITLE = "Stepping Stones API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Backend of the Stepping Stones companion app: clients log check-ins, moods, breathing practice and "
    "strength experiments between therapy sessions. Every request needs a Firebase ID token whose custom "
    "claim `role` is `client` or `therapist`. Entry ids are chosen by the phone, so a retried PUT is "
    "harmless. Every error has the shape {\"error\": {\"code\", \"message\", \"fields\"}}. "
    "This is not a crisis service and does not monitor anyone in real time."
)
ERROR_DESCRIPTIONS = {
    400: "Invalid input: `fields` names each problem.",
    401: "No valid Firebase ID token.",
    403: "The token's role may not use this endpoint.",
    404: "Not found (or not yours).",
    409: "Conflicts with what is stored (e.g. a check-in on that date already, or no profile yet).",
    410: "Gone: it existed and can no longer be used (e.g. an expired invite code).",
    413: "Body larger than 64 KiB.",
    415: "Body is not JSON.",
    429: "Too many attempts; see Retry-After.",
}
SUCCESS_DESCRIPTIONS = {200: "OK", 201: "Created", 204: "Done; no content"}
PATH_PARAMETER = re.compile(r"<(?:[a-z_]+:)?([a-z_]+)>")


def build_spec(app: Flask) -> dict:
    spec = APISpec(
        title=TITLE, version=VERSION, openapi_version="3.1.0", plugins=[MarshmallowPlugin()],
        info={"description": DESCRIPTION},
    )
    spec.components.security_scheme("firebaseIdToken", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    spec.components.schema("Error", schema=ErrorSchema)
    for path, operations in sorted(_operations_by_path(app).items()):
        spec.path(path=path, operations=operations)
    document = spec.to_dict()
    _describe_timeline_items(document)
    return document


def _operations_by_path(app: Flask) -> dict[str, dict]:
    paths: dict[str, dict] = {}
    for rule in app.url_map.iter_rules():
        contract = getattr(app.view_functions[rule.endpoint], "__contract__", None)
        if contract is None:
            continue
        path = PATH_PARAMETER.sub(r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(app, rule, contract)
    return paths


def _operation(app: Flask, rule, contract) -> dict:
    view = app.view_functions[rule.endpoint]
    operation = {
        "operationId": rule.endpoint.replace(".", "_"),
        "summary": (view.__doc__ or "").strip().splitlines()[0],
        "tags": [rule.endpoint.split(".")[0]],
        "parameters": [
            {"in": "path", "name": name, "required": True, "schema": {"type": "string"}}
            for name in PATH_PARAMETER.findall(rule.rule)
        ],
        "responses": {},
    }
    if contract.role:
        operation["security"] = [{"firebaseIdToken": []}]
        operation["description"] = f"Role: `{contract.role}`."
    if contract.query is not None:
        operation["parameters"].append({"in": "query", "schema": contract.query})
    if contract.body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": contract.body}}}
    for status in contract.statuses:
        response = {"description": SUCCESS_DESCRIPTIONS[status]}
        if status != 204 and contract.response is not None:
            response["content"] = {"application/json": {"schema": contract.response}}
        operation["responses"][str(status)] = response
    errors = {401, 403} if contract.role else set()
    errors |= {400} if contract.body or contract.query or "<" in rule.rule else set()
    errors |= {413, 415} if contract.body else set()
    for status in sorted(errors | set(contract.errors)):
        operation["responses"][str(status)] = {
            "description": ERROR_DESCRIPTIONS[status],
            "content": {"application/json": {"schema": "Error"}},
        }
    return operation


def _describe_timeline_items(document: dict) -> None:
    """A timeline item is one of the entry schemas, told apart by `kind`."""
    names = {kind: type(schema).__name__.removesuffix("Schema") for kind, schema in ITEM_SCHEMAS.items()}
    document["components"]["schemas"]["TimelineItem"] = {
        "oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in names.values()],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {kind: f"#/components/schemas/{name}" for kind, name in names.items()},
        },
    }


def json_schemas(document: dict) -> dict[str, dict]:
    """Each component schema as a standalone JSON Schema (2020-12), with the others under $defs."""
    components = json.loads(json.dumps(document["components"]["schemas"]).replace("#/components/schemas/", "#/$defs/"))
    return {
        name: {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://stepping-stones.example/schemas/{name}.json",
            **schema,
            "$defs": components,
        }
        for name, schema in components.items()
    }


def render(data: dict) -> str:
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
