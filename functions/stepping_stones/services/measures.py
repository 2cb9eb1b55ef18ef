"""PHQ-9 and GAD-7: a therapist's assignments, the client's answers and skips, and what each side reads of them.

Everything lives in one document a client (users/{uid}/private/measures): `assignments` keyed
"{therapist_uid}:{measure}", `answers` keyed by the phone-chosen id. One read gives a review every
measure's whole course, so a year of weekly answers costs the review one read (bounded by MEASURE_ANSWERS).

One module, over 300 lines: every function here reads or writes that one document, and its layout (the
two maps and their keys) is stated once, above; split by caller, each part would restate it.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from ..domain import bounds
from ..domain import measures as scoring
from ..domain import notify_messages as messages
from ..domain.fhir import measures_bundle
from ..domain.help import HELP_PATH
from ..domain.local_dates import today_in
from ..domain.measures import rhythm as rhythms
from ..errors import NotFound, ValidationFailed
from ..storage import Store, StoreTransaction
from .audit import NOT_LINKED, log_access, record_access
from .erasure import guard
from .notifications import QUESTIONNAIRE, outbox_doc
from .summary import limit_reached, summary_in

ANSWER_CLOCK_SKEW = timedelta(minutes=5)  # a phone's clock a little ahead is still "now"
OLDEST_ANSWER = timedelta(days=bounds.REVIEW_WINDOW_DAYS)  # an offline answer older than this is refused
ITEM9_HINT = {
    "message": (
        "Thank you for answering honestly. Nobody watches this app in real time: your therapist will see this "
        "answer when they next look. If you feel unsafe or need someone now, the help page lists people you "
        "can reach right away."
    ),
    "help_path": HELP_PATH,
}


def _empty() -> dict:
    return {"assignments": {}, "answers": {}}


def _doc(tx_or_store, uid: str) -> dict:
    doc = tx_or_store.get_measures(uid)
    return {**_empty(), **doc} if doc else _empty()


# ---- the therapist's assignments ---------------------------------------------------------------------------------

def _linked_in(tx: StoreTransaction, therapist_uid: str, client_uid: str) -> dict:
    link = tx.get_link(therapist_uid, client_uid)
    if link is None:
        raise NotFound(NOT_LINKED)
    guard(tx, client_uid)
    return link


def assign(store: Store, therapist_uid: str, client_uid: str, measure: str, fields: dict, now: datetime) -> dict:
    """Assign (or change the rhythm of) a measure, starting on the client's today; one per measure a therapist.
    In a transaction that reads the link: an unlink or an erasure meanwhile makes it a 404."""
    def work(tx):
        link = _linked_in(tx, therapist_uid, client_uid)
        summary = tx.get_summary(client_uid)
        if summary is None:
            raise NotFound(NOT_LINKED)
        today = summary.today(now)
        session_date = fields.get("session_date")
        if fields["rhythm"] == rhythms.BEFORE_SESSION:
            _check_session(session_date, next_session_of(link), today)
        doc = _doc(tx, client_uid)
        key = f"{therapist_uid}:{measure}"
        previous = doc["assignments"].get(key)
        assignment = {
            "therapist_uid": therapist_uid, "measure": measure, "rhythm": fields["rhythm"],
            "session_date": session_date.isoformat() if session_date and fields["rhythm"] == rhythms.BEFORE_SESSION
            else None,
            "starts_on": previous["starts_on"] if previous and previous["rhythm"] == fields["rhythm"]
            else today.isoformat(),
            "assigned_at": previous["assigned_at"] if previous else now,
        }
        if previous != assignment:
            tx.set_measures(client_uid, {**doc, "assignments": {**doc["assignments"], key: assignment}})
        log_access(tx, client_uid, therapist_uid, "measure assigned", now, therapist_name=link.get("therapist_name"))
        return assignment_view(doc, assignment, today, next_session_of(link))

    return store.run_transaction(work)


def next_session_of(link: dict | None) -> str | None:
    """The next session's date the therapist set on their side of the link (shown to the client or not)."""
    return ((link or {}).get("next_session") or {}).get("date")


def _check_session(session_date: date | None, next_session: str | None, today: date) -> None:
    """Before each session needs a coming session: the date given, else the next session the therapist set."""
    if session_date is not None:
        if session_date < today:
            raise ValidationFailed("That session date has passed.",
                                   {"session_date": ["Give a date from today on, in the client's time zone."]})
        return
    if next_session is None or date.fromisoformat(next_session) < today:
        raise ValidationFailed(
            "Before each session needs the next session's date: set it first, or give session_date.",
            {"session_date": ["Set the next session's date (PUT /v1/clients/{cid}/next-session) from today on, "
                              "or give session_date (YYYY-MM-DD)."]})


def unassign(store: Store, therapist_uid: str, client_uid: str, measure: str, now: datetime) -> None:
    """Stop a measure this therapist assigned (answers already given stay); in the client's access log whether or
    not it was assigned, as whether it was is something about the client."""
    def work(tx):
        link = _linked_in(tx, therapist_uid, client_uid)
        log_access(tx, client_uid, therapist_uid, "measure stopped", now, therapist_name=link.get("therapist_name"))
        doc = _doc(tx, client_uid)
        key = f"{therapist_uid}:{measure}"
        if key not in doc["assignments"]:
            return False
        tx.set_measures(client_uid, {**doc, "assignments": {k: v for k, v in doc["assignments"].items() if k != key}})
        return True

    if not store.run_transaction(work):
        raise NotFound(f"You have not assigned the {scoring.measure(measure).name} to this client.")


def _answered_on(doc: dict, measure: str) -> list[date]:
    return [date.fromisoformat(a["local_date"]) for a in doc["answers"].values() if a["measure"] == measure]


def assignment_view(doc: dict, assignment: dict, today: date, next_session: str | None = None) -> dict:
    """An assignment with whether it is due on the client's `today` and when it next opens (before each session:
    counting towards its own date, else `next_session`, the next session's date on the therapist's link)."""
    occasion = rhythms.current_occasion(assignment, _answered_on(doc, assignment["measure"]), today, next_session)
    return {
        "measure": assignment["measure"], "rhythm": assignment["rhythm"], "starts_on": assignment["starts_on"],
        "session_date": assignment["session_date"], "assigned_at": assignment["assigned_at"],
        "before_session_on": rhythms.session_for(assignment, next_session),
        "due": bool(occasion and occasion.due), "due_since": occasion.opens_on if occasion and occasion.due else None,
        "next_opens_on": rhythms.next_opening(assignment, today, next_session),
    }


# ---- the client's side ---------------------------------------------------------------------------------------------

def client_measures(store: Store, uid: str, now: datetime) -> dict:
    """What is due now (one card a measure, from the therapist who assigned it) and the client's own answers."""
    summary = store.get_summary(uid)
    if summary is None:
        return {"due": [], "answers": []}
    doc = _doc(store, uid)
    linked = {link["therapist_uid"]: link for link in store.list_therapist_links(uid)}
    # The client's side of a link holds the next session only when shown: a rhythm that follows it reads the
    # therapist's side (one read a therapist with such an assignment; the phone asks at most once a local day).
    following = {a["therapist_uid"] for a in doc["assignments"].values() if _follows_next_session(a)}
    therapists = {therapist_uid: {"therapist_name": link.get("therapist_name"),
                                  "next_session": (store.get_link(therapist_uid, uid) or {}).get("next_session")
                                  if therapist_uid in following else None}
                  for therapist_uid, link in linked.items()}
    return {"due": due_cards(doc, therapists, summary.today(now)), "answers": [
        answer_view(a) for a in sorted(doc["answers"].values(), key=lambda a: (a["answered_at"], a["id"]),
                                       reverse=True)[:50]]}


def _follows_next_session(assignment: dict) -> bool:
    return assignment["rhythm"] == rhythms.BEFORE_SESSION and not assignment.get("session_date")


def due_cards(doc: dict, therapist_links: dict, today: date) -> list[dict]:
    """One card for each measure due today from a therapist still linked (`therapist_links`: therapist uid -> their
    side of the link, with its name and next session); a measure two therapists assigned is asked once (an answer
    settles it for both)."""
    cards: dict[str, dict] = {}
    for assignment in sorted(doc["assignments"].values(), key=lambda a: (a["measure"], a["therapist_uid"])):
        if assignment["therapist_uid"] not in therapist_links or assignment["measure"] in cards:
            continue
        link = therapist_links[assignment["therapist_uid"]]
        occasion = rhythms.current_occasion(assignment, _answered_on(doc, assignment["measure"]), today,
                                            next_session_of(link))
        if occasion and occasion.due:
            definition = scoring.measure(assignment["measure"])
            name = link.get("therapist_name") or "your therapist"
            cards[definition.key] = {"measure": definition.key, "name": definition.name,
                                     "title": f"A short questionnaire from {name}", "therapist_name": name,
                                     "due_since": occasion.opens_on, "questionnaire": questionnaire(definition)}
    return list(cards.values())


def questionnaire(definition) -> dict:
    """The instrument as published, for the phone to show (and keep, to answer offline)."""
    return {"title": definition.title, "stem": definition.stem, "notice": definition.notice,
            "items": [{"code": item.code, "text": item.text, "scored": item.scored,
                       "answers": [answer.text for answer in item.answers]} for item in definition.items]}


def put_answer(store: Store, uid: str, answer_id: str, fields: dict, now: datetime) -> tuple[dict, bool]:
    """Store an answer (or a skip) under the phone's id: the same body again changes nothing, a new body corrects
    it. Incomplete answers are kept and marked so, never scored as if a missing item were 0."""
    measure, answers, skipped = fields["measure"], fields.get("answers") or {}, fields.get("skipped", False)
    problems = scoring.answer_problems(measure, answers)
    if problems:
        raise ValidationFailed("Some answers are not this measure's.",
                               {f"answers.{code}": messages for code, messages in problems.items()})
    answers = {code: value for code, value in answers.items() if value is not None}
    if skipped and answers:
        raise ValidationFailed("A skipped questionnaire carries no answers.",
                               {"answers": ["Leave the answers out when skipping."]})
    if not skipped and not answers:
        raise ValidationFailed("Answer at least one question, or skip the questionnaire.",
                               {"answers": ["Answer at least one question, or send skipped: true."]})
    answered_at = fields.get("answered_at") or now
    if answered_at > now + ANSWER_CLOCK_SKEW or answered_at < now - OLDEST_ANSWER:
        raise ValidationFailed("That time is not within the last year.",
                               {"answered_at": ["Send the time the questionnaire was answered, within the last year."]})

    def work(tx):
        tx.prefetch(uid, measures=True)  # the summary and the measures in one read
        summary = summary_in(tx, uid)
        doc = _doc(tx, uid)
        previous = doc["answers"].get(answer_id)
        stored = {"id": answer_id, "measure": measure, "status": "skipped" if skipped else "answered",
                  "answers": answers, "answered_at": previous["answered_at"] if previous else answered_at,
                  "local_date": today_in(summary.timezone, previous["answered_at"] if previous else answered_at
                                         ).isoformat()}
        if previous is not None and previous == stored:
            return answer_view(previous), False
        if previous is None:
            if len(doc["answers"]) >= bounds.MEASURE_ANSWERS.limit:
                raise limit_reached(bounds.MEASURE_ANSWERS)
            if sum(1 for a in doc["answers"].values()
                   if a["local_date"] == stored["local_date"]) >= bounds.MEASURE_ANSWERS_PER_DAY.limit:
                raise limit_reached(bounds.MEASURE_ANSWERS_PER_DAY)
        tx.set_measures(uid, {**doc, "answers": {**doc["answers"], answer_id: stored}})
        # Written back unchanged so the commit requires the summary unchanged since read: an erasure deletes
        # the summary first, so one starting meanwhile makes this run again and answer 410, leaving nothing.
        tx.set_summary(uid, summary)
        return answer_view(stored), previous is None

    view, created = store.run_transaction(work, optimistic=True)
    return ({**view, "help": ITEM9_HINT} if view["item9_positive"] else view), created


def answer_view(stored: dict) -> dict:
    result = scoring.score(stored["measure"], stored["answers"]) if stored["status"] == "answered" else None
    return {
        "id": stored["id"], "measure": stored["measure"], "status": stored["status"],
        "skipped": stored["status"] == "skipped", "answers": stored["answers"],
        "answered_at": stored["answered_at"], "local_date": stored["local_date"],
        "complete": bool(result and result.complete), "total": result.total if result else None,
        "band": result.band if result else None, "missing": list(result.missing) if result else [],
        "item9_positive": bool(result and result.item9_positive),
    }


# ---- the reminder -------------------------------------------------------------------------------------------------

def questionnaire_reminder(tx: StoreTransaction, uid: str, day: date, now: datetime) -> bool:
    """In the daily reminder's transaction: when a questionnaire from a linked therapist is due on `day`, its
    inbox item and push (id from the date, so never twice). The push says only that a questionnaire is ready;
    delivery applies the client's switches, quiet hours and daily cap. Whether one is created never depends on
    any answer's content."""
    doc = tx.get_measures(uid)
    if not doc or not doc.get("assignments"):
        return False
    therapists = sorted({a["therapist_uid"] for a in doc["assignments"].values()})
    links = {}
    for therapist_uid in therapists:
        link = tx.get_link(therapist_uid, uid)
        if link is not None:
            links[therapist_uid] = link
    cards = due_cards({**_empty(), **doc}, links, day)
    notification_id = f"questionnaire-{day.isoformat()}"
    if not cards or tx.get_outbox(uid, notification_id) is not None:
        return False
    text = messages.inbox_text(QUESTIONNAIRE, title=cards[0]["title"])
    tx.set_outbox(uid, notification_id, outbox_doc(notification_id, QUESTIONNAIRE, text, now,
                                                   local_date=day.isoformat()))
    return True


# ---- FHIR --------------------------------------------------------------------------------------------------------

def _administrations(doc: dict) -> list[dict]:
    """Answered questionnaires, oldest first (a skip is not an administration)."""
    answered = [a for a in doc["answers"].values() if a["status"] == "answered"]
    return [{"id": a["id"], "measure": a["measure"], "answers": a["answers"],
             "authored": _iso(a["answered_at"])}
            for a in sorted(answered, key=lambda a: (a["answered_at"], a["id"]))]


def _iso(moment) -> str:
    return moment.isoformat() if isinstance(moment, datetime) else str(moment)


def fhir_for_client(store: Store, uid: str, now: datetime) -> dict:
    """The client's own measures as a FHIR R4 Bundle (no name, no email)."""
    return measures_bundle(uid, _administrations(_doc(store, uid)), timestamp=now.isoformat())


def fhir_for_therapist(store: Store, therapist_uid: str, client_uid: str, now: datetime) -> dict:
    """A linked client's measures as a FHIR R4 Bundle, with the read in the client's access log."""
    if store.get_link(therapist_uid, client_uid) is None:
        raise NotFound(NOT_LINKED)
    bundle = measures_bundle(client_uid, _administrations(_doc(store, client_uid)), timestamp=now.isoformat())
    record_access(store, client_uid, therapist_uid, "measures (FHIR)", now)
    return bundle
