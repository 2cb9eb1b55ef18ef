"""Calling the API as a signed-in user through the Flask test client."""
from __future__ import annotations

from .tokens import mint_emulator_token


class ApiUser:
    """A client or therapist with an emulator token; methods return the test client's response."""

    def __init__(self, http, uid: str, role: str = "client"):
        self.http, self.uid, self.role = http, uid, role
        self.headers = {"Authorization": f"Bearer {mint_emulator_token(uid, role)}"}

    def get(self, path: str, **query):
        return self.http.get(path, headers=self.headers, query_string=query or None)

    def put(self, path: str, body=None, **kwargs):
        return self.http.put(path, json=body, headers=self.headers, **kwargs)

    def post(self, path: str, body=None, **kwargs):
        return self.http.post(path, json=body, headers=self.headers, **kwargs)

    def delete(self, path: str):
        return self.http.delete(path, headers=self.headers)
