"""The largest answer a client can provoke: bytes of the biggest responses a script can ask for.

Figures (bytes sent, bytes answered, ratio, ms) for: a POST /v1/sync of 100 step changes of 700
characters on a goal at its step bound with every text field full; a POST /v1/sync of 100 re-sends of an
experiment whose plan and outcome are full (the largest single item a batch can answer); and
GET /v1/goals on that goal. Each text is sent once in ASCII and once in 4-byte characters (emoji), as UTF-8 JSON.
"""
from __future__ import annotations

import json
import logging
import os
import time
from datetime import datetime, timezone

from tests.support.api import ApiUser

from .support import emulator_for_benchmark, print_table, timed

NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
try:
    from stepping_stones.domain.bounds import STEPS_PER_GOAL
    STEPS = STEPS_PER_GOAL.limit
except ImportError:  # a checkout from before the bounds: the same goal, for the figure before
    STEPS = 50


def text(length: int, character: str) -> str:
    return character * length


def send(user: ApiUser, method: str, path: str, body=None):
    """The request as a phone sends it: JSON in UTF-8 (an emoji is 4 bytes, not a 12-byte escape)."""
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    response = user.http.open(path, method=method.upper(), data=data, headers=user.headers,
                              content_type="application/json" if data is not None else None)
    if response.status_code >= 300 or (path == "/v1/sync" and any(
            result["status"] >= 300 for result in response.get_json()["results"])):
        raise RuntimeError(f"{method} {path} was refused: {response.get_data(as_text=True)[:300]}")
    return response, len(data or b"")


def fill_goal(user: ApiUser, goal_id: str, character: str) -> None:
    send(user, "put", f"/v1/goals/{goal_id}", {"title": text(200, character), "why": text(1000, character)})
    steps = [{"method": "PUT", "path": f"/v1/goals/{goal_id}/steps/s{i}",
              "body": {"title": text(200, character), "done_when": text(500, character), "position": i}}
             for i in range(STEPS)]
    send(user, "post", "/v1/sync", {"operations": steps})
    done = [{"method": "POST", "path": f"/v1/goals/{goal_id}/steps/s{i}/done",
             "body": {"done_on": "2026-03-09", "note": text(1000, character)}} for i in range(STEPS)]
    send(user, "post", "/v1/sync", {"operations": done})


def measure(user: ApiUser, method: str, path: str, body=None) -> list:
    answer = {}
    ms = timed(lambda: answer.update(sent=send(user, method, path, body))) * 1000
    response, sent = answer["sent"]
    size = len(response.get_data())
    return [sent, size, f"{size / sent:.1f}x" if sent else "-", round(ms), response.status_code]


def step_changes(goal_id: str, character: str) -> dict:
    return {"operations": [{"method": "PUT", "path": f"/v1/goals/{goal_id}/steps/s{i % STEPS}",
                            "body": {"title": text(200, character), "done_when": text(500, character),
                                     "position": i % STEPS}} for i in range(100)]}


def experiment_resends(character: str) -> dict:
    plan = {"strength": "curiosity", "plan": text(1000, character), "prediction": text(1000, character),
            "planned_for": "2026-03-08"}
    return {"operations": [{"method": "PUT", "path": "/v1/experiments/x", "body": plan}] * 100}


def main() -> None:
    logging.getLogger("stepping_stones.requests").disabled = True
    with emulator_for_benchmark():
        os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = "127.0.0.1:9099"
        from stepping_stones.app import create_app
        from stepping_stones.config import Config

        app = create_app({"SETTINGS": Config.from_env(), "CLOCK": lambda: NOW})
        rows = []
        for label, character in (("ASCII", "x"), ("emoji", "\U0001F600")):
            user = ApiUser(app.test_client(), f"largest-answer-{label}")
            for _ in range(20):  # the emulator's first writes may answer 503 while it warms up
                if user.put("/v1/me", {"display_name": "S", "timezone": "Europe/Berlin"}).status_code < 300:
                    break
                time.sleep(1)
            fill_goal(user, "g", character)
            rows.append([f"sync: 100 step changes, {label}", *measure(user, "post", "/v1/sync",
                                                                      step_changes("g", character))])
            send(user, "put", "/v1/experiments/x", experiment_resends(character)["operations"][0]["body"])
            outcome = {"done_on": "2026-03-09", "what_happened": text(2000, character), "outcome_rating": 7,
                       **{name: text(2000, character) for name in ("sensations", "thoughts", "learned")}}
            send(user, "put", "/v1/experiments/x/outcome", outcome)
            rows.append([f"sync: 100 full experiments, {label}", *measure(user, "post", "/v1/sync",
                                                                         experiment_resends(character))])
            rows.append([f"GET /v1/goals, 1 goal of {STEPS} full steps, {label}", *measure(user, "get", "/v1/goals")])
    print(f"\nThe largest answers a client can provoke (goal of {STEPS} steps, every text field at its maxLength):")
    print_table(["request", "bytes sent", "bytes answered", "answered/sent", "ms", "status"], rows)
    largest = max(rows, key=lambda row: row[2])
    print(f"\nlargest answer: {largest[2]:,} bytes ({largest[2] / 2**20:.2f} MiB), {largest[0]}")


if __name__ == "__main__":
    main()
