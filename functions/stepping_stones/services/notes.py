"""A therapist's note on a win or a moment, as an item of the client's inbox ("A note from <name>").

The note is an outbox document of the client (users/{client}/outbox/{id}): the inbox shows its words,
the push says only that a note is waiting (domain/notify_messages.py), sent by the same delivery as
every push, within the client's quiet hours and daily cap. One note per therapist and win or moment
(its id is derived from both): writing it again replaces the words and shows it as new again, without
a second push. Written in the therapist's transaction that read the link and the client's erasure record.
"""
from __future__ import annotations

from datetime import datetime

from ..domain import notify_messages as messages
from ..domain.bounds import UNREAD_NOTES
from ..domain.suggestions import note_id, note_title
from ..errors import AccountErased
from ..storage import StoreTransaction
from .erasure import BEING_ERASED, being_erased
from .notifications import THERAPIST_NOTE, outbox_doc
from .summary import limit_reached


def leave_note(tx: StoreTransaction, link: dict, client_uid: str, subject: str, about: str, note: str | None,
               now: datetime) -> None:
    """Put (or replace) the note on `subject` in the client's inbox; no words, no note."""
    if note is None or not note.strip():
        return
    therapist_uid = link["therapist_uid"]
    if being_erased(tx, client_uid):
        raise AccountErased(BEING_ERASED)
    notification_id = note_id(therapist_uid, subject)
    text = messages.inbox_text(THERAPIST_NOTE, note={"title": note_title(link.get("therapist_name")), "text": note})
    existing = tx.get_outbox(client_uid, notification_id)
    if existing is None:
        if tx.unread_notes_from(client_uid, therapist_uid, UNREAD_NOTES.limit) >= UNREAD_NOTES.limit:
            raise limit_reached(UNREAD_NOTES)
        tx.set_outbox(client_uid, notification_id, outbox_doc(
            notification_id, THERAPIST_NOTE, text, now, therapist_uid=therapist_uid, subject=subject, about=about))
    elif (existing["title"], existing["body"]) != (text["title"], text["body"]):
        tx.update_outbox(client_uid, notification_id, {**text, "read_at": None, "edited_at": now, "about": about})
