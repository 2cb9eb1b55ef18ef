"""A year of weekly PHQ-9 and GAD-7 answers, written as the answer route stores them (for cost tests and bench)."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from stepping_stones.domain.measures import GAD7, PHQ9


def a_year_of_weekly_measures(store, uid: str, therapist_uid: str, today: date, weeks: int = 52) -> int:
    """Both measures assigned weekly by `therapist_uid` and answered every week for `weeks` weeks up to `today`;
    returns how many answers were written."""
    answers = {}
    for week in range(weeks):
        day = today - timedelta(days=7 * (weeks - 1 - week))
        at = datetime.combine(day, time(9), tzinfo=UTC)
        for measure in (PHQ9, GAD7):
            value = (week // 10) % 4
            answer_id = f"{measure.key}-{day.isoformat()}"
            answers[answer_id] = {"id": answer_id, "measure": measure.key, "status": "answered",
                                  "answers": {item.code: value for item in measure.scored_items},
                                  "answered_at": at, "local_date": day.isoformat()}
    start = (today - timedelta(days=7 * (weeks - 1))).isoformat()
    assignments = {f"{therapist_uid}:{m.key}": {"therapist_uid": therapist_uid, "measure": m.key, "rhythm": "weekly",
                                                 "starts_on": start, "session_date": None,
                                                 "assigned_at": datetime.combine(date.fromisoformat(start), time(8),
                                                                                 tzinfo=UTC)}
                   for m in (PHQ9, GAD7)}
    store.run_transaction(lambda tx: tx.set_measures(uid, {"assignments": assignments, "answers": answers}))
    return len(answers)
