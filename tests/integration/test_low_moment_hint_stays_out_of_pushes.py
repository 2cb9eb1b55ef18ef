"""The help hint after a very low check-in is in the PUT's answer only: never in an outbox item or a push."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime

from stepping_stones.domain.help import LOW_MOMENT_HINT
from stepping_stones.domain.records import CHECKIN, MOOD
from stepping_stones.services import delivery, entries
from tests.support.push_fake import a_client

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def test_a_low_check_in_that_earns_a_win_carries_the_hint_in_its_answer_but_not_in_any_notification(store, fcm):
    uid = a_client(store, "u1", NOW)
    saved = entries.put_entry(store, uid, CHECKIN, "c1", {"local_date": date(2026, 3, 10), "mood": 0}, NOW)
    assert saved.view()["help"] == LOW_MOMENT_HINT and saved.new_wins
    mood = entries.put_entry(store, uid, MOOD, "m1", {"at": NOW, "rating": 1, "emotions": []}, NOW)
    assert "help" not in mood.view()  # once a day

    outbox = store.list_outbox(uid, key_before=None, limit=100)
    assert outbox
    for doc in outbox:
        assert delivery.deliver(store, uid, doc["id"], NOW) == "sent"
    assert fcm.calls
    written = json.dumps([store.list_outbox(uid, key_before=None, limit=100), fcm.calls], default=str)
    assert LOW_MOMENT_HINT["message"] not in written and LOW_MOMENT_HINT["help_path"] not in written
