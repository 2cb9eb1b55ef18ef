"""Each request logs one Cloud Logging JSON line with counts, and no tokens or clinical text."""
from __future__ import annotations

import json
import logging

from tests.support.bodies import a_checkin


def request_lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "stepping_stones.requests"]


def test_each_request_logs_one_structured_line_with_firestore_counts(client_with_profile, caplog):
    caplog.set_level(logging.INFO, logger="stepping_stones.requests")

    response = client_with_profile.put("/v1/checkins/c-1", a_checkin(note="I felt low after the call with mum"))

    (line,) = request_lines(caplog)
    assert line["severity"] == "INFO"
    assert line["httpRequest"]["requestMethod"] == "PUT"
    assert line["httpRequest"]["status"] == 201
    assert line["route"] == "/v1/checkins/<entry_id>"
    assert line["request_id"] == response.headers["X-Request-Id"]
    assert line["duration_ms"] >= 0
    # reads: the caller's erasure record (none), the summary document and the entry;
    # writes: the entry, the summary, the first-check-in win and its notification
    assert line["firestore"] == {"reads": 3, "writes": 4, "retries": 0}


def test_the_log_holds_no_token_no_ids_and_no_clinical_text(client_with_profile, caplog):
    caplog.set_level(logging.INFO)
    client_with_profile.put("/v1/checkins/secret-id", a_checkin(note="panic at the supermarket", went_well="walked"))
    client_with_profile.get("/v1/timeline", **{"from": "2026-03-01"})

    text = "\n".join(r.getMessage() for r in caplog.records)
    token = client_with_profile.headers["Authorization"].split()[1]
    for secret in (token, "panic", "supermarket", "walked", "secret-id", client_with_profile.uid, "2026-03-01"):
        assert secret not in text


def test_client_errors_log_as_warnings_and_carry_the_trace_id(http, caplog):
    caplog.set_level(logging.INFO, logger="stepping_stones.requests")
    http.get("/v1/unknown", headers={"X-Cloud-Trace-Context": "105445aa7843bc8bf206b12000100000/1;o=1"})

    (line,) = request_lines(caplog)
    assert line["severity"] == "WARNING"
    assert line["route"] == "unmatched"
    assert line["request_id"] == "105445aa7843bc8bf206b12000100000"


def test_a_streamed_response_logs_when_the_body_has_been_sent_with_its_real_time_and_reads(app, caplog):
    import time

    from flask import Response, stream_with_context

    from stepping_stones.storage.metering import count

    def slow_body():
        for chunk in ("a", "b", "c"):
            time.sleep(0.05)
            count(reads=10)
            yield chunk

    from stepping_stones.app import create_app

    app = create_app({"SETTINGS": app.config["SETTINGS"], "CLOCK": app.config["CLOCK"], "TESTING": True})
    app.add_url_rule("/v1/test-stream", "test_stream", lambda: Response(stream_with_context(slow_body())))
    caplog.set_level(logging.INFO, logger="stepping_stones.requests")

    response = app.test_client().get("/v1/test-stream")
    assert request_lines(caplog) == []  # headers are out, the body is not: nothing to tell yet
    assert response.get_data() == b"abc"
    response.close()

    (line,) = request_lines(caplog)
    assert line["duration_ms"] >= 150
    assert line["firestore"] == {"reads": 30, "writes": 0, "retries": 0}
