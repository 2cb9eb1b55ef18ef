"""The only package that imports Firestore: every document path and query lives here, metered."""
from __future__ import annotations

import threading

from firebase_admin import firestore as admin_firestore

from ..config import Config
from ..firebase_app import get_firebase_app
from .account import START, AccountStore, Position, is_position
from .budget import as_app_error, request_budget
from .budget import remaining as budget_remaining
from .core import CoreStore
from .documents import Stored, timeline_key
from .metering import Meter, metering
from .notifications import NotificationStore
from .summary import Summary
from .therapists import TherapistStore
from .transaction import StoreTransaction, joined

__all__ = [
    "START", "Meter", "Position", "Store", "StoreTransaction", "Stored", "Summary", "as_app_error", "budget_remaining",
    "get_store", "is_position", "joined", "metering", "request_budget", "timeline_key",
]


class Store(CoreStore, TherapistStore, NotificationStore, AccountStore):
    """Firestore access for the app; create one per process with `get_store`."""


_stores: dict[Config, Store] = {}
_stores_lock = threading.Lock()


def get_store(config: Config) -> Store:
    """The process-wide Store for this config, with its Firestore client created on first use."""
    with _stores_lock:
        if config not in _stores:
            app = get_firebase_app(config)
            _stores[config] = Store(admin_firestore.client(app))
        return _stores[config]
