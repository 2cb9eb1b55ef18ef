"""Build the OpenAPI 3.1 document and JSON Schemas from the app's routes and their declared schemas."""
from __future__ import annotations

import json
import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask

from stepping_stones.api.contract import PATH_PARAMETERS
from stepping_stones.domain.sharing import FREE_TEXT_FIELDS
from stepping_stones.schemas.common import NO_NUL_PATTERN, TIMEZONE_NAMES, ErrorSchema
from stepping_stones.schemas.timeline import ITEM_SCHEMAS

TITLE = "Stepping Stones API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Backend of the Stepping Stones companion app: clients log check-ins, moods, breathing practice and "
    "strength experiments between therapy sessions. Every request needs a Firebase ID token whose custom "
    "claim `role` is `client` or `therapist`. Entry ids are chosen by the phone, so a retried PUT is "
    "harmless. Every error has the shape {\"error\": {\"code\", \"message\", \"fields\"}}. "
    "Every date and instant sent lies from 2000-01-01 to 2100-12-31 (an instant by its local date); no string may "
    "hold NUL or a lone UTF-16 surrogate; JSON bodies nest at most 32 levels deep and are at most 64 KiB. "
    "This is not a crisis service and does not monitor anyone in real time."
)
ERROR_DESCRIPTIONS = {
    400: ("Invalid input: `fields` names each problem. Beyond this schema, a few rules relate values: an entry or "
          "outcome dated more than one day ahead of the client's local today; an instant sent in UTC whose date in "
          "the profile's time zone falls outside the range; `from` after `to` or `since` after "
          "`until`; an away period longer than 366 days; a `cursor` this API did not give out."),
    401: "No valid Firebase ID token.",
    403: "The token's role may not use this endpoint.",
    404: "Not found (or not yours).",
    409: "Conflicts with what is stored (e.g. a check-in on that date already, or no profile yet).",
    410: "Gone: the account was erased (or is being erased), or an invite code expired.",
    413: "Body larger than 64 KiB.",
    415: "Body is not JSON.",
    429: "Too many attempts; see Retry-After.",
    503: "The database is busy or unreachable: nothing was saved (or, when the message says so, it may "
         "have been); send the same request again after Retry-After seconds.",
}
SUCCESS_DESCRIPTIONS = {200: "OK", 201: "Created", 202: "Accepted: the rest continues in the background",
                        204: "Done; no content"}
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
    _hoist_time_zones(document)
    _refine_schemas(document)
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
        "parameters": [_path_parameter(name) for name in PATH_PARAMETER.findall(rule.rule)],
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
    errors = {401, 403, 410, 503} if contract.role else set()
    errors |= {400} if contract.body or contract.query or "<" in rule.rule else set()
    errors |= {413, 415} if contract.body else set()
    for status in sorted(errors | set(contract.errors)):
        operation["responses"][str(status)] = {
            "description": ERROR_DESCRIPTIONS[status],
            "content": {"application/json": {"schema": "Error"}},
        }
    return operation


def _path_parameter(name: str) -> dict:
    """The parameter as api/contract.py checks it: a name without a declared pattern fails the build."""
    parameter = PATH_PARAMETERS[name]
    schema = {"type": "string", "pattern": parameter.pattern}
    if parameter.format:
        schema["format"] = parameter.format
    return {"in": "path", "name": name, "required": True, "description": parameter.rule, "schema": schema}


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


# -- request and response forms ---------------------------------------------------------------------------------
# A component reached from a request body is an input: no server fields (input_of), no defaults (generators
# make a field with a default required; the default is said in words). A component reached from a response
# lists every field as required but those marked x-sometimes, and free text a therapist may not see is
# nullable. A component reached from both must read the same either way.
REF = "#/components/schemas/"
KIND_COMPONENTS = {"checkin": "CheckIn", "mood": "Mood", "breathing": "Breathing", "experiment": "Experiment",
                   "step": "ClientStep", "goal": "ClientGoal"}


def _hoist_time_zones(document: dict) -> None:
    """The list of zone names once, as the TimeZone component, instead of inline wherever a zone is taken."""
    schemas = document["components"]["schemas"]
    for schema in list(schemas.values()):
        for _name, prop in schema.get("properties", {}).items():
            if prop.get("enum") == list(TIMEZONE_NAMES):
                del prop["enum"], prop["type"]
                prop.pop("minLength", None), prop.pop("maxLength", None)
                prop["$ref"] = REF + "TimeZone"
    schemas["TimeZone"] = {"type": "string", "enum": list(TIMEZONE_NAMES),
                           "description": "An IANA time zone name, as listed by the tzdata package."}


def _refine_schemas(document: dict) -> None:
    schemas = document["components"]["schemas"]
    operations = [op for item in document["paths"].values() for op in item.values()]
    inputs = _reachable(schemas, [op["requestBody"] for op in operations if "requestBody" in op])
    outputs = _reachable(schemas, [op["responses"] for op in operations])
    for name in sorted(inputs):
        _as_input(name, schemas[name], shared=name in outputs)
    for name in sorted(outputs):
        _as_output(schemas[name])
    for kind, paths in FREE_TEXT_FIELDS.items():
        for path in paths:
            _make_nullable(schemas, KIND_COMPONENTS[kind], path.split("."))
    for operation in operations:
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                _as_query(parameter["schema"])
    _free_form_sync_body(schemas["SyncOperation"]["properties"]["body"])
    for schema in schemas.values():  # a field's key rule, which marshmallow's metadata carries as x-propertyNames
        for prop in schema.get("properties", {}).values():
            if "x-propertyNames" in prop:
                prop["propertyNames"] = prop.pop("x-propertyNames")


def _free_form_sync_body(prop: dict) -> None:
    """A sync operation's body is the single route's body: names and texts without NUL, values that are
    plain, lists of plain values, or one object of plain values (a questionnaire's answers); that route's
    schema checks it."""
    plain = {"anyOf": [{"type": "string", "pattern": NO_NUL_PATTERN}, {"type": ["number", "boolean", "null"]}]}
    flat = {"type": "object", "propertyNames": {"pattern": NO_NUL_PATTERN}, "additionalProperties": plain}
    prop.update(propertyNames={"pattern": NO_NUL_PATTERN},
                additionalProperties={"anyOf": [plain, {"type": "array", "items": plain}, flat]})


def _refs(node) -> set[str]:
    return set(re.findall(r'"\$ref": "' + re.escape(REF) + r'([A-Za-z0-9_]+)"', json.dumps(node)))


def _reachable(schemas: dict, roots: list) -> set[str]:
    found: set[str] = set()
    pending = set().union(*(_refs(root) for root in roots))
    while pending:
        name = pending.pop()
        if name not in found:
            found.add(name)
            pending |= _refs(schemas[name]) - found
    return found


def _as_input(name: str, schema: dict, *, shared: bool) -> None:
    for prop in schema.get("properties", {}).values():
        prop.pop("x-sometimes", None)
        if "default" in prop:
            default = prop.pop("default")
            if default is not None:
                words = f"Default when absent: {json.dumps(default)}."
                prop["description"] = f"{prop.get('description', '')} {words}".strip()
    optional = set(schema.get("properties", {})) - set(schema.get("required", []))
    if shared and optional:
        raise ValueError(f"{name} is a request and a response schema with optional {sorted(optional)}: "
                         "give the request its own form with input_of()")


def _as_output(schema: dict) -> None:
    required = []
    for name, prop in schema.get("properties", {}).items():
        if not prop.pop("x-sometimes", False):
            required.append(name)
        prop.pop("default", None)
        prop.pop("readOnly", None)
    if required:
        schema["required"] = sorted(required)


def _make_nullable(schemas: dict, component: str, path: list[str]) -> None:
    prop = schemas[component]["properties"][path[0]]
    if len(path) > 1:
        (inner,) = _refs(prop)
        _make_nullable(schemas, inner, path[1:])
        return
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    prop["type"] = types if "null" in types else [*types, "null"]


def _as_query(schema: dict) -> None:
    """A query parameter is absent or a string: neither null nor a default of null can be sent."""
    if "default" in schema and schema["default"] is None:
        del schema["default"]
    if isinstance(schema.get("type"), list):
        types = [t for t in schema["type"] if t != "null"]
        schema["type"] = types[0] if len(types) == 1 else types


def json_schemas(document: dict) -> dict[str, dict]:
    """Each component schema as a standalone JSON Schema (2020-12), with the schemas it references under $defs."""
    components = document["components"]["schemas"]
    files = {}
    for name, schema in components.items():
        used = sorted(_reachable(components, [schema]) - {name})
        standalone = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://stepping-stones.example/schemas/{name}.json",
            **schema,
        }
        if used:
            standalone["$defs"] = {other: components[other] for other in used}
        files[name] = json.loads(json.dumps(standalone).replace(REF, "#/$defs/"))
    return files


def render(data: dict) -> str:
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
