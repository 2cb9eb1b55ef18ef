"""What a therapist sees of linked clients: the list, sessions, the review, entries, goals, win reviews."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from ..domain import review as review_rules
from ..domain.measures import trend as measure_trends
from ..domain.sessions import HELD, session_status
from ..domain.sharing import GOAL, visible_to_therapist
from ..domain.summary import BASELINE_DAYS, summarize
from ..domain.summary_state import cell_at, first_day, low_values, read_timeline
from ..errors import NotFound
from ..storage import Store, Summary
from . import agenda
from .audit import NOT_LINKED, log_access, record_access
from .erasure import being_erased
from .goals import list_goals
from .notes import leave_note
from .timeline import page_of_timeline

SIGNAL_LOOKBACK_DAYS = 14
UNREVIEWED_LOOKBACK_DAYS = 28


def require_link(store: Store, therapist_uid: str, client_uid: str) -> dict:
    """The link, or the same 404 whether the client does not exist or is not linked to this therapist."""
    link = store.get_link(therapist_uid, client_uid)
    if link is None:
        raise NotFound(NOT_LINKED)
    return link


def _unreviewed(summary: Summary, link: dict) -> int:
    """Wins not reviewed since 4 weeks before linking, among those the summary keeps (the wins horizon)."""
    since = (link["linked_at"].date() - timedelta(days=UNREVIEWED_LOOKBACK_DAYS)).isoformat()
    reviewed = link.get("reviewed", {})
    return sum(1 for win_id, (occurred_on, _) in summary.earned.items()
               if occurred_on >= since and win_id not in reviewed)


def _open_signals(summary: Summary, today: date) -> int:
    since = today - timedelta(days=SIGNAL_LOOKBACK_DAYS - 1)
    timeline = read_timeline(summary.state, since.toordinal() - BASELINE_DAYS + 1, today.toordinal(), carries=False)
    return len(review_rules.engagement_signals(timeline, since, today, first_day(summary.state)))


def _client_row(client_uid: str, link: dict, summary: Summary, now: datetime, measures_doc: dict | None) -> dict:
    today = summary.today(now)
    figures = summarize(summary.state, today)
    last_active = date.fromisoformat(figures["last_active"]) if figures["last_active"] else None
    return {
        "client_uid": client_uid,
        "display_name": summary.display_name,
        "last_active": last_active,
        "status": review_rules.client_status(last_active, today, figures["away_today"]),
        "checkin_adherence_7_days": figures["checkin_adherence"]["last_7_days"],
        "wins_not_reviewed": _unreviewed(summary, link),
        "open_signals": _open_signals(summary, today),
        "share_notes": link["share_notes"],
        "linked_at": link["linked_at"],
        "measures": measure_trends.latest_scores(measures_doc),
        # An item-9 answer not yet acknowledged: the first thing to look at for this client.
        "moment_to_ask_about": next((m for m in measure_trends.item9_moments(measures_doc, link.get("acknowledged", {}))
                                     if not m["acknowledged"]), None),
    }


def client_list(store: Store, therapist_uid: str, now: datetime) -> list[dict]:
    """One query for the links plus one summary document a client, whatever their history; the rows'
    access lines are written in the transaction that read the links (a link ending meanwhile, by an
    unlink or an erasure, waits for it or makes it run again)."""
    def work(tx):
        links = {link["client_uid"]: link for link in tx.list_client_links(therapist_uid)}
        summaries = store.get_summaries(sorted(links))
        measures = store.get_measures_of(sorted(links))
        rows = [_client_row(uid, links[uid], summary, now, measures[uid])
                for uid, summary in summaries.items() if summary is not None]
        for row in rows:
            log_access(tx, row["client_uid"], therapist_uid, "client list row", now,
                       therapist_name=links[row["client_uid"]].get("therapist_name"))
        return rows

    return sorted(store.run_transaction(work), key=lambda row: row["display_name"].lower())


def record_session(store: Store, therapist_uid: str, client_uid: str, day: date, note: str | None,
                   now: datetime, status: str = HELD) -> tuple[dict, bool]:
    """Write (or correct) the therapist's record of a session (held, cancelled or missed) and its note,
    in a transaction that reads the link and the client's erasure record: a client's erasure deletes
    the link before it detaches the notes, so a note is either there to be detached or refused (404).
    A held session closes the client's agenda items added up to its date; a correction away from
    held reopens them. A missed or cancelled session changes nothing the client sees."""
    def work(tx):
        tx.get_erasures(therapist_uid, client_uid)
        if tx.get_link(therapist_uid, client_uid) is None or being_erased(tx, client_uid):
            raise NotFound(NOT_LINKED)
        existing = tx.get_session(therapist_uid, client_uid, day.isoformat())
        doc = {"date": day.isoformat(), "note": note, "state": status,
               "recorded_at": existing["recorded_at"] if existing else now, "updated_at": now if existing else None}
        if existing is None or (existing["note"], existing["date"], session_status(existing)) != (note, doc["date"], status):
            tx.set_session(therapist_uid, client_uid, day.isoformat(), doc)
            if existing is None or session_status(existing) != status:
                agenda.close_or_reopen(tx, therapist_uid, client_uid, day.isoformat(), status == HELD)
        else:
            doc = {**existing, "state": status}
        return doc, existing is None

    return store.run_transaction(work)


def list_sessions(store: Store, therapist_uid: str, client_uid: str) -> list[dict]:
    require_link(store, therapist_uid, client_uid)
    sessions = sorted(store.list_sessions(therapist_uid, client_uid), key=lambda s: s["date"], reverse=True)
    return [{**session, "state": session_status(session)} for session in sessions]


def client_summary(store: Store, client_uid: str) -> Summary:
    summary = store.get_summary(client_uid)
    if summary is None:
        raise NotFound(NOT_LINKED)
    return summary


def client_entries(store: Store, therapist_uid: str, client_uid: str, now: datetime, **query) -> dict:
    """A page of the client's entries, free text hidden unless the client shares it with this therapist."""
    link = require_link(store, therapist_uid, client_uid)
    result = page_of_timeline(store, client_uid, now, **query)
    record_access(store, client_uid, therapist_uid, "entries page", now)
    items = [visible_to_therapist(item, item["kind"], link["share_notes"]) for item in result["items"]]
    return {**result, "items": items}


def client_goals(store: Store, therapist_uid: str, client_uid: str, now: datetime, *, limit: int,
                 cursor: str | None) -> dict:
    """A page of the client's goals with their steps (at most GOALS_PER_PAGE of a bounded set), the
    client's words only when they share them with this therapist."""
    link = require_link(store, therapist_uid, client_uid)
    result = list_goals(store, client_uid, limit, cursor)
    record_access(store, client_uid, therapist_uid, "goals page", now)
    return {**result, "items": [visible_to_therapist(goal, GOAL, link["share_notes"]) for goal in result["items"]]}


def _mark_for_linked(store: Store, therapist_uid: str, client_uid: str, what: str, now: datetime, mark,
                     missing: str) -> dict:
    """Run `mark(tx, link)` for a linked therapist in one transaction and record the access whatever
    the answer: whether the thing exists is something about the client. `mark` returns None (404)
    when there is nothing to mark."""
    def work(tx):
        link = tx.get_link(therapist_uid, client_uid)
        if link is None:
            raise NotFound(NOT_LINKED)
        log_access(tx, client_uid, therapist_uid, what, now, therapist_name=link.get("therapist_name"))
        return mark(tx, link)

    result = store.run_transaction(work)
    if result is None:
        raise NotFound(missing)
    return result


def review_win(store: Store, therapist_uid: str, client_uid: str, win_id: str, note: str | None,
               now: datetime) -> dict:
    """Mark a win reviewed (idempotent: the first review time is kept, a new note replaces the old);
    in the client's access log whatever the answer (200 or 404)."""
    def mark(tx, link):
        win = tx.get_win(client_uid, win_id)
        if win is None:
            return None
        previous = link.get("reviewed", {}).get(win_id)
        reviewed = {"reviewed_at": previous["reviewed_at"] if previous else now, "note": note}
        if previous != reviewed:
            tx.set_win_review(therapist_uid, client_uid, win_id, reviewed)
        leave_note(tx, link, client_uid, f"win:{win_id}", str(win.get("message", "")), note, now)
        return {"win_id": win_id, **reviewed}

    return _mark_for_linked(store, therapist_uid, client_uid, "micro-win review", now, mark,
                            "No micro-win with this id.")


def acknowledge_moment(store: Store, therapist_uid: str, client_uid: str, day: date, now: datetime,
                       note: str | None = None) -> dict:
    """Mark a moment to ask about (a day with a mood of 0 or 1, or a PHQ-9 item-9 answer above 0) acknowledged;
    idempotent, the first time is kept. Like a win review, in the client's access log either way. A note goes to
    the client's inbox (the day named, never the mood nor the answer)."""
    def mark(tx, link):
        summary = tx.get_summary(client_uid)
        if summary is None or not (low_values(cell_at(summary.state, day.toordinal()))
                                   or measure_trends.item9_on(tx.get_measures(client_uid), day)):
            return None
        iso = day.isoformat()
        previous = link.get("acknowledged", {}).get(iso)
        if previous is None:
            previous = {"acknowledged_at": now}
            tx.set_moment_acknowledged(therapist_uid, client_uid, iso, previous)
        leave_note(tx, link, client_uid, f"moment:{iso}", f"Your entries of {day.strftime('%A %-d %B %Y')}", note, now)
        return {"date": day, **previous}

    return _mark_for_linked(store, therapist_uid, client_uid, "moment acknowledged", now, mark,
                            "No moment to ask about on this date: no mood of 0 or 1, nor a PHQ-9 item-9 answer "
                            "above 0, was noted.")
