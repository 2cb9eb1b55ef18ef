"""Erasing an account: refused at once, links ended and session notes and reflections detached first, then every
document deleted in chunks by a resumable job, then the sign-in account removed.

The record `erasures/{uid}` is the job's state and the tombstone: while the job runs, every request
with the uid is refused (410); once it is done, so is every token signed in before the erasure
(`auth_time` up to `requested_at`), so a token still valid for up to an hour cannot recreate data.
One worker at a time holds the job's lease; a chunk ends by releasing it, which starts the next
chunk (the Firestore trigger in main.py); a crashed chunk's lease expires and `resume_stalled`
(scheduled) carries on. Each delete batch adds its size to the record in the same commit, so
`deleted_documents` is exact whatever crashes.

No race undoes an erasure: every write naming a uid re-reads, inside its unit of work, a document
the erasure changes first: the erasure record (`guard`, in a locking transaction: the record's start
waits for, or aborts, the writer), the link (a therapist's writes about a client: both erasures
delete links before anything else), or the client's summary document (the optimistic entry path:
its commit carries an "unchanged since read" precondition, and the erasure deletes the summary in
the transaction that starts it). A write committed before the start is deleted by the job's final
pass; one that read before the start and commits after it fails and, run again, is refused.
"""
from __future__ import annotations

import contextvars
import logging
import secrets
import time
from datetime import datetime, timedelta
from typing import Callable

from ..errors import AccountErased, NotFound, ValidationFailed
from ..storage import START, Store, budget_remaining, request_budget

log = logging.getLogger("stepping_stones.erasure")

CONFIRMATION = "DELETE"
RUNNING, DONE = "running", "done"
STATUS_PATH = "/v1/me/erasure"
INLINE_SECONDS = 15.0  # of deleting inside DELETE /v1/me, before answering 202 ...
WRAP_UP_SECONDS = 2.5  # ... and at most the request's budget less this, kept to release the lease and answer
CHUNK_SECONDS = 60.0  # of deleting in one job invocation (the job function may run 120 s)
LEASE = timedelta(seconds=180)  # longer than any worker may run, so two never overlap
SIGN_IN_RETRY = timedelta(minutes=10)  # after Firebase Auth failed to delete the user
WALK_LIMIT = 2000  # documents read (names only) per step; bounds memory

TimeLeft = Callable[[], float]
DeleteSignIn = Callable[[str], bool]


def erasure_view(record: dict) -> dict:
    return {"state": record["state"], "requested_at": record["requested_at"],
            "finished_at": record.get("finished_at"), "deleted_documents": record["deleted_documents"],
            "status_url": STATUS_PATH}


BEING_ERASED = f"This account is being erased; nothing more can be read or stored. Its progress is at {STATUS_PATH}."
WAS_ERASED = "This account was erased. Sign in again to start a new one."

# The erasure each uid had when this request was let in (its `requested_at`, or None): a unit of
# work that finds another one started since refuses (`guard`).
_admitted: contextvars.ContextVar[dict] = contextvars.ContextVar("erasure_admitted", default={})  # noqa: B039 - never changed in place: set() takes a new dict


def refuse_if_erased(store: Store, uid: str, auth_time: float) -> None:
    """410 while the uid's erasure runs, and afterwards for tokens signed in before it (one read)."""
    record = store.get_erasure(uid)
    _admitted.set({**_admitted.get(), uid: record["requested_at"] if record else None})
    if record is None:
        return
    if record["state"] == RUNNING:
        raise AccountErased(BEING_ERASED)
    if auth_time <= record["requested_at"].timestamp():
        raise AccountErased(WAS_ERASED)


def guard(tx, uid: str) -> None:
    """Inside a unit of work that writes about `uid`: 410 when an erasure of the uid runs or started
    after the request was let in. Read in a locking transaction, the record cannot change before the
    commit: an erasure starting meanwhile waits for it (or aborts it, and the rerun refuses)."""
    record = tx.get_erasure(uid)
    if record is None:
        return
    if record["state"] == RUNNING:
        raise AccountErased(BEING_ERASED)
    if _admitted.get().get(uid) != record["requested_at"]:
        raise AccountErased(WAS_ERASED)


def being_erased(reader, uid: str) -> bool:
    """Whether another user's erasure is running (`reader`: the caller's unit of work, or the store)."""
    record = reader.get_erasure(uid)
    return record is not None and record["state"] == RUNNING


def erasure_status(store: Store, uid: str) -> dict:
    record = store.get_erasure(uid)
    if record is None:
        raise NotFound("No erasure was asked for this account.")
    return erasure_view(record)


def request_erasure(store: Store, uid: str, role: str, confirmation: str, now: datetime,
                    delete_sign_in: DeleteSignIn, time_left: TimeLeft, *, signed_in_at: float) -> tuple[dict, bool]:
    """Record the erasure (from now on the uid is refused), end links, and delete for as long as
    `time_left` allows. Returns the status view and whether everything is gone. A repeated call
    reports (and, if the job is stalled, continues) the same erasure; a token signed in after a
    finished erasure (the uid's new account) starts a new one."""
    if confirmation != CONFIRMATION:
        raise ValidationFailed("To erase your data, send {\"confirm\": \"DELETE\"}.", {"confirm": ["Must be DELETE."]})
    record = {"state": RUNNING, "role": role, "requested_at": now, "updated_at": now, "finished_at": None,
              "deleted_documents": 0, "chunks": 0, "links_ended": False, "lease_until": now + LEASE}
    record, created = store.start_erasure(uid, record, signed_in_at=signed_in_at)
    # From here the erasure is recorded: whatever happens, the answer is 200 or 202, never a 503.
    time_left = _within_request(time_left)
    holding = created  # this request holds the lease
    try:
        if not created and record["state"] == RUNNING:  # asked again: carry on if the job stalled
            claimed = store.claim_erasure(uid, now, now + LEASE)
            holding = claimed is not None
            record = _work(store, uid, claimed, now, delete_sign_in, time_left) if holding else store.get_erasure(uid)
        elif created:
            record = _work(store, uid, record, now, delete_sign_in, time_left)
    except Exception as error:  # noqa: BLE001 — recorded: the job carries on; the caller gets 202
        log.warning("erasure: the inline part failed (%s); the job continues", type(error).__name__)
        record = _leave_to_the_job(store, uid, record, now, release=holding)
    return erasure_view(record), record["state"] == DONE


def _within_request(time_left: TimeLeft) -> TimeLeft:
    """The inline part's time: what the caller allows, and never the request budget's last seconds."""
    def left() -> float:
        request_left = budget_remaining()
        return time_left() if request_left is None else min(time_left(), request_left - WRAP_UP_SECONDS)

    return left


def _leave_to_the_job(store: Store, uid: str, record: dict, now: datetime, *, release: bool) -> dict:
    """After the inline part failed or ran out of time: free the lease (its release starts the next
    run) and read where the erasure stands, within a budget of its own (the request's may be spent).
    If even that fails, the lease expires and the sweep carries on."""
    with request_budget(WRAP_UP_SECONDS):
        try:
            if release:
                store.update_erasure(uid, {"lease_until": None, "updated_at": now})
            return store.get_erasure(uid) or record
        except Exception as error:  # noqa: BLE001 — the record stands; the sweep resumes it
            log.warning("erasure: could not release the lease (%s); the sweep resumes it", type(error).__name__)
            return record


def wants_a_worker(record: dict | None) -> bool:
    """Whether a change to an erasure record should start a chunk: running, and nobody holds the lease."""
    return record is not None and record.get("state") == RUNNING and record.get("lease_until") is None


def run_erasure_job(store: Store, uid: str, now: datetime, delete_sign_in: DeleteSignIn,
                    time_left: TimeLeft) -> dict | None:
    """One chunk of the uid's erasure if its lease is free; the record after it, or None when
    there was nothing to do (done, or another worker holds the lease)."""
    record = store.claim_erasure(uid, now, now + LEASE)
    if record is None:
        return None
    return _work(store, uid, record, now, delete_sign_in, time_left)


def deadline_in(seconds: float) -> TimeLeft:
    """A run's `time_left`: the seconds left of `seconds` from now."""
    deadline = time.monotonic() + seconds
    return lambda: deadline - time.monotonic()


def resume_stalled(store: Store, now: datetime, delete_sign_in: DeleteSignIn, time_left: TimeLeft) -> int:
    """Carry on erasures whose worker died (crash, timeout, redeploy); returns how many were resumed."""
    resumed = 0
    for uid in store.stalled_erasures(now):
        if time_left() <= 0:
            break
        if run_erasure_job(store, uid, now, delete_sign_in, time_left) is not None:
            resumed += 1
    return resumed


def _work(store: Store, uid: str, record: dict, now: datetime, delete_sign_in: DeleteSignIn,
          time_left: TimeLeft) -> dict:
    """Holding the lease: end links, delete until time is up or nothing is left, then the sign-in."""
    if not record.get("links_ended"):
        end_links(store, uid, record["role"], now)
        store.update_erasure(uid, {"links_ended": True})
    if _delete_everything(store, uid, time_left):
        for field in ("therapist_uid", "used_by"):
            store.delete_counted(uid, [snapshot.reference for snapshot in store.invite_refs(field, uid)])
        try:
            delete_sign_in(uid)
        except Exception as error:  # noqa: BLE001 — the data is already gone; the sweep retries later
            log.warning("erasure: deleting the sign-in account failed (%s); will retry", type(error).__name__)
            # Holding the lease until then keeps the trigger from retrying at once, over and over.
            store.update_erasure(uid, {"lease_until": now + SIGN_IN_RETRY, "chunks": record["chunks"] + 1,
                                       "updated_at": now})
            return store.get_erasure(uid)
        else:
            store.update_erasure(uid, {"state": DONE, "finished_at": now, "lease_until": None,
                                       "chunks": record["chunks"] + 1, "updated_at": now})
            return store.get_erasure(uid)
    store.update_erasure(uid, {"lease_until": None, "chunks": record["chunks"] + 1, "updated_at": now})
    return store.get_erasure(uid)


def _delete_everything(store: Store, uid: str, time_left: TimeLeft) -> bool:
    """Delete the user's documents until a whole pass finds none (True) or time is up (False)."""
    position, clean_pass = START, True
    while True:
        deleted, position = store.delete_account_page(uid, position, limit=WALK_LIMIT, time_left=time_left)
        clean_pass = clean_pass and deleted == 0
        if position is None:
            if clean_pass:
                return True
            position, clean_pass = START, True  # one more pass: anything written meanwhile goes too
        elif time_left() <= 0:
            return False


def end_links(store: Store, uid: str, role: str, now: datetime) -> None:
    """End every link at once (therapist access stops). A client's therapists keep their session
    notes as their own record, detached from the client's uid (under a fresh id, with the name they
    knew and the erasure date), so no note can return if the uid linked again; that includes notes
    left from links the client had ended before (found through the invites they used)."""
    pairs = store.link_docs_of(uid, role)
    if role == "client":
        therapists = {therapist for therapist, _ in pairs}
        therapists |= {snapshot.get("therapist_uid") for snapshot in store.invite_refs("used_by", uid)}
        pairs = [(therapist, uid) for therapist in sorted(t for t in therapists if t)]
    # Links go first: a session note is written in a transaction that reads the link, so once the
    # link is gone every note about the client is already there to be detached.
    store.delete_counted(uid, store.existing([ref for t, c in pairs for ref in store.link_refs(t, c)]))
    if role == "client":
        profile = store.get_profile(uid) or {}
        for therapist, _ in pairs:
            notes = store.session_notes_about(therapist, uid)
            reflections = store.reflections_about(therapist, uid)  # the therapist's own, kept like notes
            if notes or reflections:
                former = {"display_name": profile.get("display_name"), "erased_on": now.date().isoformat(),
                          "detached_at": now}
                store.detach_session_notes(therapist, uid, secrets.token_hex(12), former, notes, reflections)
