"""The scheduled jobs against the emulator, driven by a hand-moved clock: reminders in each client's
own slot (across a DST change), what the reminder job reads, device pruning and the therapist digest."""
from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from stepping_stones.domain import notify_messages as messages
from stepping_stones.domain.records import CHECKIN
from stepping_stones.services import away, delivery, devices, digests, entries, reminders
from stepping_stones.services.summary import start_summary
from stepping_stones.storage import metering
from tests.support.push_fake import a_client

SLOT = datetime(2026, 3, 10, 17, tzinfo=UTC)  # 18:00 in Berlin
MORNING = datetime(2026, 3, 10, 7, tzinfo=UTC)


def outbox_ids(store, uid) -> list[str]:
    return [doc["id"] for doc in store.list_outbox(uid, key_before=None, limit=100)]


def next_due(store, uid):
    return store.get_profile(uid).get("next_reminder_due")


def check_in(store, uid, on: str, now: datetime):
    entries.put_entry(store, uid, CHECKIN, f"c-{on}", {"local_date": date.fromisoformat(on), "mood": 5}, now)


def test_reminders_go_only_to_clients_due_in_this_slot_not_checked_in_and_not_away(store, fcm):
    due = a_client(store, "due", MORNING, reminder_time="18:00")
    checked_in = a_client(store, "checked-in", MORNING, reminder_time="18:00")
    check_in(store, checked_in, "2026-03-10", MORNING)
    away_today = a_client(store, "away", MORNING, reminder_time="18:00")
    away.put_away(store, away_today, "trip", {"from_date": date(2026, 3, 9), "to_date": date(2026, 3, 12)}, MORNING)
    later = a_client(store, "later", MORNING, reminder_time="18:15")
    new_york = a_client(store, "new-york", MORNING, reminder_time="18:00", timezone="America/New_York")
    switched_off = a_client(store, "off", MORNING, reminder_time="18:00", notifications={"reminders": False})
    no_time = a_client(store, "no-time", MORNING)

    assert reminders.send_reminders(store, SLOT) == Counter(created=1, checked_in=1, away=1)

    assert "reminder-2026-03-10" in outbox_ids(store, due)
    for uid in (checked_in, away_today, later, new_york, switched_off, no_time):
        assert not [nid for nid in outbox_ids(store, uid) if nid.startswith("reminder")], uid
    for uid in (due, checked_in, away_today):
        assert next_due(store, uid) == SLOT + timedelta(days=1)
    assert next_due(store, switched_off) is None and next_due(store, no_time) is None
    assert reminders.send_reminders(store, SLOT + timedelta(minutes=15)) == Counter(created=1)  # "later"

    assert delivery.deliver(store, due, "reminder-2026-03-10", SLOT) == "sent"
    assert fcm.payloads == [messages.push_payload("reminder", "reminder-2026-03-10")]
    inbox = store.get_outbox(due, "reminder-2026-03-10")
    assert (inbox["title"], inbox["body"]) == messages.reminder_text(date(2026, 3, 10))


def test_running_a_slot_again_or_overlapping_runs_create_one_reminder(store, fcm):
    uid = a_client(store, "u1", MORNING, reminder_time="18:00")
    assert reminders.send_reminders(store, SLOT) == Counter(created=1)
    assert reminders.send_reminders(store, SLOT + timedelta(minutes=1)) == Counter()  # nobody due any more

    store.run_transaction(lambda tx: tx.update_profile(uid, {"next_reminder_due": SLOT}))  # as a racing run saw it
    assert reminders.send_reminders(store, SLOT + timedelta(minutes=2)) == Counter(exists=1)
    assert [nid for nid in outbox_ids(store, uid) if nid.startswith("reminder")] == ["reminder-2026-03-10"]
    assert next_due(store, uid) == SLOT + timedelta(days=1)


def test_on_the_berlin_spring_dst_day_reminders_keep_their_local_time(store, fcm, clock):
    before = datetime(2026, 3, 27, 12, tzinfo=UTC)
    nine = a_client(store, "nine", before, reminder_time="09:00")
    in_the_gap = a_client(store, "gap", before, reminder_time="02:30")  # 02:30 does not exist on 29 March
    clock.set("2026-03-28T00:00:00+00:00")
    created: list[tuple[str, datetime]] = []

    while clock.now() < datetime(2026, 3, 30, 12, tzinfo=UTC):  # every slot, as the scheduler runs the job
        if reminders.send_reminders(store, clock.now())["created"]:
            created.append(clock.now())
        clock.current += timedelta(minutes=15)

    assert created == [
        datetime(2026, 3, 28, 1, 30, tzinfo=UTC),  # 02:30 CET
        datetime(2026, 3, 28, 8, tzinfo=UTC),  # 09:00 CET
        datetime(2026, 3, 29, 1, tzinfo=UTC),  # 03:00 CEST, the first minute after the gap
        datetime(2026, 3, 29, 7, tzinfo=UTC),  # 09:00 CEST
        datetime(2026, 3, 30, 0, 30, tzinfo=UTC),  # 02:30 CEST
        datetime(2026, 3, 30, 7, tzinfo=UTC),  # 09:00 CEST
    ]
    for uid in (nine, in_the_gap):
        assert sorted(nid for nid in outbox_ids(store, uid) if nid.startswith("reminder")) == [
            "reminder-2026-03-28", "reminder-2026-03-29", "reminder-2026-03-30"]


def test_a_missed_run_reminds_later_the_same_day_but_never_for_a_day_that_has_passed(store, fcm):
    late_today = a_client(store, "late-today", MORNING, reminder_time="18:00")
    assert reminders.send_reminders(store, SLOT + timedelta(hours=2)) == Counter(created=1)  # 20:00 there
    assert store.get_outbox(late_today, "reminder-2026-03-10") is not None

    next_day = a_client(store, "next-day", MORNING, reminder_time="18:00")
    after_midnight = datetime(2026, 3, 10, 23, 15, tzinfo=UTC)  # 00:15 on 11 March in Berlin
    assert reminders.send_reminders(store, after_midnight) == Counter(day_over=1)
    assert not [nid for nid in outbox_ids(store, next_day) if nid.startswith("reminder")]
    assert next_due(store, next_day) == SLOT + timedelta(days=1)


def test_saving_the_profile_schedules_the_next_reminder_and_removes_it_when_there_is_none(store):
    uid = a_client(store, "u1", MORNING, reminder_time="18:00")
    assert next_due(store, uid) == SLOT
    a_client(store, uid, SLOT + timedelta(seconds=30), tokens=[], display_name="Sam B", reminder_time="18:00")
    assert next_due(store, uid) == SLOT  # saved just after the slot, before the job ran: still reminded today
    a_client(store, uid, MORNING + timedelta(hours=1), tokens=[], reminder_time="18:00", timezone="Asia/Tokyo")
    assert next_due(store, uid) == datetime(2026, 3, 10, 9, tzinfo=UTC)  # 18:00 in Tokyo, still ahead
    a_client(store, uid, MORNING, tokens=[], reminder_time="18:00", notifications={"reminders": False})
    assert next_due(store, uid) is None
    a_client(store, uid, MORNING, tokens=[], reminder_time=None)
    assert next_due(store, uid) is None


def test_a_reminder_held_by_quiet_hours_is_dropped_if_the_client_checks_in_meanwhile(store, fcm):
    uid = a_client(store, "u1", MORNING, reminder_time="18:00", quiet_hours={"start": "17:30", "end": "19:00"})
    reminders.send_reminders(store, SLOT)
    assert delivery.deliver(store, uid, "reminder-2026-03-10", SLOT) == "deferred"

    check_in(store, uid, "2026-03-10", SLOT + timedelta(minutes=30))
    delivery.sweep_outbox(store, SLOT + timedelta(hours=1))

    doc = store.get_outbox(uid, "reminder-2026-03-10")
    assert (doc["status"], doc["reason"]) == ("suppressed", "checked_in")
    assert "reminder-2026-03-10" not in fcm.sent_ids()


def seed_clients(store, count: int, *, due: datetime, prefix: str) -> None:
    """Clients with a reminder slot at `due`, written in bulk (no entries, no devices)."""
    profile = {"display_name": "B", "timezone": "Europe/Berlin", "reminder_time": "18:00", "role": "client",
               "created_at": MORNING, "updated_at": MORNING, "next_reminder_due": due}
    store.write_users_in_batches([(f"{prefix}-{n}", profile, start_summary(None, profile)) for n in range(count)])


def test_the_reminder_job_reads_grow_with_the_clients_due_not_with_all_clients(store, fcm):
    seed_clients(store, 300, due=SLOT + timedelta(days=1), prefix="tomorrow")
    seed_clients(store, 5, due=SLOT, prefix="a")
    with metering() as few:
        assert reminders.send_reminders(store, SLOT, batch=4) == Counter(created=5)  # two pages
    seed_clients(store, 25, due=SLOT + timedelta(minutes=15), prefix="b")
    with metering() as more:
        assert reminders.send_reminders(store, SLOT + timedelta(minutes=15), batch=4) == Counter(created=25)

    # each client due: its row in a page, then its profile, summary, reminder id and measures document (for a
    # questionnaire due that day) in the transaction
    assert (few.reads, more.reads) == (5 * 5, 5 * 25)
    with metering() as nobody:
        reminders.send_reminders(store, SLOT + timedelta(minutes=30))
    assert nobody.reads == 1


def test_devices_not_refreshed_for_60_days_are_pruned_under_every_user(store):
    now = datetime(2026, 6, 1, tzinfo=UTC)
    body = {"platform": "android", "app_version": "2.0"}
    profile = {"role": "client", "display_name": "A", "timezone": "Europe/Berlin"}
    store.write_users_in_batches([("a", profile, None), ("b", profile, None)])  # a device needs a profile
    devices.put_device(store, "a", "old", {**body, "fcm_token": "t1"}, now - timedelta(days=61))
    devices.put_device(store, "a", "recent", {**body, "fcm_token": "t2"}, now - timedelta(days=59))
    devices.put_device(store, "b", "old", {**body, "fcm_token": "t3"}, now - timedelta(days=90))
    devices.put_device(store, "b", "refreshed", {**body, "fcm_token": "t4"}, now - timedelta(days=90))
    devices.put_device(store, "b", "refreshed", {**body, "fcm_token": "t4"}, now - timedelta(days=1))

    assert devices.prune_devices(store, now, batch=1) == 2

    assert [d["id"] for d in store.list_devices("a")] == ["recent"]
    assert [d["id"] for d in store.list_devices("b")] == ["refreshed"]


MONDAY_8_BERLIN = datetime(2026, 3, 16, 7, tzinfo=UTC)


def a_therapist(store, uid: str, now: datetime, **digest) -> str:
    digests.save_therapist_profile(store, uid, {"display_name": "Dr T", "timezone": "Europe/Berlin",
                                                "digest": {"weekday": 0, "time": "08:00", **digest}}, now)
    devices.put_device(store, uid, "laptop", {"fcm_token": f"{uid}-token", "platform": "web"}, now)
    return uid


def link(store, therapist: str, client: str, now: datetime) -> None:
    store.run_transaction(lambda tx: tx.set_link(therapist, client, {
        "therapist_uid": therapist, "client_uid": client, "share_notes": False, "linked_at": now}))


def test_the_digest_counts_linked_clients_with_new_wins_and_names_nobody(store, fcm):
    setup = datetime(2026, 3, 9, 12, tzinfo=UTC)
    therapist = a_therapist(store, "t1", setup)
    for name in ("Alex Active", "Bea Busy", "Cai Quiet"):
        a_client(store, name, setup, display_name=name)
        link(store, therapist, name, setup)
    a_client(store, "Unlinked Una", setup)
    for uid in ("Alex Active", "Bea Busy", "Unlinked Una"):
        check_in(store, uid, "2026-03-12", datetime(2026, 3, 12, 12, tzinfo=UTC))

    assert digests.send_digests(store, MONDAY_8_BERLIN) == Counter(created=1)

    doc = store.get_outbox(therapist, "digest-2026-W12")
    assert doc["counts"] == {"clients_with_new_wins": 2}
    assert doc["body"] == "2 clients with new micro-wins"
    assert delivery.deliver(store, therapist, "digest-2026-W12", MONDAY_8_BERLIN) == "sent"
    (payload,) = fcm.payloads
    assert payload["body"] == "2 clients have new micro-wins to look at"
    for name in ("Alex", "Bea", "Cai", "Una", "Dr T"):
        assert name not in str(payload) and name not in doc["body"]


def test_the_digest_comes_once_a_week_at_the_therapists_local_time(store, fcm, clock):
    therapist = a_therapist(store, "t1", datetime(2026, 3, 11, tzinfo=UTC), time="08:30")
    client = a_client(store, "c1", datetime(2026, 3, 11, tzinfo=UTC))
    link(store, therapist, client, datetime(2026, 3, 11, tzinfo=UTC))
    check_in(store, client, "2026-03-12", datetime(2026, 3, 12, 12, tzinfo=UTC))
    clock.set("2026-03-15T00:00:00+00:00")
    runs: dict[datetime, Counter] = {}

    while clock.now() < datetime(2026, 3, 24, tzinfo=UTC):
        outcome = digests.send_digests(store, clock.now())
        if outcome:
            runs[clock.now()] = outcome
        clock.current += timedelta(minutes=15)

    assert runs == {MONDAY_8_BERLIN + timedelta(minutes=30): Counter(created=1),
                    MONDAY_8_BERLIN + timedelta(days=7, minutes=30): Counter(nothing_new=1)}
    second = store.get_outbox(therapist, "digest-2026-W13")
    assert (second["status"], second["reason"], second["body"]) == ("suppressed", "nothing_new", "Nothing new this week.")
    # the Monday after, 08:30 is summer time in Berlin
    assert store.get_profile(therapist)["next_digest_due"] == datetime(2026, 3, 30, 6, 30, tzinfo=UTC)
