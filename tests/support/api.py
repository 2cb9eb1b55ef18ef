"""Calling the API as a signed-in user through the Flask test client."""
from __future__ import annotations

import os

from stepping_stones.auth import uid_is_valid
from tools.auth_emulator import add_account

from .tokens import mint_emulator_token


class ApiUser:
    """A client or therapist with an emulator token; methods return the test client's response.

    A therapist also gets an account in the Auth emulator the app uses: their requests are checked
    against it (check_revoked). A client needs none (the cheap path), as with a real new account."""

    def __init__(self, http, uid: str, role: str = "client"):
        self.http, self.uid, self.role = http, uid, role
        if role == "therapist" and uid_is_valid(uid):  # an unusable uid is refused before any look-up
            add_account(os.environ["FIREBASE_AUTH_EMULATOR_HOST"], uid, role=role)
        self.headers = {"Authorization": f"Bearer {mint_emulator_token(uid, role)}"}

    def get(self, path: str, **query):
        return self.http.get(path, headers=self.headers, query_string=query or None)

    def put(self, path: str, body=None, **kwargs):
        return self.http.put(path, json=body, headers=self.headers, **kwargs)

    def post(self, path: str, body=None, **kwargs):
        return self.http.post(path, json=body, headers=self.headers, **kwargs)

    def delete(self, path: str):
        return self.http.delete(path, headers=self.headers)
