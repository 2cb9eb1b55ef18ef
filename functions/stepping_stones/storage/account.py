"""Whole accounts: export every document of a user, erase them, bulk seeding."""
from __future__ import annotations

from typing import Iterator

from google.cloud.firestore_v1.base_query import FieldFilter

from .metering import commit_in_batches, count, read_one

EXPORT_PAGE = 300


class AccountStore:
    """Everything under one user at once."""

    def iter_user_documents(self, uid: str, page_size: int = EXPORT_PAGE) -> Iterator[tuple[str, str, dict]]:
        """Every document under the user, as (collection path below the user, id, data), a page at a time."""
        user = self.paths.user(uid)
        profile = read_one(user)
        if profile is not None:
            yield "", uid, profile
        yield from self._iter_collections(user, "", page_size)

    def _iter_collections(self, parent, prefix: str, page_size: int):
        for collection in parent.collections():
            path = f"{prefix}{collection.id}"
            last = None
            while True:
                query = collection.order_by("__name__").limit(page_size)
                if last is not None:
                    query = query.start_after(last)
                snapshots = list(query.stream())
                count(reads=max(1, len(snapshots)))
                for snapshot in snapshots:
                    yield path, snapshot.id, snapshot.to_dict()
                    yield from self._iter_collections(snapshot.reference, f"{path}/{snapshot.id}/", page_size)
                if len(snapshots) < page_size:
                    break
                last = snapshots[-1]

    def invites_of(self, therapist_uid: str) -> list[str]:
        return self._invite_codes("therapist_uid", therapist_uid)

    def invites_used_by(self, client_uid: str) -> list[str]:
        return self._invite_codes("used_by", client_uid)

    def _invite_codes(self, field: str, uid: str) -> list[str]:
        query = self.paths.invites().where(filter=FieldFilter(field, "==", uid))
        codes = [snapshot.id for snapshot in query.stream()]
        count(reads=max(1, len(codes)))
        return codes

    def erase_user(self, uid: str, *, link_pairs: list[tuple[str, str]], invite_codes: list[str]) -> int:
        """Delete everything under the user, both sides of the given (therapist, client) links with
        their subcollections, and the given invites. Returns the number of documents deleted."""
        deleted = self.client.recursive_delete(self.paths.user(uid))
        for therapist_uid, client_uid in link_pairs:
            deleted += self.client.recursive_delete(self.paths.client_link(therapist_uid, client_uid))
            deleted += self.client.recursive_delete(self.paths.therapist_link(client_uid, therapist_uid))
        for code in invite_codes:
            self.paths.invite(code).delete()
            deleted += 1
        count(writes=deleted)
        return deleted

    def write_users_in_batches(self, users: list[tuple[str, dict, dict | None]]) -> None:
        """Bulk-write (uid, profile, summary document) triples, 500 writes a commit (seeding, imports)."""
        operations = [(self.paths.user(uid), profile) for uid, profile, _ in users]
        operations += [(self.paths.summary(uid), summary) for uid, _, summary in users if summary is not None]
        commit_in_batches(self.client, operations)
