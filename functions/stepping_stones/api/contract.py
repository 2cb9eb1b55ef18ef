"""The endpoint decorator: loads the body and query with schemas, dumps the result with one."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from flask import Response, request
from marshmallow import Schema

from . import context
from ..errors import UnsupportedMediaType, ValidationFailed
from ..schemas.common import path_id_problem


@dataclass(frozen=True)
class Contract:
    """What an endpoint accepts and returns; the OpenAPI generator reads the same object."""

    body: type[Schema] | None = None
    query: type[Schema] | None = None
    response: type[Schema] | None = None
    statuses: tuple[int, ...] = (200,)
    errors: tuple[int, ...] = field(default_factory=tuple)
    role: str | None = None  # "client" or "therapist"; None for public endpoints


def endpoint(*, role, body=None, query=None, response=None, statuses=(200,), errors=()):
    """Declare an endpoint: the caller is checked first (the view gets `uid`), then `body`/`query` are
    loaded with their schemas; the view returns data (or data and status) dumped with `response`."""
    contract = Contract(body, query, response, tuple(statuses), tuple(errors), role)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(**path_args):
            if contract.role is not None:
                path_args["uid"] = context.uid_with_role(contract.role)
            _check_path_ids(path_args)
            if contract.body is not None:
                path_args["body"] = contract.body().load(read_json_object())
            if contract.query is not None:
                path_args["query"] = contract.query().load(request.args.to_dict(flat=True))
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


def _check_path_ids(path_args: dict) -> None:
    """Ids in the address become document ids: refuse the ones Firestore cannot store (400)."""
    problems = {name: [problem] for name, value in path_args.items()
                if name != "uid" and (problem := path_id_problem(value))}
    if problems:
        raise ValidationFailed("An id in the address is not valid.", problems)


def read_json_object() -> dict:
    """The request body as a JSON object; 415 when it is not JSON, 400 when it is not an object."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as JSON with 'Content-Type: application/json'.")
    payload = request.get_json(silent=True)
    if payload is None:
        request.get_data()  # raises 413 first when the body was too large
        raise ValidationFailed("The body is not valid JSON.", {"_body": ["Not valid JSON."]})
    if not isinstance(payload, dict):
        raise ValidationFailed("The body must be a JSON object.", {"_body": ["Expected a JSON object."]})
    return payload
