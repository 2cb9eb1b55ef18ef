"""Names and document paths: nothing else builds a Firestore path."""
from __future__ import annotations

from ..errors import UnsafeDocumentId

USERS = "users"
ENTRIES = "entries"
PRIVATE = "private"
SUMMARY_DOC = "summary"
MEASURES_DOC = "measures"  # a client's assigned measures and answers, under private/
SAFETY_PLAN_DOC = "safety_plan"  # under private/, beside the summary: exported and erased with it
WINS = "wins"
GOALS = "goals"
AWAY = "away"
INVITES = "invites"
CLIENT_LINKS = "clients"
THERAPIST_LINKS = "therapists"
SESSIONS = "sessions"
ACCESS_LOG = "access_log"
LINK_ATTEMPTS = "link_attempts"  # per client under users/{uid}, and all clients' shards at the top
DEVICES = "devices"
OUTBOX = "outbox"
FORMER_CLIENTS = "former_clients"
ERASURES = "erasures"
SUGGESTIONS = "suggestions"
AGENDA = "agenda"  # a client's "I'd like to talk about this" items
REFLECTIONS = "reflections"  # a therapist's private reflections, each naming the client (or former client)

# Every collection directly under users/{uid}, in the order the export and the erasure read them
# (devices and the outbox first: an erasure stops pushes before anything else), and the collection
# each holds under its documents (the therapist's session notes). A new collection must be named
# here, or export and erasure miss it (tests compare the export with a full listing).
USER_COLLECTIONS = (DEVICES, OUTBOX, ACCESS_LOG, AGENDA, AWAY, CLIENT_LINKS, ENTRIES, FORMER_CLIENTS, GOALS,
                    LINK_ATTEMPTS, PRIVATE, REFLECTIONS, SUGGESTIONS, THERAPIST_LINKS, WINS)
NESTED_COLLECTIONS = {CLIENT_LINKS: SESSIONS, FORMER_CLIENTS: SESSIONS}

MAX_DOCUMENT_ID_BYTES = 1500  # Firestore's own limit on a document id


def document_id_problem(doc_id) -> str | None:
    """Why `doc_id` cannot be exactly one ordinary Firestore path segment, or None when it can."""
    if not isinstance(doc_id, str):
        return "not a string"
    try:
        size = len(doc_id.encode("utf-8"))
    except UnicodeEncodeError:
        return "not valid UTF-8"
    if not 1 <= size <= MAX_DOCUMENT_ID_BYTES:
        return f"not 1 to {MAX_DOCUMENT_ID_BYTES} bytes"
    if "/" in doc_id:
        return "contains '/'"
    if doc_id in (".", "..") or (doc_id.startswith("__") and doc_id.endswith("__")):
        return "a reserved name"
    if any(ord(character) < 32 or ord(character) == 127 for character in doc_id):
        return "contains a control character"
    return None


def entry_doc_id(kind: str, entry_id: str) -> str:
    return f"{kind}:{entry_id}"


class Paths:
    """Document and collection references of one Firestore client, shared by the store and its transactions."""

    def __init__(self, client):
        self.client = client

    @staticmethod
    def _child(collection, doc_id: str):
        """The one place a document id becomes a path segment: exactly one, or UnsafeDocumentId."""
        problem = document_id_problem(doc_id)
        if problem:  # the id itself is never put in the message: it may be anything a caller sent
            raise UnsafeDocumentId(f"refused a document id under {collection.id}/: {problem}")
        return collection.document(doc_id)

    def user(self, uid: str):
        return self._child(self.client.collection(USERS), uid)

    def users(self):
        return self.client.collection(USERS)

    def entries(self, uid: str):
        return self.user(uid).collection(ENTRIES)

    def entry(self, uid: str, kind: str, entry_id: str):
        return self._child(self.entries(uid), entry_doc_id(kind, entry_id))

    def summary(self, uid: str):
        return self._child(self.user(uid).collection(PRIVATE), SUMMARY_DOC)

    def measures(self, uid: str):
        """The client's measures: assignments and every answer (one document, bounded by MEASURE_ANSWERS)."""
        return self._child(self.user(uid).collection(PRIVATE), MEASURES_DOC)
    def safety_plan(self, uid: str):
        return self._child(self.user(uid).collection(PRIVATE), SAFETY_PLAN_DOC)

    def link_attempts(self, uid: str, window: str):
        """Codes this client tried in one window (erased with the account)."""
        return self._child(self.user(uid).collection(LINK_ATTEMPTS), window)

    def link_attempt_shards(self, window: str, shards: int):
        """Codes all clients tried in one window, counted in `shards` documents (no uid in them)."""
        collection = self.client.collection(LINK_ATTEMPTS)
        return [self._child(collection, f"{window}-{shard}") for shard in range(shards)]

    def wins(self, uid: str):
        return self.user(uid).collection(WINS)

    def win(self, uid: str, win_id: str):
        return self._child(self.wins(uid), win_id)

    def goals(self, uid: str):
        return self.user(uid).collection(GOALS)

    def goal(self, uid: str, goal_id: str):
        return self._child(self.goals(uid), goal_id)

    def away_periods(self, uid: str):
        return self.user(uid).collection(AWAY)

    def away(self, uid: str, period_id: str):
        return self._child(self.away_periods(uid), period_id)

    def invites(self):
        return self.client.collection(INVITES)

    def invite(self, code: str):
        return self._child(self.invites(), code)

    def client_links(self, therapist_uid: str):
        return self.user(therapist_uid).collection(CLIENT_LINKS)

    def client_link(self, therapist_uid: str, client_uid: str):
        """The therapist's side of a link (it also holds the therapist's win reviews)."""
        return self._child(self.client_links(therapist_uid), client_uid)

    def therapist_links(self, client_uid: str):
        return self.user(client_uid).collection(THERAPIST_LINKS)

    def therapist_link(self, client_uid: str, therapist_uid: str):
        return self._child(self.therapist_links(client_uid), therapist_uid)

    def sessions(self, therapist_uid: str, client_uid: str):
        return self.client_link(therapist_uid, client_uid).collection(SESSIONS)

    def session(self, therapist_uid: str, client_uid: str, day: str):
        return self._child(self.sessions(therapist_uid, client_uid), day)

    def suggestions(self, client_uid: str):
        """What linked therapists suggested to the client (the client's data: exported and erased with it)."""
        return self.user(client_uid).collection(SUGGESTIONS)

    def suggestion(self, client_uid: str, suggestion_id: str):
        return self._child(self.suggestions(client_uid), suggestion_id)

    def access_log(self, client_uid: str):
        return self.user(client_uid).collection(ACCESS_LOG)

    def access_record(self, client_uid: str, record_id: str):
        return self._child(self.access_log(client_uid), record_id)

    def devices(self, uid: str):
        return self.user(uid).collection(DEVICES)

    def device(self, uid: str, device_id: str):
        return self._child(self.devices(uid), device_id)

    def device_group(self):
        return self.client.collection_group(DEVICES)

    def outbox(self, uid: str):
        return self.user(uid).collection(OUTBOX)

    def outbox_doc(self, uid: str, notification_id: str):
        return self._child(self.outbox(uid), notification_id)

    def outbox_group(self):
        return self.client.collection_group(OUTBOX)

    def user_collection(self, uid: str, name: str):
        """One of the USER_COLLECTIONS under the user."""
        if name not in USER_COLLECTIONS:
            raise ValueError(f"not a user collection: {name!r}")
        return self.user(uid).collection(name)

    def nested_collection(self, uid: str, name: str, parent_id: str):
        """The collection held under users/{uid}/{name}/{parent_id} (sessions under a client link)."""
        return self._child(self.user_collection(uid, name), parent_id).collection(NESTED_COLLECTIONS[name])

    def former_clients(self, therapist_uid: str):
        return self.user(therapist_uid).collection(FORMER_CLIENTS)

    def former_client(self, therapist_uid: str, detached_id: str):
        """A client who erased their account, as the therapist's own record (no client uid in it)."""
        return self._child(self.former_clients(therapist_uid), detached_id)

    def former_client_sessions(self, therapist_uid: str, detached_id: str):
        return self.former_client(therapist_uid, detached_id).collection(SESSIONS)

    def former_client_session(self, therapist_uid: str, detached_id: str, day: str):
        return self._child(self.former_client_sessions(therapist_uid, detached_id), day)

    def agenda(self, uid: str):
        return self.user(uid).collection(AGENDA)

    def agenda_item(self, uid: str, item_id: str):
        return self._child(self.agenda(uid), item_id)

    def reflections(self, therapist_uid: str):
        return self.user(therapist_uid).collection(REFLECTIONS)

    def reflection(self, therapist_uid: str, reflection_id: str):
        """A therapist's reflection: under the therapist only, never under the client."""
        return self._child(self.reflections(therapist_uid), reflection_id)

    def erasures(self):
        return self.client.collection(ERASURES)

    def erasure(self, uid: str):
        """The record of an account's erasure: its job state and the time it was asked for."""
        return self._child(self.erasures(), uid)
