"""The between-session review: what happened since the last session, from the one summary document."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from ..domain import review as rules
from ..domain import review_days
from ..domain import state_records as records
from ..domain.experiments import experiment_status
from ..domain.records import EXPERIMENT
from ..storage import Store
from .audit import record_access
from .clients import client_progress, require_link

BASELINE_LOOKBACK = timedelta(days=rules.BASELINE_DAYS - 1)  # each day's baseline looks back this far


def client_review(store: Store, therapist_uid: str, client_uid: str, now: datetime, *,
                  since: date | None = None, until: date | None = None) -> dict:
    """Counts, mood trend, experiments, goals, wins and engagement signals for a window of local dates
    (by default from the last recorded session to today). Reads: the link, the summary document,
    the sessions, and the wins (and, when notes are shared, experiments) dated in the window."""
    link = require_link(store, therapist_uid, client_uid)
    progress = client_progress(store, client_uid)
    today = progress.today(now)
    until = until or today
    if since is None:
        sessions = [date.fromisoformat(s["date"]) for s in store.list_sessions(therapist_uid, client_uid)]
        since, until = rules.default_window(max((d for d in sessions if d <= today), default=None), until)
    state = progress.state
    checkins = records.checkins_between(state, since - BASELINE_LOOKBACK, until)
    moods = records.moods_between(state, since - BASELINE_LOOKBACK, until)
    experiments, away = records.experiments(state), records.away_periods(state)
    breathing = records.breathing_between(state, since, until)
    counts = rules.window_counts(checkins, breathing, experiments, records.goals(state), away, since, until)
    record_access(store, client_uid, therapist_uid, "review", now, therapist_name=link.get("therapist_name"))
    return {
        "client_uid": client_uid,
        "display_name": progress.display_name,
        "since": since,
        "until": until,
        "share_notes": link["share_notes"],
        "counts": counts,
        "mood_series": rules.daily_mood_series(checkins, moods, since, until),
        "mood_vs_baseline": rules.mood_vs_baseline(checkins, moods, until),
        "experiments": _experiments(store, client_uid, experiments, link["share_notes"], since, until, today),
        "wins": _wins(store, client_uid, link, since, until),
        "engagement_signals": rules.engagement_signals(checkins, moods, experiments, away, since, until),
        "days": review_days.window_days(checkins, moods, breathing, away, since, until),
        "entries_path": f"/v1/clients/{client_uid}/entries?from={since.isoformat()}&to={until.isoformat()}",
    }


def _experiments(store, client_uid, experiments, share_notes, since, until, today) -> list[dict]:
    """Experiments planned in the window; what the client learned only when they share notes."""
    in_window = [e for e in experiments if since <= e.planned_for <= until]
    learned = {}
    if share_notes and in_window:
        docs = store.list_entries(client_uid, kinds=(EXPERIMENT,), key_from=since.isoformat(),
                                  key_before=(until + timedelta(days=1)).isoformat(), limit=500)
        learned = {d["id"]: (d["record"].get("outcome") or {}).get("learned") for d in docs}
    return [
        {
            "id": e.id, "strength": e.strength, "planned_for": e.planned_for,
            "status": experiment_status(e.planned_for, e.outcome is not None, today),
            "done_on": e.outcome.done_on if e.outcome else None,
            "learned_something": bool(e.outcome and e.outcome.learned),
            "learned": learned.get(e.id) if share_notes else None,
        }
        for e in sorted(in_window, key=lambda e: (e.planned_for, e.id))
    ]


def _wins(store, client_uid, link, since, until) -> list[dict]:
    reviewed = link.get("reviewed", {})
    docs = store.list_wins_between(client_uid, since.isoformat(), (until + timedelta(days=1)).isoformat())
    return [
        {**{k: d[k] for k in ("id", "rule", "occurred_on", "message", "evidence")},
         "reviewed": d["id"] in reviewed, "reviewed_at": reviewed.get(d["id"], {}).get("reviewed_at"),
         "review_note": reviewed.get(d["id"], {}).get("note")}
        for d in sorted(docs, key=lambda d: d["sort_key"], reverse=True)
    ]
