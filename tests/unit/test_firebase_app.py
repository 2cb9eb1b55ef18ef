"""A process that moves to another emulator (as `make bench` does) gets a client for the new one."""
from __future__ import annotations

from stepping_stones.config import Config
from stepping_stones.firebase_app import get_firebase_app


def test_each_emulator_host_gets_its_own_app_and_the_same_host_reuses_it():
    first = get_firebase_app(Config(firestore_emulator_host="127.0.0.1:1111"))
    again = get_firebase_app(Config(firestore_emulator_host="127.0.0.1:1111"))
    other = get_firebase_app(Config(firestore_emulator_host="127.0.0.1:2222"))
    assert first is again
    assert other is not first
