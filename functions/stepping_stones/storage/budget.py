"""Deadlines: every Firestore call has a timeout, and a request's calls share its time budget.

A request opens `request_budget(seconds)`; each call then gets `call_options()`, a timeout no longer
than the time left (and at most CALL_TIMEOUT), and a retry of refused connections that stops
with the budget. When the budget is spent, or the backend stays down, the caller gets
`ServiceUnavailable` (503 with Retry-After), never a hang or a 500.
"""
from __future__ import annotations

import contextlib
import contextvars
import time
from dataclasses import dataclass
from typing import Iterator

from google.api_core import exceptions as gexc
from google.api_core import retry as gretry

from ..errors import ServiceUnavailable

CALL_TIMEOUT = 5.0  # one Firestore RPC, when no request budget is tighter
ANSWER_RESERVE = 0.4  # seconds kept back from the budget to turn an error into a response
MIN_CALL = 0.05  # below this, do not start a call
BUSY_RETRY_AFTER = 2  # seconds a phone waits after contention
DOWN_RETRY_AFTER = 10  # seconds a phone waits when the database is unreachable

# Errors that say "not now": contention, overload, an unreachable or slow backend.
TRANSIENT = (gexc.Aborted, gexc.ServiceUnavailable, gexc.DeadlineExceeded, gexc.InternalServerError,
             gexc.ResourceExhausted, gexc.RetryError)


@dataclass(frozen=True)
class Budget:
    ends_at: float  # time.monotonic() by which the request must have answered
    call_timeout: float = CALL_TIMEOUT

    def remaining(self) -> float:
        return self.ends_at - time.monotonic()


_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("firestore_budget", default=None)


@contextlib.contextmanager
def request_budget(seconds: float, call_timeout: float = CALL_TIMEOUT) -> Iterator[Budget]:
    """Every Firestore call inside the block finishes within `seconds` of its start (less a reserve)."""
    current = Budget(time.monotonic() + max(seconds - ANSWER_RESERVE, MIN_CALL), call_timeout)
    token = _budget.set(current)
    try:
        yield current
    finally:
        _budget.reset(token)


def remaining() -> float | None:
    """Seconds left in this request's budget (None outside a request)."""
    current = _budget.get()
    return None if current is None else current.remaining()


def unavailable(*, retry_after: int = DOWN_RETRY_AFTER, maybe_saved: bool = False) -> ServiceUnavailable:
    if maybe_saved:
        message = ("The database did not confirm the change in time; it may or may not have been saved. "
                   f"Sending the same request again after {retry_after} seconds is safe.")
    else:
        message = f"The database is busy or unreachable; nothing was saved. Please retry after {retry_after} seconds."
    return ServiceUnavailable(message, retry_after)


def call_timeout() -> float:
    """The timeout of the next call: the time left, at most the per-call timeout; 503 when none is left."""
    current = _budget.get()
    if current is None:
        return CALL_TIMEOUT
    left = current.remaining()
    if left < MIN_CALL:
        raise unavailable()
    return min(current.call_timeout, left)


def call_options() -> dict:
    """`retry=` and `timeout=` for a call outside a transaction: refused connections are retried
    with backoff while the budget lasts; a hung call ends at its timeout."""
    timeout = call_timeout()
    left = remaining()
    retry = gretry.Retry(predicate=gretry.if_exception_type(gexc.ServiceUnavailable), initial=0.05,
                         maximum=1.0, multiplier=2.0, timeout=left if left is not None else 3 * CALL_TIMEOUT)
    return {"retry": retry, "timeout": timeout}


def is_transient(error: BaseException) -> bool:
    return isinstance(error, TRANSIENT)


def as_app_error(error: BaseException) -> ServiceUnavailable | None:
    """The 503 a transient backend error becomes (None for anything else)."""
    if isinstance(error, ServiceUnavailable):
        return error
    if is_transient(error):
        busy = isinstance(error, (gexc.Aborted, gexc.ResourceExhausted))
        return unavailable(retry_after=BUSY_RETRY_AFTER if busy else DOWN_RETRY_AFTER)
    return None
