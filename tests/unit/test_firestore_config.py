"""Deploy configuration that the emulator does not enforce: rules deny clients, indexes fit the queries."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_rules_deny_every_direct_client_read_and_write():
    rules = (ROOT / "firestore.rules").read_text()
    assert "allow read, write: if false;" in rules
    assert "if true" not in rules and "request.auth" not in rules


def test_the_summary_documents_large_json_fields_are_not_indexed():
    overrides = json.loads((ROOT / "firestore.indexes.json").read_text())["fieldOverrides"]
    exempt = {o["fieldPath"] for o in overrides if o["collectionGroup"] == "private" and o["indexes"] == []}
    assert exempt == {"state", "earned", "notified", "archive"}


def test_the_timeline_filter_by_kind_has_its_composite_index():
    indexes = json.loads((ROOT / "firestore.indexes.json").read_text())["indexes"]
    assert {"collectionGroup": "entries", "queryScope": "COLLECTION", "fields": [
        {"fieldPath": "kind", "order": "ASCENDING"}, {"fieldPath": "timeline_key", "order": "DESCENDING"}]} in indexes


def test_firebase_json_deploys_functions_from_functions_with_python_311():
    config = json.loads((ROOT / "firebase.json").read_text())
    (functions,) = config["functions"]
    assert (functions["source"], functions["codebase"], functions["runtime"]) == ("functions", "default", "python311")
    assert {"venv", "__pycache__", "*.pyc"} <= set(functions["ignore"])
    assert config["emulators"]["singleProjectMode"] is True
    assert (config["emulators"]["auth"]["port"], config["emulators"]["firestore"]["port"],
            config["emulators"]["functions"]["port"]) == (9099, 8080, 5001)
