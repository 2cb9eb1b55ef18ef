"""Every document in the emulator, for tests that prove erasure leaves nothing behind."""
from __future__ import annotations


def all_documents(client) -> list[tuple[str, dict]]:
    """(path, data) of every document, walking every collection and subcollection."""
    found = []

    def walk(collections):
        for collection in collections:
            for ref in collection.list_documents():
                snapshot = ref.get()
                if snapshot.exists:
                    found.append((ref.path, snapshot.to_dict()))
                walk(ref.collections())

    walk(client.collections())
    return found
