"""Count the Firestore RPCs a store makes, by wrapping its client's API methods (the calls still run)."""
from __future__ import annotations

import contextlib
from collections import Counter
from typing import Iterator

RPCS = {
    "begin_transaction": "BeginTransaction",
    "batch_get_documents": "BatchGetDocuments",
    "commit": "Commit",
    "rollback": "Rollback",
    "run_query": "RunQuery",
}


@contextlib.contextmanager
def counting_rpcs(store, monkeypatch) -> Iterator[Counter]:
    """A Counter of RPC names made through `store`'s Firestore client inside the block."""
    api = store.client._firestore_api
    counts: Counter = Counter()
    for method, name in RPCS.items():
        original = getattr(api, method)

        def counted(*args, _original=original, _name=name, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(api, method, counted)
    try:
        yield counts
    finally:
        for method in RPCS:
            monkeypatch.delattr(api, method)
