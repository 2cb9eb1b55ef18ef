"""JSON answers as UTF-8 text: an emoji is 4 bytes, not a 12-byte escaped surrogate pair (bounds answer sizes)."""
from __future__ import annotations

from flask.json.provider import DefaultJSONProvider


class Utf8JSONProvider(DefaultJSONProvider):
    """UTF-8 where it can be; text holding a lone surrogate (a refused field name echoed in an error, which
    no UTF-8 can carry) is written with escapes instead, as before."""

    ensure_ascii = False
    sort_keys = False

    def dumps(self, obj, **kwargs) -> str:
        text = super().dumps(obj, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return super().dumps(obj, **{**kwargs, "ensure_ascii": True})
        return text
