"""A server error is worth reading: a stack trace Error Reporting groups, and a request id to quote."""
from __future__ import annotations

import json
import logging

from google.api_core import exceptions as gexc

from stepping_stones.services import entries, summary
from tests.support.bodies import a_checkin, a_mood

ERROR_EVENT = "type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent"


def request_lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "stepping_stones.requests"]


def test_a_500_logs_its_stack_trace_for_error_reporting_and_the_body_quotes_the_request_id(
        client_with_profile, caplog, monkeypatch):
    secret = " ".join(["felt", "hopeless"])  # messages can carry client text

    def broken(*args, **kwargs):
        raise RuntimeError(secret)

    monkeypatch.setattr(entries, "build_record", broken)
    caplog.set_level(logging.INFO, logger="stepping_stones.requests")

    response = client_with_profile.put("/v1/moods/m1", a_mood())

    assert response.status_code == 500
    error = response.get_json()["error"]
    request_id = response.headers["X-Request-Id"]
    assert request_id in error["message"]
    assert "nothing was saved" in error["message"]  # true: no write reached the database
    assert "retry" not in error["message"].lower()  # a bug does not go away on retry
    (line,) = request_lines(caplog)
    assert line["severity"] == "ERROR" and line["@type"] == ERROR_EVENT
    assert line["request_id"] == request_id
    assert line["stack_trace"].startswith("Traceback (most recent call last):")
    assert "in put_entry" in line["stack_trace"] and "RuntimeError" in line["stack_trace"]
    assert secret not in json.dumps(line)


def test_a_500_after_something_was_written_does_not_claim_nothing_was_saved(client_with_profile, monkeypatch):
    from stepping_stones.api import entries as entries_api

    original = entries.put_entry

    def saved_then_broken(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("after the commit")

    monkeypatch.setattr(entries_api.entries, "put_entry", saved_then_broken)
    response = client_with_profile.put("/v1/checkins/c1", a_checkin())

    assert response.status_code == 500
    message = response.get_json()["error"]["message"]
    assert "nothing was saved" not in message and response.headers["X-Request-Id"] in message


def test_a_backend_error_outside_a_transaction_is_a_503_with_retry_after(client_with_profile, monkeypatch):
    def unavailable(*args, **kwargs):
        raise gexc.ServiceUnavailable("connection refused")

    monkeypatch.setattr(summary, "summarize", unavailable)
    response = client_with_profile.get("/v1/summary")

    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    assert response.get_json()["error"]["code"] == "unavailable"


def test_contention_on_every_attempt_ends_in_503_with_retry_after_and_no_backoff_outlasts_the_budget(
        app, client_with_profile, monkeypatch):
    """The request's clock is the real one plus the backoffs, which are counted instead of slept: every backoff the
    retries take ends before the budget does (bench/deadlines.py measures the time such a request takes)."""
    import time
    from types import SimpleNamespace

    from stepping_stones.storage import budget, core, transaction

    def always_contended(self):
        raise gexc.Aborted("too much contention")

    slept: list[float] = []
    backoffs: list[tuple[float, float]] = []  # (the request's clock when the backoff ends, the budget's end)

    def clock() -> float:
        return time.monotonic() + sum(slept)

    def sleep(seconds: float) -> None:
        current = budget._budget.get()
        backoffs.append((clock() + seconds, current.ends_at))
        slept.append(seconds)

    monkeypatch.setattr(budget, "time", SimpleNamespace(monotonic=clock))
    monkeypatch.setattr(core, "time", SimpleNamespace(sleep=sleep))
    app.config["SETTINGS"] = app.config["SETTINGS"].with_overrides(request_budget_seconds=1.5)
    real_commit = transaction.StoreTransaction.commit
    monkeypatch.setattr(transaction.StoreTransaction, "commit", always_contended)
    response = client_with_profile.put("/v1/moods/m1", a_mood())

    assert response.status_code == 503 and int(response.headers["Retry-After"]) >= 1
    assert len(backoffs) >= 2, backoffs  # it did retry
    assert all(ends <= budget_ends for ends, budget_ends in backoffs), backoffs
    monkeypatch.setattr(transaction.StoreTransaction, "commit", real_commit)
    assert client_with_profile.get("/v1/moods/m1").status_code == 404  # nothing half-written
