"""Fixtures the API tests share: a therapist, and the client with a profile linked to them."""
from __future__ import annotations

import pytest

from tests.support.therapy import link


@pytest.fixture
def therapist(new_user):
    return new_user("therapist")


@pytest.fixture
def share_notes() -> bool:
    """Whether `linked` shares the client's notes with the therapist (a module overrides it to say otherwise)."""
    return True


@pytest.fixture
def linked(client_with_profile, therapist, share_notes):
    """The client with a profile, linked to `therapist`."""
    link(client_with_profile, therapist, share_notes=share_notes)
    return client_with_profile
