"""The private parts of the Firestore SDK the unit of work uses, in one place, held to the pinned SDK version.

The SDK's public transaction reads and writes through its own retrying wrapper; the unit of work needs the raw
BeginTransaction/Commit/Rollback calls (with its own timeouts and no retry) and write protos with preconditions,
which only these private names give. tests/unit/test_sdk_private.py fails when the installed SDK is not the one
pinned in functions/requirements.txt or when any name below is gone: re-check them before changing the pin.
"""
from __future__ import annotations

from typing import Any

from google.cloud.firestore_v1 import _helpers

# The version these names were checked against (functions/requirements.txt pins the same).
PINNED_SDK_VERSION = "2.34.1"

# What each private name is read from, for the test that checks they are all still there.
PRIVATE_NAMES = {
    "Client": ["_firestore_api", "_database_string", "_rpc_metadata"],
    "Transaction": ["_options_protobuf", "_id"],
    "DocumentReference": ["_document_path"],  # read directly by the unit of work as each document's key
    "_helpers": ["pbs_for_set_with_merge", "pbs_for_set_no_merge", "pb_for_delete", "LastUpdateOption",
                 "ExistsOption"],
}


def begin_transaction(client: Any, transaction: Any, timeout: float) -> bytes:
    """Begin `transaction` with one BeginTransaction RPC (no retry) and give its id."""
    response = client._firestore_api.begin_transaction(
        request={"database": client._database_string, "options": transaction._options_protobuf(None)},
        metadata=client._rpc_metadata, retry=None, timeout=timeout)
    transaction._id = response.transaction
    return response.transaction


def commit(client: Any, writes: list, transaction_id: bytes | None, timeout: float) -> None:
    """Commit `writes` at once (inside the transaction when an id is given), with no retry."""
    request: dict[str, Any] = {"database": client._database_string, "writes": writes}
    if transaction_id is not None:
        request["transaction"] = transaction_id
    client._firestore_api.commit(request=request, metadata=client._rpc_metadata, retry=None, timeout=timeout)


def rollback(client: Any, transaction_id: bytes, timeout: float) -> None:
    """Roll the transaction back (release its locks), with no retry."""
    client._firestore_api.rollback(request={"database": client._database_string, "transaction": transaction_id},
                                   metadata=client._rpc_metadata, retry=None, timeout=timeout)


def write_pbs(path: str, data: dict | None, *, merge: bool) -> list:
    """The write protos for setting (merging) `data` at `path`, or deleting it when `data` is None."""
    if data is None:
        return [_helpers.pb_for_delete(path, None)]
    if merge:
        return _helpers.pbs_for_set_with_merge(path, data, merge=True)
    return _helpers.pbs_for_set_no_merge(path, data)


def require_unchanged(write_pb: Any, update_time: Any | None) -> None:
    """Make the write fail unless the document is as read: unchanged since `update_time`, or still absent."""
    option = _helpers.LastUpdateOption(update_time) if update_time else _helpers.ExistsOption(False)
    option.modify_write(write_pb)
