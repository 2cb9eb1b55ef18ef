"""The one firebase-admin App of this process, created lazily on first use."""
from __future__ import annotations

import threading

import firebase_admin
from firebase_admin import credentials

from .auth import offline_credential
from .config import Config

_lock = threading.Lock()
_apps: dict[str, firebase_admin.App] = {}


def get_firebase_app(config: Config) -> firebase_admin.App:
    """Return this config's App, creating it on first use (importing costs no credentials)."""
    # One App per project and emulator: its Firestore client is bound to the emulator it began with.
    name = f"stepping-stones:{config.project_id}:{config.firestore_emulator_host or 'cloud'}"
    with _lock:
        if name not in _apps:
            use_emulator = bool(config.firestore_emulator_host or config.auth_emulator_host)
            credential = offline_credential() if use_emulator else credentials.ApplicationDefault()
            _apps[name] = firebase_admin.initialize_app(
                credential=credential, options={"projectId": config.project_id}, name=name
            )
        return _apps[name]
