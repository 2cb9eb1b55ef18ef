"""Every document in the emulator, for tests that prove erasure leaves nothing behind."""
from __future__ import annotations


def all_documents(client) -> list[tuple[str, dict]]:
    """(path, data) of every document, in every collection and subcollection, missing parents or not.

    One recursive query a top-level collection (the SDK's own way to reach every descendant, as its
    recursive_delete does), not a listing call for each document: a history of years is thousands of them."""
    return sorted((snapshot.reference.path, snapshot.to_dict())
                  for collection in client.collections() for snapshot in collection.recursive().stream())
