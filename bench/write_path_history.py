"""A change at the end of a long history costs what it costs a fresh client (issue 20, item 2).

The long client has 10 heavy years (tests/support/history.heavy_records) plus 1,500 experiments
(see many_experiments): the summary document the incremental path leaves for that history is stored, and
before each request it is put back, so every repetition meets the same state. Only the summary and
the profile are stored: a change at the end reads the summary and the documents it names, never the
old entries, so writing 77,000 entry documents would change nothing measured here.

Figures: the median of several runs of a POST /v1/sync of 100 new experiments and of a single mood
PUT, for the long client and for a fresh one (a new uid each run), and their ratio (goal: <= 1.3x).
"""
from __future__ import annotations

import logging
import os
from datetime import date, datetime, timedelta, timezone

from stepping_stones.domain.experiments import VIA_STRENGTHS
from stepping_stones.domain.records import Experiment, ExperimentOutcome
from tests.support.api import ApiUser
from tests.support.history import heavy_records, summary_document

from .support import emulator_for_benchmark, median_ms, print_table, timed

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
YEARS, EXPERIMENTS, BATCH, REPEATS = 10, 1500, 100, 5


def many_experiments(count: int, today: date = TODAY) -> list[Experiment]:
    """`count` experiments: half planned over the last 30 days and never done (as a phone script planning
    thousands leaves them: id-less facts in the summary's recent days), half one a day before that, every
    other one done (archived as the days pass)."""
    made = []
    for n in range(count):
        recent = n < count // 2
        planned = today - timedelta(days=n % 30 if recent else 31 + n - count // 2)
        outcome = ExperimentOutcome(planned, "went", 6, learned="x") if not recent and n % 2 else None
        made.append(Experiment(id=f"many-{n}", strength=VIA_STRENGTHS[n % len(VIA_STRENGTHS)], plan="plan",
                               prediction="guess", planned_for=planned, outcome=outcome))
    return made


def batch_of_experiments(run: int) -> dict:
    return {"operations": [{"method": "PUT", "path": f"/v1/experiments/run{run}-{n}",
                            "body": {"strength": VIA_STRENGTHS[n % len(VIA_STRENGTHS)], "plan": "Ask",
                                     "prediction": "Awkward", "planned_for": TODAY.isoformat()}}
                           for n in range(BATCH)]}


def a_mood(run: int) -> tuple[str, dict]:
    return f"/v1/moods/single-{run}", {"at": f"{TODAY.isoformat()}T09:{run:02d}:00+01:00", "rating": 6}


def main() -> None:
    print(f"Building the summary of {YEARS} heavy years plus {EXPERIMENTS} experiments…", flush=True)
    records, goals = heavy_records(TODAY - timedelta(days=1), YEARS * 365 + YEARS // 4)
    long_summary = summary_document([*records, *many_experiments(EXPERIMENTS)], goals, TODAY)
    with emulator_for_benchmark():
        os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = "127.0.0.1:9099"
        from stepping_stones.api.context import store
        from stepping_stones.app import create_app
        from stepping_stones.config import Config

        app = create_app({"SETTINGS": Config.from_env(), "CLOCK": lambda: NOW})
        with app.app_context():
            the_store = store()
        logging.getLogger("stepping_stones.requests").disabled = True
        long_user = ApiUser(app.test_client(), "history-long")
        long_user.put("/v1/me", {"display_name": "L", "timezone": "Europe/Berlin"})
        times: dict[str, dict[str, list[float]]] = {"long": {"sync": [], "put": []},
                                                    "fresh": {"sync": [], "put": []}}
        for run in range(REPEATS):  # alternating, so a busy machine slows both alike
            fresh_user = ApiUser(app.test_client(), f"history-fresh-{run}")
            fresh_user.put("/v1/me", {"display_name": "F", "timezone": "Europe/Berlin"})
            for label, user in (("long", long_user), ("fresh", fresh_user)):
                if label == "long":
                    the_store.write_in_batches(user.uid, summary_doc=long_summary)
                body = batch_of_experiments(run)
                response = None

                def sync():
                    nonlocal response
                    response = user.post("/v1/sync", body)  # noqa: B023 - called within this iteration
                times[label]["sync"].append(timed(sync))
                assert response.status_code == 200, response.get_data(as_text=True)
                assert all(result["status"] in (200, 201) for result in response.get_json()["results"])
                if label == "long":
                    the_store.write_in_batches(user.uid, summary_doc=long_summary)
                path, mood = a_mood(run)
                times[label]["put"].append(timed(lambda: user.put(path, mood)))  # noqa: B023 - called within this iteration
    print(f"\nA change at the end, {REPEATS} runs each (medians), Firestore emulator on this machine;"
          f" the long summary is {len(long_summary['state'])} bytes of state and"
          f" {len(long_summary['archive'] or b'')} of archive:")
    rows = []
    for kind, what in (("sync", f"POST /v1/sync of {BATCH} experiments"), ("put", "PUT one mood")):
        long_ms, fresh_ms = median_ms(times["long"][kind]), median_ms(times["fresh"][kind])
        rows.append([what, fresh_ms, long_ms, f"{long_ms / fresh_ms:.2f}x"])
    print_table(["request", "fresh client ms", f"{YEARS} years + {EXPERIMENTS} experiments ms", "ratio"], rows)
    print("(goal: at most 1.3x)")


if __name__ == "__main__":
    main()
