"""The between-session review: what happened since the last session, from the one summary document."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from ..domain import review as rules
from ..domain import review_days
from ..domain.bounds import REVIEW_WINDOW_DAYS
from ..domain.experiments import experiment_status
from ..domain.measures import trend as measure_trends
from ..domain.records import EXPERIMENT, Experiment
from ..domain.sessions import agenda_for_review, last_held_session
from ..domain.summary import BASELINE_DAYS, mood_vs_baseline
from ..domain.summary_state import first_day, read_timeline
from ..storage import Store
from .agenda import AGENDA_READ_LIMIT
from .audit import record_access
from .clients import client_summary, require_link
from .measures import assignment_view, next_session_of

BASELINE_LOOKBACK = BASELINE_DAYS - 1  # each day's baseline looks back this far


def client_review(store: Store, therapist_uid: str, client_uid: str, now: datetime, *,
                  since: date | None = None, until: date | None = None) -> dict:
    """The client's agenda first, then counts, mood trend, experiments, goals, wins and engagement
    signals for a window of local dates (by default from the last held session to today). Reads
    everything first (the link, the summary document, the sessions, the agenda, the experiments and
    wins dated in the window), computes the review in pure functions, records the access once, returns."""
    link = require_link(store, therapist_uid, client_uid)
    summary = client_summary(store, client_uid)
    today = summary.today(now)
    until = until or today
    since_session = None
    if since is None:  # from the last held session: a missed or cancelled one moves nothing on
        since_session = last_held_session(store.list_sessions(therapist_uid, client_uid), today)
        since, until = rules.default_window(since_session, until)
        since_session = since_session if since_session == since else None
    measures_doc = store.get_measures(client_uid)  # every measure's whole course: one read, bounded
    since, until = within_history(since, until, _first_of_all(summary, measures_doc), today)
    window_end = (until + timedelta(days=1)).isoformat()
    # One query each: the summary keeps no ids of old experiments, and wins live in their own documents.
    # Experiments reach PLANNED_AHEAD_DAYS past the window: what the client means to try next.
    planned_end = (until + timedelta(days=1 + rules.PLANNED_AHEAD_DAYS)).isoformat()
    experiments = [stored.record for stored in store.list_entries(
        client_uid, kinds=(EXPERIMENT,), key_from=since.isoformat(), key_before=planned_end, limit=500)]
    win_docs = store.list_wins_between(client_uid, since.isoformat(), window_end)
    review = compose_review(client_uid, summary, link, since, until, today, experiments, win_docs,
                            measures_doc, therapist_uid)
    review = {**review, "since_session": since_session,
              "next_session": link.get("next_session"),
              "agenda": agenda_for_review(store.list_agenda(client_uid, AGENDA_READ_LIMIT), link["share_notes"],
                                          review["since"], review["until"])}
    record_access(store, client_uid, therapist_uid, "review", now)
    return review


def _first_of_all(summary, measures_doc: dict | None) -> int | None:
    """The client's first day with anything: an entry, or a questionnaire answered before any entry."""
    days = [first_day(summary.state)] + [date.fromisoformat(a["local_date"]).toordinal()
                                         for a in (measures_doc or {}).get("answers", {}).values()]
    known = [day for day in days if day is not None]
    return min(known) if known else None


def within_history(since: date, until: date, first: int | None, today: date) -> tuple[date, date]:
    """The window clamped to what can exist: `until` to the client's today, `since` to their first
    day (today with nothing logged) and to a year before `until` (REVIEW_WINDOW_DAYS, so the answer
    does not grow with history), but never past `until`, so a window wholly before the first day
    keeps its last day (the experiments planned in the week after it still show). The answer's
    since and until say which window was used."""
    until = min(until, today)
    earliest = max(date.fromordinal(first) if first is not None else today,
                   until - timedelta(days=REVIEW_WINDOW_DAYS - 1))
    return min(max(since, earliest), until), until


def compose_review(client_uid: str, summary, link: dict, since: date, until: date, today: date,
                   experiments: list[Experiment], win_docs: list[dict], measures_doc: dict | None = None,
                   therapist_uid: str | None = None) -> dict:
    """The review from what was read: no I/O. Item-9 answers come first among the moments to ask about."""
    timeline = read_timeline(summary.state, since.toordinal() - BASELINE_LOOKBACK, until.toordinal(), carries=False)
    acknowledged = link.get("acknowledged", {})
    return {
        "client_uid": client_uid,
        "display_name": summary.display_name,
        "since": since,
        "until": until,
        "share_notes": link["share_notes"],
        "counts": rules.window_counts(timeline, first_day(summary.state), since, until),
        "mood_series": rules.daily_mood_series(timeline, since, until),
        "mood_vs_baseline": mood_vs_baseline(timeline, until.toordinal()),
        "experiments": _experiments(experiments, link["share_notes"], today),
        "wins": _wins(win_docs, link),
        "engagement_signals": rules.engagement_signals(timeline, since, until, first_day(summary.state)),
        "moments_to_ask_about": (measure_trends.item9_moments(measures_doc, acknowledged, since)
                                 + rules.moments_to_ask_about(timeline, since, until, acknowledged)),
        "measures": measure_trends.trends(measures_doc or {}, since, until,
                                          _assignments_of(measures_doc, therapist_uid, today,
                                                          next_session_of(link))),
        "days": review_days.window_days(timeline, since, until),
        "entries_path": f"/v1/clients/{client_uid}/entries?from={since.isoformat()}&to={until.isoformat()}",
    }


def _assignments_of(measures_doc: dict | None, therapist_uid: str | None, today: date,
                    next_session: str | None) -> dict:
    """This therapist's assignments, by measure, as the therapist sees them (due or not, next opening)."""
    doc = measures_doc or {}
    return {a["measure"]: assignment_view(doc, a, today, next_session) for a in doc.get("assignments", {}).values()
            if a["therapist_uid"] == therapist_uid}


def _experiments(experiments: list[Experiment], share_notes: bool, today: date) -> list[dict]:
    """Experiments planned in the window or the week after it; what the client learned only when they share notes."""
    return [
        {
            "id": e.id, "strength": e.strength, "planned_for": e.planned_for,
            "status": experiment_status(e.planned_for, e.outcome is not None, today),
            "done_on": e.outcome.done_on if e.outcome else None,
            "prediction_rating": e.prediction_rating,
            "outcome_rating": e.outcome.outcome_rating if e.outcome else None,
            "learned_something": bool(e.outcome and e.outcome.learned and e.outcome.learned.strip()),
            "learned": e.outcome.learned if share_notes and e.outcome else None,
        }
        for e in sorted(experiments, key=lambda e: (e.planned_for, e.id))
    ]


def _wins(docs: list[dict], link: dict) -> list[dict]:
    reviewed = link.get("reviewed", {})
    return [
        {**{k: d[k] for k in ("id", "rule", "occurred_on", "message", "evidence")},
         "reviewed": d["id"] in reviewed, "reviewed_at": reviewed.get(d["id"], {}).get("reviewed_at"),
         "review_note": reviewed.get(d["id"], {}).get("note")}
        for d in sorted(docs, key=lambda d: d["sort_key"], reverse=True)
    ]
