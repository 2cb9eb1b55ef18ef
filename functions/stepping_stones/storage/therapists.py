"""The therapist side: links, client summaries for the list, sessions and the access log."""
from __future__ import annotations

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .budget import call_options
from .metering import count, read_all, read_one
from .paths import Paths
from .summary import Summary

ATTEMPT_SHARDS = 8  # all clients' attempts spread over 8 documents: ~8 increments a second sustained


class TherapistStore:
    """Links between a therapist and a client, and what a therapist keeps about each client."""

    client: firestore.Client  # set by the store this is mixed into (storage.Store)
    paths: Paths

    def list_client_links(self, therapist_uid: str) -> list[dict]:
        return read_all(self.paths.client_links(therapist_uid))

    def list_therapist_links(self, client_uid: str) -> list[dict]:
        return read_all(self.paths.therapist_links(client_uid))

    def get_link(self, therapist_uid: str, client_uid: str) -> dict | None:
        return read_one(self.paths.client_link(therapist_uid, client_uid))

    def get_invite(self, code: str) -> dict | None:
        return read_one(self.paths.invite(code))

    def get_summaries(self, uids: list[str]) -> dict[str, Summary | None]:
        """Several clients' summaries in one round trip (one read each)."""
        if not uids:
            return {}
        count(reads=len(uids))
        found = {s.reference.parent.parent.id: Summary.from_doc(s.to_dict() or {})
                 for s in self.client.get_all([self.paths.summary(uid) for uid in uids], **call_options()) if s.exists}
        return {uid: found.get(uid) for uid in uids}

    def get_measures_of(self, uids: list[str]) -> dict[str, dict | None]:
        """Several clients' measures documents in one round trip (one read each)."""
        if not uids:
            return {}
        count(reads=len(uids))
        found = {s.reference.parent.parent.id: s.to_dict() or {}
                 for s in self.client.get_all([self.paths.measures(uid) for uid in uids], **call_options()) if s.exists}
        return {uid: found.get(uid) for uid in uids}

    def list_sessions(self, therapist_uid: str, client_uid: str) -> list[dict]:
        return read_all(self.paths.sessions(therapist_uid, client_uid))

    def list_agenda(self, client_uid: str, limit: int) -> list[dict]:
        """The client's agenda items: a bounded collection, read in one query."""
        return read_all(self.paths.agenda(client_uid).order_by("__name__").limit(limit))

    def list_reflections(self, therapist_uid: str, field: str, value: str, limit: int) -> list[dict]:
        """The therapist's reflections about one client (`client_uid`) or former client (`former_client`)."""
        query = (self.paths.reflections(therapist_uid).where(filter=FieldFilter(field, "==", value))
                 .order_by("date", direction=firestore.Query.DESCENDING).limit(limit))
        return read_all(query)  # latest first (a composite index in firestore.indexes.json)

    def list_former_clients(self, therapist_uid: str) -> list[tuple[str, dict, list[dict]]]:
        """The therapist's records of clients who erased their accounts, with the session notes kept
        about each: (record id, record, sessions). One query for the records and one for each's notes."""
        snapshots = list(self.paths.former_clients(therapist_uid).stream(**call_options()))
        count(reads=max(1, len(snapshots)))
        return [(snapshot.id, snapshot.to_dict(), read_all(self.paths.former_client_sessions(therapist_uid, snapshot.id)))
                for snapshot in snapshots]

    def count_link_attempt(self, client_uid: str, window: str, delta: int = 1) -> int:
        """Add `delta` to the codes this client tried in `window`; returns the count now stored.

        An atomic increment outside any transaction: parallel attempts never conflict, and each
        reads the count after its own increment, so the k-th attempt sees at least k.
        """
        ref = self.paths.link_attempts(client_uid, window)
        count(writes=1)
        ref.set({"window": window, "attempts": firestore.Increment(delta)}, merge=True)
        return int((read_one(ref) or {}).get("attempts", 0))

    def forget_link_attempts(self, client_uid: str, window: str) -> None:
        """Delete the client's count of `window` (their account is being erased)."""
        count(writes=1)
        self.paths.link_attempts(client_uid, window).delete(**call_options())

    def count_global_link_attempt(self, window: str, shard: int, delta: int = 1) -> int:
        """Add `delta` to one shard of every client's attempts in `window`; returns the total now."""
        refs = self.paths.link_attempt_shards(window, ATTEMPT_SHARDS)
        count(writes=1, reads=len(refs))
        refs[shard % len(refs)].set({"window": window, "attempts": firestore.Increment(delta)}, merge=True)
        return sum(int((s.to_dict() or {}).get("attempts", 0)) for s in self.client.get_all(refs) if s.exists)

    def list_access_log(self, client_uid: str, *, key_before: str | None, limit: int) -> list[dict]:
        query = self.paths.access_log(client_uid)
        if key_before is not None:
            query = query.where(filter=FieldFilter("sort_key", "<", key_before))
        return read_all(query.order_by("sort_key", direction=firestore.Query.DESCENDING).limit(limit))

    def list_open_suggestions(self, client_uid: str, limit: int) -> list[dict]:
        """The client's suggestions still waiting for an answer, from every therapist (at most `limit`)."""
        return read_all(self.paths.suggestions(client_uid).where(filter=FieldFilter("state", "==", "open")).limit(limit))

    def list_suggestions_from(self, client_uid: str, therapist_uid: str, limit: int) -> list[dict]:
        """The suggestions one therapist made to the client, in no particular order (at most `limit`)."""
        return read_all(self.paths.suggestions(client_uid).where(
            filter=FieldFilter("therapist_uid", "==", therapist_uid)).limit(limit))
