"""What helps me, read from the client's summary: one document read, whatever the length of history."""
from __future__ import annotations

from datetime import datetime

from ..domain.what_helps import what_helps
from ..errors import ProfileRequired
from ..storage import Store


def read_what_helps(store: Store, uid: str, now: datetime) -> dict:
    """The rules over the year ending on the client's today, and the year's mood a day."""
    summary = store.get_summary(uid)
    if summary is None:
        raise ProfileRequired()
    return what_helps(summary.state, summary.today(now))
