"""Suggestions between sessions: a linked therapist proposes, the client takes (as it is or changed) or lets go.

A suggestion lives with the client's data (users/{client}/suggestions/{id}: exported and erased with it),
and becomes the client's own record only when they take it: the step, experiment or goal is created
through the client's own service, under the suggestion's id, in the same unit of work that marks it
taken, so a retry creates nothing twice and nothing is added without their tap.
"""
from __future__ import annotations

from datetime import datetime

from marshmallow import ValidationError

from ..domain import suggestions as rules
from ..domain.bounds import KEPT_SUGGESTIONS, OPEN_SUGGESTIONS
from ..domain.records import EXPERIMENT
from ..errors import AccountErased, EntryConflict, NotFound, ValidationFailed
from ..schemas.entries import ExperimentInputSchema
from ..schemas.progress import GoalInputSchema, StepInputSchema
from ..storage import Store, joined
from . import entries, goals
from .audit import NOT_LINKED, log_access
from .erasure import BEING_ERASED, being_erased
from .summary import limit_reached

_RECORD_FORMS = {rules.STEP: StepInputSchema, rules.EXPERIMENT: ExperimentInputSchema, rules.GOAL: GoalInputSchema}
_NO_SUGGESTION = "No suggestion with this id."


def _json_ready(fields: dict) -> dict:
    """A proposal as stored: dates as ISO text, so a client's record form loads it as the phone would send it."""
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in fields.items()}


def suggestion_view(doc: dict) -> dict:
    return {
        "id": doc["id"], "kind": doc["kind"], "therapist_uid": doc["therapist_uid"],
        "suggested_by": rules.suggested_by(doc.get("therapist_name")), "goal_id": doc.get("goal_id"),
        **{kind: (doc["proposal"] if doc["kind"] == kind else None) for kind in rules.KINDS},
        "state": doc["state"], "changed": bool(doc.get("changed")), "created_at": doc["created_at"],
        "answered_at": doc.get("answered_at"), "taken_as": doc.get("taken_as"),
    }


def linked_unit(tx, therapist_uid: str, client_uid: str) -> dict:
    """In a locking transaction that writes about the client: the link (404 without one) and the
    client's erasure record, re-read here so an erasure that started meanwhile refuses the write (410)."""
    link = tx.get_link(therapist_uid, client_uid)
    if link is None:
        raise NotFound(NOT_LINKED)
    if being_erased(tx, client_uid):
        raise AccountErased(BEING_ERASED)
    return link


def put_suggestion(store: Store, therapist_uid: str, client_uid: str, suggestion_id: str, fields: dict,
                   now: datetime) -> tuple[dict, bool]:
    """Offer a suggestion under a page-chosen id (201), or answer the one already there (200: a retry,
    or a change once the client has answered it, is not applied). Past OPEN_SUGGESTIONS open ones, 409;
    past KEPT_SUGGESTIONS kept, the oldest answered one drops out. In the access log whatever the answer:
    it tells what the client did with a suggestion, and whether a step's goal exists."""
    kind = fields["kind"]
    proposal = _json_ready(fields[kind])

    def work(tx):
        link = linked_unit(tx, therapist_uid, client_uid)
        log_access(tx, client_uid, therapist_uid, "suggestion", now, therapist_name=link.get("therapist_name"))
        existing = tx.get_suggestion(client_uid, suggestion_id)
        if existing is not None:
            if existing["therapist_uid"] != therapist_uid:
                raise EntryConflict("This id is taken: choose another.", {"suggestion_id": ["Already used."]})
            if existing["state"] == rules.OPEN and (existing["proposal"], existing.get("goal_id")) != (
                    proposal, fields.get("goal_id")):
                existing = {**existing, "proposal": proposal, "goal_id": fields.get("goal_id"), "updated_at": now}
                tx.set_suggestion(client_uid, suggestion_id, existing)
            return suggestion_view(existing), False
        if kind == rules.STEP and tx.get_goal(client_uid, fields["goal_id"]) is None:
            return None, False  # answered after the commit, so the access line stays
        kept = tx.suggestions_from(client_uid, therapist_uid, KEPT_SUGGESTIONS + 1)
        if rules.over_open_limit((doc["state"] for doc in kept), OPEN_SUGGESTIONS.limit):
            raise limit_reached(OPEN_SUGGESTIONS)
        for old_id in rules.to_drop(((d["id"], d["state"], d["created_at"]) for d in kept), KEPT_SUGGESTIONS):
            tx.delete_suggestion(client_uid, old_id)
        doc = {"id": suggestion_id, "therapist_uid": therapist_uid, "therapist_name": link.get("therapist_name"),
               "kind": kind, "goal_id": fields.get("goal_id"), "proposal": proposal, "state": rules.OPEN,
               "changed": False, "created_at": now, "answered_at": None, "taken_as": None}
        tx.set_suggestion(client_uid, suggestion_id, doc)
        return suggestion_view(doc), True

    view, created = store.run_transaction(work)
    if view is None:
        raise NotFound("The client has no goal with this id.", {"goal_id": ["No such goal."]})
    return view, created


def suggestions_for_therapist(store: Store, therapist_uid: str, client_uid: str, now: datetime) -> list[dict]:
    """The therapist's suggestions to this client with what became of each, newest first (a read of
    client data: the access line is written in the transaction that reads the link)."""
    def work(tx):
        link = tx.get_link(therapist_uid, client_uid)
        if link is None:
            raise NotFound(NOT_LINKED)
        log_access(tx, client_uid, therapist_uid, "suggestions", now, therapist_name=link.get("therapist_name"))
        return tx.suggestions_from(client_uid, therapist_uid, KEPT_SUGGESTIONS + 1)

    docs = store.run_transaction(work)
    return [suggestion_view(doc) for doc in sorted(docs, key=lambda d: (d["created_at"], d["id"]), reverse=True)]


def open_suggestions(store: Store, uid: str) -> list[dict]:
    """The client's suggestions waiting for an answer, oldest first."""
    docs = store.list_open_suggestions(uid, OPEN_SUGGESTIONS.limit * 10)
    return [suggestion_view(doc) for doc in sorted(docs, key=lambda d: (d["created_at"], d["id"]))]


def _record_fields(doc: dict, version: dict | None) -> dict:
    """The record the client takes: their own version when sent, else the proposal, checked by the
    very form the client's own route uses (an experiment needs the client's own prediction)."""
    form = _RECORD_FORMS[doc["kind"]]
    data = _json_ready(version) if version is not None else dict(doc["proposal"])
    try:
        return form().load(data)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        raise ValidationFailed("Some fields need a look before taking it.", {doc["kind"]: messages}) from None


def _create_record(store: Store, uid: str, doc: dict, record: dict, now: datetime) -> str:
    """Create the client's own record through their own service; its path."""
    record_id = doc["id"]
    if doc["kind"] == rules.GOAL:
        goals.put_goal(store, uid, record_id, record, now)
        return f"/v1/goals/{record_id}"
    if doc["kind"] == rules.STEP:
        goals.put_step(store, uid, doc["goal_id"], record_id, record, now)
        return f"/v1/goals/{doc['goal_id']}/steps/{record_id}"
    entries.put_entry(store, uid, EXPERIMENT, record_id, record, now)
    return f"/v1/experiments/{record_id}"


def _answer(store: Store, uid: str, suggestion_id: str, action: str, versions: dict, now: datetime) -> dict:
    def work(tx):
        tx.prefetch(uid, suggestions=[suggestion_id])
        doc = tx.get_suggestion(uid, suggestion_id)
        if doc is None:
            raise NotFound(_NO_SUGGESTION)
        try:
            state = rules.answer(doc["state"], action)
        except rules.AlreadyAnswered as answered:
            word = "taken" if answered.state == rules.TAKEN else "let go"
            raise EntryConflict(f"You have {word} this suggestion already.", {"state": [answered.state]}) from None
        if state is None:
            return suggestion_view(doc)
        doc = {**doc, "state": state, "answered_at": now}
        if state == rules.TAKEN:
            version = versions.get(doc["kind"])  # the client's own version, of the suggestion's kind only
            record = _record_fields(doc, version)
            with joined(tx):
                doc["taken_as"] = _create_record(store, uid, doc, record, now)
            doc["changed"] = version is not None and rules.changed(doc["kind"], doc["proposal"], _json_ready(record))
        tx.set_suggestion(uid, suggestion_id, doc)
        return suggestion_view(doc)

    return store.run_transaction(work, optimistic=True)


def take(store: Store, uid: str, suggestion_id: str, versions: dict, now: datetime) -> dict:
    """Take a suggestion as it is or as changed (`versions[kind]`, the client's whole record of the
    suggestion's kind; other kinds are not read): it becomes the client's own record."""
    return _answer(store, uid, suggestion_id, rules.TAKE, versions, now)


def let_go(store: Store, uid: str, suggestion_id: str, now: datetime) -> dict:
    """Let a suggestion go: nothing is added; the therapist sees it as not taken."""
    return _answer(store, uid, suggestion_id, rules.LET_GO, {}, now)
