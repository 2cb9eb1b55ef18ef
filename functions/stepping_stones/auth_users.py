"""The one place that deletes a Firebase Auth user: the last step of an account's erasure."""
from __future__ import annotations

from typing import Callable

from firebase_admin import auth as firebase_auth

from .config import Config
from .firebase_app import get_firebase_app


def delete_sign_in(uid: str, firebase_app) -> bool:
    """Delete the user's sign-in account; True when deleted, False when there was none (a retried
    erasure, or a user who never existed in Auth). Other errors propagate: the job retries."""
    try:
        firebase_auth.delete_user(uid, app=firebase_app)
    except firebase_auth.UserNotFoundError:
        return False
    return True


def sign_in_deleter(config: Config) -> Callable[[str], bool]:
    """`delete_sign_in` bound to this config's firebase-admin App."""
    return lambda uid: delete_sign_in(uid, get_firebase_app(config))
