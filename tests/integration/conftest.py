"""Fixtures for tests against the emulator: a fresh store, and FCM faked at its one boundary."""
from __future__ import annotations

import pytest

from stepping_stones.config import Config
from stepping_stones.services import delivery
from stepping_stones.storage import get_store
from tests.support.push_fake import FakeFcm


@pytest.fixture
def store(clean_firestore):
    """The app's store on an emptied emulator."""
    return get_store(Config.from_env())


@pytest.fixture
def fcm(monkeypatch):
    """FCM faked where the delivery service calls it, and nowhere else."""
    fake = FakeFcm()
    monkeypatch.setattr(delivery, "send_push", fake)
    return fake
