"""Micro-win notifications against the emulator: outbox in the entry's transaction, one push per
notification whatever is retried, quiet hours, the daily cap, stale tokens and FCM outages.

Only `send_push` is faked (tests/support/push_fake.py); the trigger is `delivery.deliver`, called
as the Firestore-triggered function calls it, and the sweeper `delivery.sweep_outbox`, each with an
explicit `now`.
"""
from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from firebase_admin import exceptions, messaging

from stepping_stones.domain import notify_messages as messages
from stepping_stones.domain.notify_timing import MAX_SEND_ATTEMPTS, win_notification_id
from stepping_stones.domain.records import BREATHING, CHECKIN, EXPERIMENT, MOOD
from stepping_stones.domain.summary_state import recompute
from stepping_stones.domain.wins import RULES, derive_wins
from stepping_stones.services import delivery, entries, notifications
from tests.support.builders import a_breathing, a_checkin, a_goal, a_mood, a_step, an_experiment, days
from tests.support.push_fake import a_client

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)  # 13:00 in Berlin


def outbox(store, uid) -> dict[str, dict]:
    return {doc["id"]: doc for doc in store.list_outbox(uid, key_before=None, limit=100)}


def check_in(store, uid, on: str, now: datetime, entry_id: str | None = None):
    return entries.put_entry(store, uid, CHECKIN, entry_id or f"c-{on}", {"local_date": date.fromisoformat(on), "mood": 5}, now)


def win_id_of(uid: str, win_id: str) -> str:
    return win_notification_id(win_id, uid)


def test_a_new_win_gets_its_inbox_item_in_the_same_commit_and_exactly_one_neutral_push(store, fcm):
    uid = a_client(store, "u1", NOW)
    saved = check_in(store, uid, "2026-03-10", NOW)

    (win,) = saved.new_wins
    nid = win_id_of(uid, win["id"])
    doc = outbox(store, uid)[nid]
    assert (doc["status"], doc["kind"], doc["body"]) == ("pending", "micro_win", win["message"])
    assert doc["next_attempt_at"] == NOW

    assert delivery.deliver(store, uid, nid, NOW) == "sent"
    assert fcm.calls == [(["u1-token"], messages.push_payload("micro_win", nid))]
    doc = outbox(store, uid)[nid]
    assert (doc["status"], doc["sent_at"], doc["attempts"], doc["next_attempt_at"]) == ("sent", NOW, 1, None)


def test_a_retried_trigger_a_sweeper_and_a_replayed_entry_send_nothing_twice(store, fcm):
    uid = a_client(store, "u1", NOW)
    (win,) = check_in(store, uid, "2026-03-10", NOW).new_wins
    nid = win_id_of(uid, win["id"])

    assert delivery.deliver(store, uid, nid, NOW) == "sent"
    assert delivery.deliver(store, uid, nid, NOW) == "skipped"  # the trigger delivered again
    assert delivery.sweep_outbox(store, NOW + timedelta(hours=1)) == {}
    assert check_in(store, uid, "2026-03-10", NOW + timedelta(minutes=1)).new_wins == []  # the phone retried

    assert list(outbox(store, uid)) == [nid]
    assert fcm.sent_ids() == [nid]


def test_two_trigger_deliveries_at_once_claim_the_notification_once(store, fcm):
    uid = a_client(store, "u1", NOW)
    (win,) = check_in(store, uid, "2026-03-10", NOW).new_wins
    nid = win_id_of(uid, win["id"])
    outcomes: list[str] = []

    threads = [threading.Thread(target=lambda: outcomes.append(delivery.deliver(store, uid, nid, NOW)))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["sent", "skipped", "skipped"]
    assert fcm.sent_ids() == [nid]


def test_a_win_taken_back_by_a_late_entry_and_earned_again_is_not_pushed_again(store, fcm):
    at = datetime(2026, 3, 5, 12, tzinfo=UTC)
    uid = a_client(store, "u1", at, notifications={"max_per_day": 10})
    check_in(store, uid, "2026-03-01", at - timedelta(days=4))
    earned = check_in(store, uid, "2026-03-05", at).new_wins
    assert "welcome-back:2026-03-05" in [w["id"] for w in earned]
    nid = win_id_of(uid, "welcome-back:2026-03-05")
    assert delivery.deliver(store, uid, nid, at) == "sent"

    check_in(store, uid, "2026-03-03", at + timedelta(minutes=1))  # late: there was no gap after all
    assert "welcome-back:2026-03-05" not in [w["id"] for w in store.list_wins(uid, key_from=None, key_before=None, limit=50)]
    entries.delete_entry(store, uid, CHECKIN, "c-2026-03-03", at + timedelta(minutes=2))  # and it was wrong
    assert "welcome-back:2026-03-05" in [w["id"] for w in store.list_wins(uid, key_from=None, key_before=None, limit=50)]

    assert outbox(store, uid)[nid]["status"] == "sent"
    assert outbox(store, uid)[nid]["created_at"] == at
    delivery.sweep_outbox(store, at + timedelta(hours=1))  # sends what is still due (the first check-in's win)
    assert fcm.sent_ids().count(nid) == 1


def test_a_backfilled_win_appears_in_the_inbox_only(store, fcm):
    uid = a_client(store, "u1", NOW)
    (win,) = check_in(store, uid, "2026-03-02", NOW).new_wins  # eight days ago, logged today
    nid = win_id_of(uid, win["id"])

    doc = outbox(store, uid)[nid]
    assert (doc["status"], doc["reason"], doc["body"]) == ("suppressed", "backfilled", win["message"])
    assert delivery.deliver(store, uid, nid, NOW) == "skipped"
    assert fcm.calls == []


def test_a_win_of_a_type_switched_off_stays_in_the_inbox_without_a_push(store, fcm):
    uid = a_client(store, "u1", NOW, notifications={"micro_wins": False})
    (win,) = check_in(store, uid, "2026-03-10", NOW).new_wins
    nid = win_id_of(uid, win["id"])

    assert delivery.deliver(store, uid, nid, NOW) == "suppressed"
    assert (outbox(store, uid)[nid]["status"], outbox(store, uid)[nid]["reason"]) == ("suppressed", "type_off")
    assert fcm.calls == []


def test_without_a_device_the_push_is_suppressed_and_the_inbox_keeps_it(store, fcm):
    uid = a_client(store, "u1", NOW, tokens=[])
    (win,) = check_in(store, uid, "2026-03-10", NOW).new_wins
    nid = win_id_of(uid, win["id"])

    assert delivery.deliver(store, uid, nid, NOW) == "suppressed"
    assert outbox(store, uid)[nid]["reason"] == "no_device"
    assert fcm.calls == []


def test_quiet_hours_across_midnight_defer_a_push_to_their_end_and_the_sweeper_sends_it_then(store, fcm):
    late = datetime(2026, 3, 10, 22, 30, tzinfo=UTC)  # 23:30 in Berlin
    uid = a_client(store, "u1", late, quiet_hours={"start": "22:00", "end": "07:00"})
    (win,) = check_in(store, uid, "2026-03-10", late).new_wins
    nid = win_id_of(uid, win["id"])

    assert delivery.deliver(store, uid, nid, late) == "deferred"
    morning = datetime(2026, 3, 11, 6, tzinfo=UTC)  # 07:00 in Berlin
    assert outbox(store, uid)[nid]["next_attempt_at"] == morning
    assert delivery.sweep_outbox(store, datetime(2026, 3, 11, 3, tzinfo=UTC)) == {}  # 04:00: still quiet
    assert fcm.calls == []

    assert delivery.sweep_outbox(store, morning) == {"sent": 1}
    assert fcm.sent_ids() == [nid]
    assert outbox(store, uid)[nid]["sent_at"] == morning


def test_the_daily_cap_counts_pushes_sent_in_the_clients_own_local_day(store, fcm):
    evening = datetime(2026, 3, 10, 10, 30, tzinfo=UTC)  # 23:30 on 10 March in Auckland (UTC+13)
    uid = a_client(store, "u1", evening, timezone="Pacific/Auckland")
    check_in(store, uid, "2026-03-10", evening)
    entries.put_entry(store, uid, MOOD, "m1", {"at": datetime(2026, 3, 10, 23, tzinfo=UTC) - timedelta(hours=13),
                                               "rating": 6, "emotions": []}, evening)
    entries.put_entry(store, uid, BREATHING, "b1", {"started_at": evening, "duration_seconds": 120,
                                                    "technique": "box"}, evening)
    first_three = [win_id_of(uid, f"first-entry:{kind}") for kind in ("checkin", "mood", "breathing")]

    outcomes = [delivery.deliver(store, uid, nid, evening) for nid in first_three]

    assert outcomes == ["sent", "sent", "suppressed"]
    assert outbox(store, uid)[first_three[2]]["reason"] == "daily_cap"
    after_midnight = evening + timedelta(hours=1)  # 00:30 on 11 March there; still 10 March in UTC
    entries.put_entry(store, uid, EXPERIMENT, "x1", {"strength": "curiosity", "plan": "p", "prediction": "q",
                                                     "planned_for": date(2026, 3, 11)}, after_midnight)
    assert delivery.deliver(store, uid, win_id_of(uid, "first-entry:experiment"), after_midnight) == "sent"
    assert len(fcm.calls) == 3


def test_stale_tokens_remove_their_devices_and_the_push_still_reaches_the_live_one(store, fcm):
    uid = a_client(store, "u1", NOW, tokens=["live", "unregistered", "other-sender"])
    fcm.errors = {"unregistered": messaging.UnregisteredError("gone"),
                  "other-sender": messaging.SenderIdMismatchError("not ours")}
    (win,) = check_in(store, uid, "2026-03-10", NOW).new_wins

    assert delivery.deliver(store, uid, win_id_of(uid, win["id"]), NOW) == "sent"
    assert [d["fcm_token"] for d in store.list_devices(uid)] == ["live"]


def test_when_every_token_is_stale_the_devices_go_and_the_push_is_suppressed(store, fcm):
    uid = a_client(store, "u1", NOW, tokens=["old"])
    fcm.errors = {"old": messaging.UnregisteredError("gone")}
    (win,) = check_in(store, uid, "2026-03-10", NOW).new_wins
    nid = win_id_of(uid, win["id"])

    assert delivery.deliver(store, uid, nid, NOW) == "suppressed"
    assert outbox(store, uid)[nid]["reason"] == "no_device"
    assert store.list_devices(uid) == []


def test_an_fcm_outage_keeps_pushes_pending_with_backoff_and_nothing_is_lost_or_doubled_on_recovery(store, fcm):
    uid = a_client(store, "u1", NOW)
    wins = check_in(store, uid, "2026-03-10", NOW).new_wins
    wins += entries.put_entry(store, uid, MOOD, "m1", {"at": NOW, "rating": 6, "emotions": []}, NOW).new_wins
    ids = sorted(win_id_of(uid, w["id"]) for w in wins)
    assert len(ids) == 2

    fcm.outage = exceptions.UnavailableError("FCM is down")  # send_each itself raises
    assert [delivery.deliver(store, uid, nid, NOW) for nid in ids] == ["retry", "retry"]
    doc = outbox(store, uid)[ids[0]]
    assert (doc["status"], doc["attempts"], doc["last_error"], doc["sent_at"]) == ("pending", 1, "UnavailableError", None)
    assert doc["next_attempt_at"] == NOW + timedelta(minutes=1)
    assert delivery.sweep_outbox(store, NOW + timedelta(seconds=30)) == {}  # backing off

    fcm.outage = None
    fcm.errors = {"u1-token": exceptions.InternalError("FCM had a bad minute")}  # per-token errors now
    assert delivery.sweep_outbox(store, NOW + timedelta(minutes=1)) == {"retry": 2}
    assert outbox(store, uid)[ids[0]]["next_attempt_at"] == NOW + timedelta(minutes=3)

    fcm.errors = {}  # recovered
    assert delivery.sweep_outbox(store, NOW + timedelta(minutes=3)) == {"sent": 2}
    assert delivery.sweep_outbox(store, NOW + timedelta(hours=3)) == {}
    successful = [payload["data"]["notification_id"] for payload in fcm.payloads[-2:]]
    assert sorted(successful) == ids and len(fcm.calls) == 6
    assert {doc["status"] for doc in outbox(store, uid).values()} == {"sent"}


def test_retries_are_bounded_and_then_the_push_is_marked_failed(store, fcm):
    uid = a_client(store, "u1", NOW)
    (win,) = check_in(store, uid, "2026-03-10", NOW).new_wins
    nid = win_id_of(uid, win["id"])
    fcm.outage = exceptions.UnavailableError("down all day")

    delivery.deliver(store, uid, nid, NOW)
    for hour in range(1, MAX_SEND_ATTEMPTS + 3):
        delivery.sweep_outbox(store, NOW + timedelta(hours=hour))

    doc = outbox(store, uid)[nid]
    assert (doc["status"], doc["attempts"], doc["next_attempt_at"]) == ("failed", MAX_SEND_ATTEMPTS, None)
    assert len(fcm.calls) == MAX_SEND_ATTEMPTS


class WorkerDied(BaseException):
    """The function instance vanished mid-send (not an error the code could catch)."""


def test_a_claim_whose_worker_died_is_taken_over_after_its_lease_and_sent_once(store, fcm, monkeypatch):
    uid = a_client(store, "u1", NOW)
    (win,) = check_in(store, uid, "2026-03-10", NOW).new_wins
    nid = win_id_of(uid, win["id"])

    def die(tokens, payload):
        raise WorkerDied()

    monkeypatch.setattr(delivery, "send_push", die)
    with pytest.raises(WorkerDied):
        delivery.deliver(store, uid, nid, NOW)
    assert outbox(store, uid)[nid]["status"] == "sending"
    monkeypatch.setattr(delivery, "send_push", fcm)

    assert delivery.deliver(store, uid, nid, NOW + timedelta(minutes=1)) == "skipped"  # still leased
    assert delivery.sweep_outbox(store, NOW + delivery.LEASE) == {"sent": 1}
    assert fcm.sent_ids() == [nid]
    assert outbox(store, uid)[nid]["attempts"] == 2


def every_rules_wins() -> list[dict]:
    """A history that earns a win of every rule, with clinical detail in it (the strengths, a note)."""
    low_moods = [a_checkin(on=d, mood=1) for d in days("2026-01-01", 40) + days("2026-02-15", 30)]
    history = [*low_moods, *[a_breathing(on=d, before=8, after=3) for d in days("2026-01-05", 30, 2)],
               *[a_breathing(on=d) for d in days("2026-03-09", 7)],
               *[a_mood(on=d, rating=5) for d in days("2026-03-01", 7)],
               an_experiment(planned_for="2026-03-03", strength="bravery", done_on="2026-03-03",
                             learned="panic eased at the bus stop")]
    wins = derive_wins(recompute(history, [a_goal(a_step(done_on="2026-03-04"))]), date(2026, 3, 31))
    assert {win["rule"] for win in wins.values()} == {rule.name for rule in RULES}
    return list(wins.values())


def test_no_push_payload_carries_clinical_content_for_any_win_rule_reminder_or_digest(store, fcm):
    uid = a_client(store, "u1", NOW, notifications={"max_per_day": 10})
    wins = every_rules_wins()
    for n, win in enumerate(wins):  # each win pushed as if fresh, a day apart (so the cap never bites)
        when = NOW + timedelta(days=n)
        store.run_transaction(lambda tx: notifications.queue_win_notifications(
            tx, uid, [win], date.fromisoformat(win["occurred_on"]), when))  # noqa: B023 - called within this iteration
        assert delivery.deliver(store, uid, win_id_of(uid, win["id"]), when) == "sent"
    reminder = notifications.outbox_doc("reminder-2026-04-30", "reminder",
                                        messages.inbox_text("reminder", local_date=date(2026, 4, 30)),
                                        datetime(2026, 4, 30, 12, tzinfo=UTC), local_date="2026-04-30")
    digest = notifications.outbox_doc("digest-2026-W18", "digest", messages.inbox_text("digest", counts={
        "clients_with_new_wins": 3}), datetime(2026, 5, 1, 12, tzinfo=UTC), counts={"clients_with_new_wins": 3})
    for doc in (reminder, digest):
        store.run_transaction(lambda tx: tx.set_outbox(uid, doc["id"], doc))  # noqa: B023 - called within this iteration
        assert delivery.deliver(store, uid, doc["id"], doc["created_at"]) == "sent"

    assert len(fcm.payloads) == len(wins) + 2
    neutral_lines = {messages.APP_NAME, *messages.PUSH_BODIES.values(), "3 clients have new micro-wins to look at"}
    for payload in fcm.payloads:
        assert set(payload) == {"title", "body", "data"} and set(payload["data"]) == {"notification_id", "type"}
        assert {payload["title"], payload["body"]} <= neutral_lines
    everything_sent = json.dumps(fcm.payloads, ensure_ascii=False).lower()
    for win in wins:
        clinical = [win["message"], win["id"], win["rule"], *[str(v) for v in win["evidence"].values() if isinstance(v, str)]]
        assert not [text for text in clinical if text.lower() in everything_sent], win["id"]
    for text in ("bravery", "panic", "bus stop", "mood", "stress"):
        assert text not in everything_sent
