"""Linking clients to therapists in API tests."""
from __future__ import annotations


def link(client, therapist, share_notes: bool = False) -> dict:
    """Issue an invite as `therapist` and redeem it as `client`; returns the link response."""
    code = therapist.post("/v1/invites").json["code"]
    response = client.post("/v1/links", {"code": code, "share_notes": share_notes})
    assert response.status_code == 201, response.json
    return response.json
