"""The endpoint decorator: checks path parameters, loads the body and query with schemas, dumps the result."""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask import Response, request
from marshmallow import Schema

from ..errors import UnsupportedMediaType, ValidationFailed
from ..schemas.common import (
    DATE_IN_RANGE_PATTERN,
    DATE_RANGE,
    ID_PATTERN,
    ID_RULE,
    UID_PATTERN,
    UID_RULE,
    WIN_ID_PATTERN,
    WIN_ID_RULE,
    date_problem,
    text_problem,
)
from ..schemas.measures import MEASURE_PATTERN, MEASURE_RULE
from . import context

MAX_JSON_DEPTH = 32  # an object holding a list holding an object ... counts one level each


@dataclass(frozen=True)
class Contract:
    """What an endpoint accepts and returns; the OpenAPI generator reads the same object."""

    body: type[Schema] | None = None
    query: type[Schema] | None = None
    response: type[Schema] | None = None
    statuses: tuple[int, ...] = (200,)
    errors: tuple[int, ...] = field(default_factory=tuple)
    role: str | None = None  # "client" or "therapist"; None for public endpoints


@dataclass(frozen=True)
class PathParameter:
    """A segment of the address: its pattern (also published in the contract) and what the view gets."""

    pattern: str
    rule: str
    format: str | None = None
    convert: Callable[[str], object] = str

    def load(self, value: str):
        """The value for the view, or a ValueError saying what is wrong."""
        problem = text_problem(value)
        if problem or not re.fullmatch(self.pattern, value):
            raise ValueError(problem or self.rule)
        return self.convert(value)


def _local_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError("Use a date as YYYY-MM-DD.") from None
    problem = date_problem(day)
    if problem:
        raise ValueError(problem)
    return day


_ID = PathParameter(ID_PATTERN, ID_RULE)
_UID = PathParameter(UID_PATTERN, UID_RULE)
PATH_PARAMETERS = {
    "entry_id": _ID, "period_id": _ID, "goal_id": _ID, "step_id": _ID, "device_id": _ID, "notification_id": _ID,
    "suggestion_id": _ID, "item_id": _ID,
    "client_uid": _UID, "therapist_uid": _UID, "answer_id": _ID,
    "measure": PathParameter(MEASURE_PATTERN, MEASURE_RULE),
    "win_id": PathParameter(WIN_ID_PATTERN, WIN_ID_RULE),
    "code": PathParameter("^[A-Za-z0-9 -]{1,32}$", "An invite code: its 16 letters and digits, dashes and spaces optional."),
    "day": PathParameter(DATE_IN_RANGE_PATTERN, f"A local date (YYYY-MM-DD) {DATE_RANGE}.", "date", _local_date),
}


def endpoint(*, role, body=None, query=None, response=None, statuses=(200,), errors=()):
    """Declare an endpoint: the caller is checked first (the view gets `uid`), then the path parameters
    (PATH_PARAMETERS), then `body`/`query` are loaded with their schemas; the view returns data (or data
    and status) dumped with `response`."""
    contract = Contract(body, query, response, tuple(statuses), tuple(errors), role)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(**path_args):
            if contract.role is not None:
                path_args["uid"] = context.uid_with_role(contract.role)
            path_args.update(_load_path_parameters({k: v for k, v in path_args.items() if k != "uid"}))
            if contract.body is not None:
                path_args["body"] = contract.body().load(read_json_object())
            if contract.query is not None:
                path_args["query"] = contract.query().load(_query_arguments())
            result = view(**path_args)
            if isinstance(result, Response):  # a streamed body, already shaped by the view
                return result
            data, status = result if isinstance(result, tuple) else (result, contract.statuses[0])
            if status == 204:
                return Response(status=204)
            return contract.response().dump(data), status

        wrapper.__contract__ = contract
        return wrapper

    return decorate


def _load_path_parameters(raw: dict[str, str]) -> dict:
    """Ids in the address become document ids: each is checked against its parameter's own pattern."""
    loaded, problems = _loaded_path_parameters(raw)
    if problems:
        raise ValidationFailed(f"Some parts of the address are not valid: {', '.join(sorted(problems))}.", problems)
    return loaded


def _loaded_path_parameters(raw: dict[str, str]) -> tuple[dict, dict[str, list[str]]]:
    loaded, problems = {}, {}
    for name, value in raw.items():
        try:
            loaded[name] = PATH_PARAMETERS[name].load(value)
        except ValueError as problem:
            problems[name] = [str(problem)]
    return loaded, problems


def path_parameters_problem(raw: dict[str, str]) -> bool:
    """Whether any of these path parameters would be refused (a batch skips reading for them)."""
    return bool(_loaded_path_parameters(raw)[1])


def _query_arguments() -> dict[str, str]:
    arguments = request.args.to_dict(flat=True)
    problems = {name: [problem] for name, value in arguments.items()
                if (problem := text_problem(name) or text_problem(value))}
    if problems:
        raise ValidationFailed(f"Some query parameters need attention: {', '.join(sorted(problems))}.", problems)
    return arguments


def read_json_object() -> dict:
    """The request body as a JSON object of storable strings, at most MAX_JSON_DEPTH deep; 415 when it is
    not JSON, 413 when too large, 400 otherwise."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as JSON with 'Content-Type: application/json'.")
    data = request.get_data(cache=True)  # raises 413 first when the body is too large
    try:
        payload = json.loads(data)
    except RecursionError:
        raise _too_deep() from None
    except ValueError:  # includes bytes that are not UTF-8
        raise ValidationFailed("The body is not valid JSON.", {"_body": ["Not valid JSON."]}) from None
    if not isinstance(payload, dict):
        raise ValidationFailed("The body must be a JSON object.", {"_body": ["Expected a JSON object."]})
    problems = _json_problems(payload)
    if problems:
        raise ValidationFailed(f"Some fields need attention: {', '.join(sorted(problems))}.", problems)
    return payload


def _too_deep() -> ValidationFailed:
    return ValidationFailed(f"The body is nested more than {MAX_JSON_DEPTH} levels deep.",
                            {"_body": [f"Nest objects and lists at most {MAX_JSON_DEPTH} levels deep."]})


def _json_problems(payload: dict) -> dict:
    """Strings that cannot be stored, by field (nested like marshmallow's messages), without recursion."""
    problems: dict = {}
    pending = [(payload, (), 1)]
    while pending:
        value, path, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        if isinstance(value, dict):
            for key, item in value.items():
                if text_problem(key):
                    problems.setdefault("_body", [f"A field name: {text_problem(key)}"])
                else:
                    pending.append((item, (*path, key), depth + 1))
        elif isinstance(value, list):
            pending.extend((item, (*path, str(index)), depth + 1) for index, item in enumerate(value))
        elif isinstance(value, str) and (problem := text_problem(value)):
            node = problems
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = [problem]
    return problems
