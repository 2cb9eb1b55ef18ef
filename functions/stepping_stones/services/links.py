"""Consent-based links between a client and their therapists: invites, linking, sharing, unlinking."""
from __future__ import annotations

import logging
import secrets
from datetime import datetime

from ..domain import invites
from ..domain.sharing import sharing_statement
from ..errors import AccountErased, Gone, NotFound, ProfileRequired, TooManyRequests, ValidationFailed
from ..storage import Store
from . import safety_plan
from .erasure import being_erased, guard

log = logging.getLogger("stepping_stones.links")
MAX_CODE_DRAWS = 5


# A preview names the problem (the link itself never does): the client is looking at one code they
# were handed, and the attempt was counted like a link attempt first.
PREVIEW_UNKNOWN = "No invite has this code. Check it with your therapist, or ask them for a new one."
PREVIEW_USED = "This code has already been used. Ask your therapist for a new one."
PREVIEW_EXPIRED = "This code has expired (codes last 72 hours). Ask your therapist for a new one."
PREVIEW_YOURS = "You already used this code: you are linked to {name}. Your links are at GET /v1/links."
OWN_CODE = "This code is your own invite: it links a client to you, so it cannot link you to yourself."


def therapist_name(profile: dict | None) -> str | None:
    """The name a therapist chose for their profile (None before they made one)."""
    return (profile or {}).get("display_name")


def create_invite(store: Store, therapist_uid: str, now: datetime, random_bytes=secrets.token_bytes) -> dict:
    """A fresh single-use code, valid for 72 hours, shown in groups of four."""
    def work(tx):
        guard(tx, therapist_uid)  # no invite outlives its therapist's erasure
        for _ in range(MAX_CODE_DRAWS):
            code = invites.new_invite_code(random_bytes)
            if tx.get_invite(code) is None:
                invite = invites.new_invite(therapist_uid, now)
                tx.set_invite(code, invite)
                return {"code": invites.display_code(code), "expires_at": invite["expires_at"]}
        raise RuntimeError("could not draw an unused invite code")

    return store.run_transaction(work)


def link_with_code(store: Store, client_uid: str, code_text: str, share_notes: bool, now: datetime, *,
                   budget: int = invites.ATTEMPT_BUDGET, shard: int | None = None) -> tuple[dict, bool]:
    """Link the client to the therapist who issued the code; returns (link, created).

    Every attempt is counted before the code is looked at: the client's own (10 an hour), then,
    for a well-formed code, everyone's (`budget` an hour), so neither parallel attempts nor many
    accounts get more guesses. Every unusable code gets the same answer. A client who retries
    after a lost response (the code is used, by them, and the link is there) gets the link back.
    """
    if store.get_summary(client_uid) is None:  # the therapist sees the client's name and dates
        raise ProfileRequired()
    code, window, shard = _counted_attempt(store, client_uid, code_text, now, budget, shard)
    if code is None:
        log.info("invite rejected: %s", invites.MALFORMED)
        raise _rejected()

    def work(tx):
        invite = tx.get_invite(code)
        issuer = (invite or {}).get("therapist_uid")
        tx.get_erasures(client_uid, *([issuer] if issuer else []))  # both records in one round trip
        guard(tx, client_uid)
        if issuer == client_uid:
            return {"own": True}
        problem = invites.invite_problem(invite, now)
        if problem == invites.USED and invite.get("used_by") == client_uid:
            existing = tx.get_link(invite["therapist_uid"], client_uid)
            if existing is not None:
                return {"linked": existing, "created": False}
        if not problem and being_erased(tx, invite["therapist_uid"]):
            problem = invites.ISSUER_ERASING  # the therapist's codes stop working as their erasure starts
        if problem:
            return {"rejected": problem}
        therapist_uid = invite["therapist_uid"]
        name = therapist_name(tx.get_profile(therapist_uid))
        tx.set_invite(code, {**invite, "used_by": client_uid, "used_at": now})
        link = {"therapist_uid": therapist_uid, "therapist_name": name, "client_uid": client_uid,
                "share_notes": share_notes, "linked_at": now}
        tx.set_link(therapist_uid, client_uid, link)
        return {"linked": link, "created": True}

    try:
        result = store.run_transaction(work)
    except AccountErased:
        store.forget_link_attempts(client_uid, window)  # counted just now, perhaps after the erasure's last pass
        raise
    if "own" in result:
        _give_back(store, client_uid, window, shard)  # a code its own issuer typed is not a guess
        raise _own_code()
    if "rejected" in result:
        log.info("invite rejected: %s", result["rejected"])
        raise _rejected()
    _give_back(store, client_uid, window, shard)
    return link_view(result["linked"], safety_plan.is_shared(store, client_uid)), result["created"]


def preview_invite(store: Store, client_uid: str, code_text: str, share_notes: bool, now: datetime, *,
                   budget: int = invites.ATTEMPT_BUDGET, shard: int | None = None) -> dict:
    """Whose code this is and exactly what they would see, before the client links with it.

    Counted like a link attempt (a preview is a guess too), and given back when the code is usable.
    Unknown or used: 404 (a client who linked with it themselves is told so); expired: 410.
    """
    code, window, shard = _counted_attempt(store, client_uid, code_text, now, budget, shard)
    if code is None:
        raise NotFound(PREVIEW_UNKNOWN)
    invite = store.get_invite(code)
    if invite is not None and invite.get("therapist_uid") == client_uid:
        _give_back(store, client_uid, window, shard)
        raise _own_code()
    problem = invites.invite_problem(invite, now)
    if problem == invites.USED and invite.get("used_by") == client_uid:
        link = store.get_link(invite["therapist_uid"], client_uid)
        if link is not None:
            raise NotFound(PREVIEW_YOURS.format(name=link.get("therapist_name") or "this therapist"))
    if problem == invites.EXPIRED:
        raise Gone(PREVIEW_EXPIRED)
    if problem == invites.USED:
        raise NotFound(PREVIEW_USED)
    if problem or being_erased(store, invite["therapist_uid"]):
        raise NotFound(PREVIEW_UNKNOWN)
    profile = store.get_profile(invite["therapist_uid"])
    _give_back(store, client_uid, window, shard)
    return {"code": invites.display_code(code), "therapist_name": therapist_name(profile),
            "expires_at": invite["expires_at"], "share_notes": share_notes,
            "therapist_sees": sharing_statement(share_notes, safety_plan.is_shared(store, client_uid))}


def _counted_attempt(store: Store, client_uid: str, code_text: str, now: datetime, budget: int,
                     shard: int | None) -> tuple[str | None, str, int]:
    """Count one attempt at a code before it is looked at: the client's own (10 an hour), then, for a
    well-formed code, everyone's (`budget` an hour); 429 beyond either. Returns (the normalized code
    or None when it cannot be one, the window, the shard counted in)."""
    window, retry_after = invites.attempt_window(now)
    if store.count_link_attempt(client_uid, window) > invites.MAX_ATTEMPTS_PER_CLIENT:
        raise TooManyRequests("Too many codes tried in the last hour. Please wait and try again.", retry_after)
    code = invites.normalize_code(code_text)
    shard = secrets.randbelow(1 << 16) if shard is None else shard
    if code is None:
        return None, window, shard
    if store.count_global_link_attempt(window, shard) > budget:
        log.warning("invite attempt budget of %d for %s spent", budget, window)
        raise TooManyRequests("Too many codes have been tried in the last hour. Please try again later.",
                              retry_after)
    return code, window, shard


def _give_back(store: Store, client_uid: str, window: str, shard: int) -> None:
    """A code that worked is not a guess: it leaves both counts as they were."""
    store.count_link_attempt(client_uid, window, -1)
    store.count_global_link_attempt(window, shard, -1)


def _own_code() -> ValidationFailed:
    """400 naming the code: a uid holding both roles typed an invite it issued."""
    return ValidationFailed(OWN_CODE, {"code": [OWN_CODE]})


def _rejected() -> ValidationFailed:
    return ValidationFailed(invites.INVITE_REJECTED_MESSAGE, {"code": [invites.INVITE_REJECTED_MESSAGE]})


def link_view(link: dict, plan_shared: bool) -> dict:
    """A link as the client sees it, with exactly what that therapist can see (and the next session's
    date, which the client's side holds only when the therapist chose to show it)."""
    return {**link, "next_session": link.get("next_session"),
            "therapist_sees": sharing_statement(link["share_notes"], plan_shared)}


def list_links(store: Store, client_uid: str) -> list[dict]:
    links = sorted(store.list_therapist_links(client_uid), key=lambda link: link["linked_at"])
    plan_shared = safety_plan.is_shared(store, client_uid) if links else False
    return [link_view(link, plan_shared) for link in links]


def change_sharing(store: Store, client_uid: str, therapist_uid: str, share_notes: bool) -> dict:
    def work(tx):
        link = tx.get_link(therapist_uid, client_uid)
        if link is None:
            raise NotFound("You are not linked to that therapist.")
        shared = {key: link.get(key) for key in ("therapist_uid", "therapist_name", "client_uid", "linked_at")}
        tx.set_link(therapist_uid, client_uid, {**shared, "share_notes": share_notes})
        planned = link.get("next_session") or {}
        return {**shared, "share_notes": share_notes,
                "next_session": planned.get("date") if planned.get("show_to_client") else None}

    return link_view(store.run_transaction(work), safety_plan.is_shared(store, client_uid))


def unlink(store: Store, therapist_uid: str, client_uid: str, *, asked_by_client: bool) -> None:
    """End a link at once, from either side; the therapist's reads stop with it."""
    def work(tx):
        if tx.get_link(therapist_uid, client_uid) is None:
            raise NotFound("You are not linked to that therapist." if asked_by_client else "No linked client with this id.")
        tx.delete_link(therapist_uid, client_uid)

    store.run_transaction(work)
