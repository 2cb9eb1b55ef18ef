"""Consent-based links between a client and their therapists: invites, linking, sharing, unlinking."""
from __future__ import annotations

import logging
import secrets
from datetime import datetime

from ..domain import invites
from ..domain.sharing import sharing_statement
from ..errors import NotFound, TooManyRequests, ValidationFailed
from ..storage import Store
from .progress import progress_in

log = logging.getLogger("stepping_stones.links")
MAX_CODE_DRAWS = 5


def create_invite(store: Store, therapist_uid: str, now: datetime, random_bytes=secrets.token_bytes) -> dict:
    """A fresh single-use code, valid for 72 hours."""
    def work(tx):
        for _ in range(MAX_CODE_DRAWS):
            code = invites.new_invite_code(random_bytes)
            if tx.get_invite(code) is None:
                invite = invites.new_invite(therapist_uid, now)
                tx.set_invite(code, invite)
                return {"code": code, "expires_at": invite["expires_at"]}
        raise RuntimeError("could not draw an unused invite code")

    return store.run_transaction(work)


def link_with_code(store: Store, client_uid: str, code_text: str, share_notes: bool, now: datetime) -> dict:
    """Link the client to the therapist who issued the code. Every unusable code gets the same
    answer; failures are counted (and committed) before the error is raised."""
    def work(tx):
        progress_in(tx, client_uid)  # a client needs a profile: the therapist sees their name and dates
        attempts = tx.get_link_attempts(client_uid) or {"failures": []}
        failures = invites.prune_failures(attempts["failures"], now)
        allowed, retry_after = invites.attempts_allowed(failures, now)
        if not allowed:
            return {"refused": retry_after}
        code = invites.normalize_code(code_text)
        invite = tx.get_invite(code) if code else None
        problem = invites.invite_problem(invite, now) if code else invites.MALFORMED
        if problem:
            tx.set_link_attempts(client_uid, {"failures": [*failures, now]})
            return {"rejected": problem}
        therapist_uid = invite["therapist_uid"]
        tx.set_invite(code, {**invite, "used_by": client_uid, "used_at": now})
        link = {"therapist_uid": therapist_uid, "client_uid": client_uid, "share_notes": share_notes, "linked_at": now}
        tx.set_link(therapist_uid, client_uid, link)
        return {"linked": link}

    result = store.run_transaction(work)
    if "refused" in result:
        raise TooManyRequests("Too many codes tried in the last hour. Please wait and try again.", result["refused"])
    if "rejected" in result:
        log.info("invite rejected: %s", result["rejected"])
        raise ValidationFailed(invites.INVITE_REJECTED_MESSAGE, {"code": [invites.INVITE_REJECTED_MESSAGE]})
    return link_view(result["linked"])


def link_view(link: dict) -> dict:
    """A link as the client sees it, with exactly what that therapist can see."""
    return {**link, "therapist_sees": sharing_statement(link["share_notes"])}


def list_links(store: Store, client_uid: str) -> list[dict]:
    links = sorted(store.list_therapist_links(client_uid), key=lambda link: link["linked_at"])
    return [link_view(link) for link in links]


def change_sharing(store: Store, client_uid: str, therapist_uid: str, share_notes: bool) -> dict:
    def work(tx):
        link = tx.get_link(therapist_uid, client_uid)
        if link is None:
            raise NotFound("You are not linked to that therapist.")
        shared = {key: link[key] for key in ("therapist_uid", "client_uid", "linked_at")}
        tx.set_link(therapist_uid, client_uid, {**shared, "share_notes": share_notes})
        return {**shared, "share_notes": share_notes}

    return link_view(store.run_transaction(work))


def unlink(store: Store, therapist_uid: str, client_uid: str, *, asked_by_client: bool) -> None:
    """End a link at once, from either side; the therapist's reads stop with it."""
    def work(tx):
        if tx.get_link(therapist_uid, client_uid) is None:
            raise NotFound("You are not linked to that therapist." if asked_by_client else "No linked client with this id.")
        tx.delete_link(therapist_uid, client_uid)

    store.run_transaction(work)
