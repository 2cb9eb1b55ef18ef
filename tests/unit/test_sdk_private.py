"""The private Firestore SDK names the unit of work relies on are all there, in the SDK version they were checked in."""
from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from google.auth.credentials import AnonymousCredentials
from google.cloud.firestore_v1 import Client, _helpers

from stepping_stones.storage import sdk_private

REQUIREMENTS = Path(__file__).resolve().parents[2] / "functions" / "requirements.txt"


def pinned_sdk_version() -> str:
    match = re.search(r"^google-cloud-firestore==(\S+)$", REQUIREMENTS.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, "functions/requirements.txt no longer pins google-cloud-firestore exactly"
    return match.group(1)


def test_the_private_sdk_names_were_checked_against_the_pinned_sdk_version():
    assert sdk_private.PINNED_SDK_VERSION == pinned_sdk_version(), (
        "functions/requirements.txt pins another google-cloud-firestore than the one storage/sdk_private.py was "
        "checked against: re-check every private name it uses, then change PINNED_SDK_VERSION.")


def test_the_installed_sdk_is_the_pinned_one():
    assert version("google-cloud-firestore") == sdk_private.PINNED_SDK_VERSION, (
        f"google-cloud-firestore {version('google-cloud-firestore')} is installed, but storage/sdk_private.py was "
        f"checked against {sdk_private.PINNED_SDK_VERSION}: its private names may have changed.")


def _sdk_objects() -> dict:
    """One of each object the private names are read from (a client builds no connection until it is used)."""
    client = Client(project="demo-stepping-stones", credentials=AnonymousCredentials())
    return {"Client": client, "Transaction": client.transaction(), "DocumentReference": client.document("users/a"),
            "_helpers": _helpers}


def missing_names(objects: dict, names: dict[str, list[str]]) -> list[str]:
    return [f"{holder}.{name}" for holder, listed in names.items() for name in listed
            if not hasattr(objects[holder], name)]


def test_every_private_sdk_name_the_unit_of_work_uses_still_exists():
    missing = missing_names(_sdk_objects(), sdk_private.PRIVATE_NAMES)
    assert missing == [], f"gone from google-cloud-firestore {version('google-cloud-firestore')}: {missing}"


def test_a_name_gone_from_the_sdk_is_reported():
    assert missing_names(_sdk_objects(), {"Transaction": ["_id", "_no_such_name"]}) == ["Transaction._no_such_name"]
