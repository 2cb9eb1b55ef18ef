"""The client's own safety plan: written offline and synced, read by the client, and by a linked
therapist only while the client shares it (every such read is in the access log)."""
from __future__ import annotations

from datetime import datetime

from ..errors import NotFound
from ..storage import Store
from .audit import NOT_LINKED, log_access
from .summary import summary_in

NO_PLAN = "You have not written a safety plan yet."
KEPT_PRIVATE = ("This client keeps their safety plan private. They can choose to share it with you from the plan "
                "in their app.")
SHARED = "This client chose to share their safety plan with you. Nobody is alerted when it changes."
_STORED = ("warning_signs", "on_my_own", "distractions", "people_to_ask", "professionals", "safer_surroundings",
           "reason_for_living", "share_with_therapists")


def plan_view(doc: dict) -> dict:
    return {name: doc.get(name) for name in (*_STORED, "created_at", "updated_at")}


def _content(doc: dict | None) -> dict | None:
    return {name: doc.get(name) for name in _STORED} if doc else None


def put_plan(store: Store, uid: str, fields: dict, now: datetime) -> tuple[dict, bool]:
    """Create (True) or replace (False) the plan; the same plan again writes nothing.

    The summary is read and written back unchanged in the same unit of work: its commit then carries
    "unchanged since read", and an erasure deletes the summary as it starts, so a plan written while
    the account is erased fails and, run again, is refused (services/erasure.py)."""
    def work(tx):
        tx.prefetch(uid, safety_plan=[uid])  # the summary and the plan in one read
        summary = summary_in(tx, uid)
        old = tx.get_safety_plan(uid)
        new = {name: fields[name] for name in _STORED}
        if _content(old) == new:
            return old, False
        doc = {**new, "created_at": old["created_at"] if old else now, "updated_at": now}
        tx.set_safety_plan(uid, doc)
        tx.set_summary(uid, summary)
        return doc, old is None

    doc, created = store.run_transaction(work, optimistic=True)
    return plan_view(doc), created


def delete_plan(store: Store, uid: str) -> None:
    def work(tx):
        tx.prefetch(uid, safety_plan=[uid])
        summary_in(tx, uid)
        if tx.get_safety_plan(uid) is None:
            raise NotFound(NO_PLAN)
        tx.delete_safety_plan(uid)

    store.run_transaction(work, optimistic=True)


def get_plan(store: Store, uid: str) -> dict:
    doc = store.get_safety_plan(uid)
    if doc is None:
        raise NotFound(NO_PLAN)
    return plan_view(doc)


def is_shared(store: Store, uid: str) -> bool:
    """Whether the client shares their plan with linked therapists (for the consent statement)."""
    doc = store.get_safety_plan(uid)
    return bool(doc and doc.get("share_with_therapists"))


def plan_for_therapist(store: Store, therapist_uid: str, client_uid: str, now: datetime) -> dict:
    """The plan when the client shares it, else only that they keep it private (the same answer whether
    or not a plan exists). The read is logged whatever the answer, in the transaction that reads the link."""
    def work(tx):
        link = tx.get_link(therapist_uid, client_uid)
        if link is None:
            raise NotFound(NOT_LINKED)
        log_access(tx, client_uid, therapist_uid, "safety plan", now, therapist_name=link.get("therapist_name"))
        return tx.get_safety_plan(client_uid)

    doc = store.run_transaction(work)
    if doc is None or not doc.get("share_with_therapists"):
        return {"shared": False, "message": KEPT_PRIVATE, "plan": None}
    return {"shared": True, "message": SHARED, "plan": plan_view(doc)}
