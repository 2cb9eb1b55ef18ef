"""Records to and from plain JSON data (dates as ISO strings; datetimes keep the phone's offset)."""
from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from functools import cache


@cache
def _hints(cls) -> dict[str, object]:
    return typing.get_type_hints(cls)


def to_plain(value):
    """A record (or any value inside one) as JSON-able data."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [to_plain(item) for item in value]
    return value


def from_plain(cls, data: dict):
    """Rebuild a record of type `cls` from `to_plain` output; fields not in `__init__` are skipped."""
    hints = _hints(cls)
    kwargs = {
        f.name: _convert(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)
        if f.init and f.name in data
    }
    return cls(**kwargs)


def _convert(hint, value):
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(inner, value)
    if origin is tuple:
        item_type = typing.get_args(hint)[0]
        return tuple(_convert(item_type, item) for item in value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return from_plain(hint, value)
    return value
