"""A due questionnaire's reminder: created at the client's reminder slot, its push says only that a questionnaire is
ready, it follows the daily cap and quiet hours, and no item-9 answer ever reaches a push or an outbox item."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from stepping_stones.domain import notify_messages as messages
from stepping_stones.domain.measures import PHQ9, PHQ9_ITEM9
from stepping_stones.services import delivery, measures, reminders
from tests.support.push_fake import a_client

SLOT = datetime(2026, 3, 10, 17, tzinfo=UTC)  # 18:00 in Berlin
MORNING = datetime(2026, 3, 10, 7, tzinfo=UTC)
THERAPIST = "therapist-1"


def linked_with_phq9(store, uid: str, rhythm: str = "weekly") -> None:
    """A link to a named therapist and a PHQ-9 assigned from 10 March, written as the routes write them."""
    def work(tx):
        tx.set_link(THERAPIST, uid, {"therapist_uid": THERAPIST, "therapist_name": "Dr Rua Tane", "client_uid": uid,
                                     "share_notes": False, "linked_at": MORNING})
        tx.set_measures(uid, {"assignments": {f"{THERAPIST}:phq9": {
            "therapist_uid": THERAPIST, "measure": "phq9", "rhythm": rhythm, "starts_on": "2026-03-10",
            "session_date": None, "assigned_at": MORNING}}, "answers": {}})
    store.run_transaction(work)


def outbox(store, uid) -> list[dict]:
    return store.list_outbox(uid, key_before=None, limit=100)


def test_a_due_questionnaire_gets_one_neutral_push_at_the_reminder_slot(store, fcm):
    uid = a_client(store, "u1", MORNING, reminder_time="18:00")
    linked_with_phq9(store, uid)

    reminders.send_reminders(store, SLOT)
    reminders.send_reminders(store, SLOT)  # a re-run creates nothing twice

    (questionnaire,) = [doc for doc in outbox(store, uid) if doc["kind"] == "questionnaire"]
    assert questionnaire["title"] == "A short questionnaire from Dr Rua Tane"
    assert delivery.deliver(store, uid, questionnaire["id"], SLOT) == "sent"
    payload = fcm.payloads[-1]
    assert payload["body"] == messages.PUSH_BODIES["questionnaire"] == "A short questionnaire is ready when you are"
    assert "PHQ" not in json.dumps(payload) and "Tane" not in json.dumps(payload)


def test_a_questionnaire_before_each_session_is_reminded_once_the_next_session_is_moved_near(store, fcm):
    uid = a_client(store, "u1", MORNING, reminder_time="18:00")
    linked_with_phq9(store, uid, rhythm="before_session")
    reminders.send_reminders(store, SLOT)  # 10 March, no next session set: nothing is due
    store.run_transaction(lambda tx: tx.set_next_session(THERAPIST, uid, {"date": "2026-03-20",
                                                                           "show_to_client": False}))
    reminders.send_reminders(store, SLOT + timedelta(days=1))  # 11 March, the session nine days ahead: not yet
    assert [doc for doc in outbox(store, uid) if doc["kind"] == "questionnaire"] == []

    store.run_transaction(lambda tx: tx.set_next_session(THERAPIST, uid, {"date": "2026-03-13",
                                                                           "show_to_client": False}))
    reminders.send_reminders(store, SLOT + timedelta(days=2))  # 12 March: moved to the 13th, so due now

    (questionnaire,) = [doc for doc in outbox(store, uid) if doc["kind"] == "questionnaire"]
    assert questionnaire["local_date"] == "2026-03-12"


def test_an_answered_questionnaire_gets_no_reminder(store, fcm):
    uid = a_client(store, "u1", MORNING, reminder_time="18:00")
    linked_with_phq9(store, uid)
    measures.put_answer(store, uid, "a1", {"measure": "phq9", "answers": {PHQ9_ITEM9: 0}}, MORNING)
    reminders.send_reminders(store, SLOT)
    assert [doc for doc in outbox(store, uid) if doc["kind"] == "questionnaire"] == []


def test_the_questionnaire_push_counts_toward_the_daily_cap_and_waits_for_the_end_of_quiet_hours(store, fcm):
    capped = a_client(store, "capped", MORNING, reminder_time="18:00", notifications={"max_per_day": 1})
    quiet = a_client(store, "quiet", MORNING, reminder_time="18:00", quiet_hours={"start": "17:30", "end": "21:00"})
    for uid in (capped, quiet):
        linked_with_phq9(store, uid)
    reminders.send_reminders(store, SLOT)

    results = {doc["kind"]: delivery.deliver(store, capped, doc["id"], SLOT) for doc in outbox(store, capped)}
    assert sorted(results.values()) == ["sent", "suppressed"]
    (waiting,) = [doc for doc in outbox(store, quiet) if doc["kind"] == "questionnaire"]
    assert delivery.deliver(store, quiet, waiting["id"], SLOT) == "deferred"
    assert delivery.deliver(store, quiet, waiting["id"], SLOT + timedelta(hours=3)) == "sent"


def test_an_item_9_answer_is_never_in_any_push_or_outbox_item_to_anyone(store, fcm):
    uid = a_client(store, "u1", MORNING, reminder_time="18:00")
    linked_with_phq9(store, uid)
    answers = {item.code: 3 for item in PHQ9.scored_items}
    saved, _ = measures.put_answer(store, uid, "a1", {"measure": "phq9", "answers": answers}, MORNING)
    assert saved["item9_positive"] and saved["help"]

    reminders.send_reminders(store, SLOT)
    reminders.send_reminders(store, SLOT + timedelta(days=7))  # the next week's questionnaire
    for doc in outbox(store, uid):
        delivery.deliver(store, uid, doc["id"], doc["next_attempt_at"] or SLOT)
    written = json.dumps([outbox(store, uid), outbox(store, THERAPIST), fcm.calls], default=str).lower()
    assert fcm.calls
    for word in ("item 9", "44260-8", "better off dead", "hurting", "nearly every day", "phq", "safety"):
        assert word not in written
    assert measures.ITEM9_HINT["message"].lower() not in written
