"""Notification wording: pushes stay neutral on a public lock screen; the inbox says the specific, warm thing."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepping_stones.domain.notify_messages import (
    DIGEST_LABELS,
    REMINDER_TEXTS,
    digest_push_payload,
    digest_text,
    inbox_text,
    push_payload,
    reminder_text,
)
from stepping_stones.domain.notify_timing import (
    KINDS,
    digest_notification_id,
    reminder_notification_id,
    win_notification_id,
)

CLINICAL = ["panic", "7.5", "bravery", "avoidance", "tearful", "4.2"]
A_WIN = {"id": "new-strength:bravery", "rule": "new-strength", "occurred_on": "2026-03-10",
         "evidence": {"strength": "bravery", "mood": 7.5, "emotion": "panic", "note": "tearful at the bus stop"},
         "message": "Your first experiment with bravery — panic eased from 7.5 to 4.2, less avoidance."}
BANNED = ["missed", "streak", "fail", "again", "don't forget", "do not forget", "forgot", "should"]


def a_notification_id(kind: str) -> str:
    if kind == "micro_win":
        return win_notification_id(A_WIN["id"], "client-1")
    if kind == "reminder":
        return reminder_notification_id(date(2026, 3, 10))
    return digest_notification_id(2026, 11)


def words_of(payload) -> str:
    return json.dumps(payload, ensure_ascii=False).lower()


@pytest.mark.parametrize("kind", KINDS)
def test_a_push_carries_a_neutral_title_and_body_and_the_id_the_app_opens(kind):
    payload = push_payload(kind, a_notification_id(kind))
    assert set(payload) == {"title", "body", "data"}
    assert payload["data"] == {"notification_id": a_notification_id(kind), "type": kind}
    assert all(isinstance(value, str) for value in payload["data"].values())  # FCM data values are strings


@pytest.mark.parametrize("kind", KINDS)
def test_no_push_contains_clinical_content_even_when_built_from_a_clinical_win(kind):
    text = words_of(push_payload(kind, a_notification_id(kind)))
    assert not [word for word in CLINICAL if word in text]


def test_the_micro_win_inbox_item_has_the_full_specific_message():
    assert inbox_text("micro_win", win=A_WIN)["body"] == A_WIN["message"]


def test_the_digest_push_names_a_count_of_clients_never_a_name():
    assert digest_push_payload("digest-2026-W11", 3)["body"] == "3 clients have new micro-wins to look at"
    assert digest_push_payload("digest-2026-W11", 1)["body"] == "1 client has new micro-wins to look at"
    assert digest_push_payload("digest-2026-W11", 0)["body"] == push_payload("digest", "digest-2026-W11")["body"]


@pytest.mark.parametrize("not_a_count", ["panic", 7.5, True, -1, None])
def test_a_digest_refuses_anything_but_a_count(not_a_count):
    with pytest.raises(ValueError):
        digest_push_payload("digest-2026-W11", not_a_count)
    if not_a_count is not None:
        with pytest.raises(ValueError):
            digest_text({"micro_wins": not_a_count})


def test_a_digest_refuses_a_category_it_has_no_wording_for():
    with pytest.raises(ValueError):
        digest_text({"micro_wins": 1, "low_moods": 3})


def test_the_digest_inbox_item_gives_counts_per_category():
    counts = {"clients_with_new_wins": 3, "micro_wins": 7, "check_ins": 1, "experiments_done": 0}
    assert inbox_text("digest", counts=counts) == {
        "title": "Your weekly overview",
        "body": "3 clients with new micro-wins · 7 new micro-wins · 1 check-in"}
    assert digest_text({}) == "Nothing new this week."


def test_every_digest_category_reads_in_the_singular_and_plural():
    text = digest_text({key: 1 for key in DIGEST_LABELS}) + digest_text({key: 2 for key in DIGEST_LABELS})
    assert all(one in text and many in text for one, many in DIGEST_LABELS.values())


@pytest.mark.parametrize("title, body", REMINDER_TEXTS)
def test_no_reminder_wording_shames_or_looks_back(title, body):
    text = f"{title} {body}".lower()
    assert not [word for word in BANNED if word in text]
    assert "today" in body.lower()


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_the_reminder_wording_is_chosen_by_the_local_date_and_varies_day_to_day(day):
    assert reminder_text(day) == reminder_text(day)
    assert reminder_text(day) != reminder_text(day + timedelta(days=1))
    assert inbox_text("reminder", local_date=day) == dict(zip(("title", "body"), reminder_text(day), strict=True))


def test_every_reminder_variant_is_used_over_a_week():
    week = [reminder_text(date(2026, 3, 2) + timedelta(days=n)) for n in range(7)]
    assert set(week) == set(REMINDER_TEXTS)


@pytest.mark.parametrize("kind", ["newsletter", "mood"])
def test_an_unknown_kind_is_refused(kind):
    with pytest.raises(ValueError):
        push_payload(kind, "x")
    with pytest.raises(ValueError):
        inbox_text(kind)
