"""PHQ-9 and GAD-7 between sessions: a therapist assigns, the client answers, skips or leaves items out (also
through /v1/sync), and the therapist reads each measure's trend, the latest items and item 9 first."""
from __future__ import annotations

import pytest

from stepping_stones.domain.measures import GAD7, PHQ9, PHQ9_ITEM9
from stepping_stones.storage import get_store
from tests.support.bodies import a_checkin, a_profile
from tests.support.therapy import link

THERAPIST_PROFILE = {"display_name": "Dr Rua Tane", "timezone": "Pacific/Auckland"}


def all_answered(measure, value: int = 1, **overrides) -> dict:
    return {**{item.code: value for item in measure.scored_items}, **overrides}


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


@pytest.fixture
def pair(new_user):
    """A therapist with a name, and a client in Berlin linked to them."""
    therapist = new_user("therapist")
    assert therapist.put("/v1/therapist/profile", THERAPIST_PROFILE).status_code in (200, 201)
    client = new_user()
    assert client.put("/v1/me", a_profile()).status_code == 201
    link(client, therapist)
    return therapist, client


def test_an_assigned_measure_is_due_for_the_client_as_a_short_questionnaire_from_the_therapist(pair):
    therapist, client = pair
    assigned = therapist.put(f"/v1/clients/{client.uid}/measures/phq9", {"rhythm": "weekly"})
    assert assigned.status_code == 200, assigned.json
    assert assigned.json["due"] is True and assigned.json["starts_on"] == "2026-03-10"
    assert assigned.json["next_opens_on"] == "2026-03-17"

    (card,) = client.get("/v1/me/measures").json["due"]
    assert card["measure"] == "phq9" and card["title"] == "A short questionnaire from Dr Rua Tane"


@pytest.fixture
def auckland_pair(new_user, clock):
    """A therapist and a client in Auckland linked to them, at a moment already 11 March there (10 March in UTC)."""
    therapist = new_user("therapist")
    client = new_user()
    client.put("/v1/me", a_profile(timezone="Pacific/Auckland"))
    link(client, therapist)
    clock.set("2026-03-10T12:30:00+00:00")  # already 11 March, 01:30, in Auckland
    return therapist, client


def test_due_dates_are_the_clients_own_local_dates(auckland_pair):
    therapist, client = auckland_pair
    assigned = therapist.put(f"/v1/clients/{client.uid}/measures/gad7", {"rhythm": "fortnightly"}).json

    assert (assigned["starts_on"], assigned["next_opens_on"]) == ("2026-03-11", "2026-03-25")


def test_before_each_session_needs_a_coming_session_date(pair):
    therapist, client = pair
    path = f"/v1/clients/{client.uid}/measures/phq9"
    missing = therapist.put(path, {"rhythm": "before_session"})
    assert missing.status_code == 400 and "session_date" in missing.json["error"]["fields"]
    assert therapist.put(path, {"rhythm": "before_session", "session_date": "2026-03-01"}).status_code == 400
    coming = therapist.put(path, {"rhythm": "before_session", "session_date": "2026-03-13"}).json
    assert coming["due"] is False and coming["next_opens_on"] == "2026-03-11"
    assert client.get("/v1/me/measures").json["due"] == []


def test_before_each_session_without_a_date_follows_the_next_session_in_the_clients_time_zone(auckland_pair):
    therapist, client = auckland_pair
    therapist.put(f"/v1/clients/{client.uid}/next-session", {"date": "2026-03-13"})  # not shown to the client

    assigned = therapist.put(f"/v1/clients/{client.uid}/measures/phq9", {"rhythm": "before_session"})

    assert assigned.status_code == 200, assigned.json
    assert assigned.json["session_date"] is None and assigned.json["before_session_on"] == "2026-03-13"
    assert assigned.json["due"] is True and assigned.json["due_since"] == "2026-03-11"  # Auckland's today
    (card,) = client.get("/v1/me/measures").json["due"]
    assert card["measure"] == "phq9" and card["due_since"] == "2026-03-11"


def test_moving_the_next_session_moves_when_the_questionnaire_before_it_is_due(pair):
    therapist, client = pair
    therapist.put(f"/v1/clients/{client.uid}/next-session", {"date": "2026-03-11", "show_to_client": True})
    therapist.put(f"/v1/clients/{client.uid}/measures/gad7", {"rhythm": "before_session"})
    assert [card["measure"] for card in client.get("/v1/me/measures").json["due"]] == ["gad7"]

    therapist.put(f"/v1/clients/{client.uid}/next-session", {"date": "2026-03-20"})

    assert client.get("/v1/me/measures").json["due"] == []
    (trend,) = therapist.get(f"/v1/clients/{client.uid}/review").json["measures"]
    assert trend["assignment"]["before_session_on"] == "2026-03-20"
    assert (trend["assignment"]["due"], trend["assignment"]["next_opens_on"]) == (False, "2026-03-18")


def test_before_each_session_with_neither_a_date_nor_a_next_session_names_the_field_to_set(pair):
    therapist, client = pair
    path = f"/v1/clients/{client.uid}/measures/phq9"
    refused = therapist.put(path, {"rhythm": "before_session"})
    assert refused.status_code == 400
    assert "next session" in refused.json["error"]["fields"]["session_date"][0]
    therapist.put(f"/v1/clients/{client.uid}/next-session", {"date": "2026-03-09"})  # already past in Berlin
    assert therapist.put(path, {"rhythm": "before_session"}).status_code == 400
    assert client.get("/v1/me/measures").json["due"] == []


def test_only_a_linked_therapist_can_assign_and_an_unknown_measure_is_refused(pair, new_user):
    therapist, client = pair
    stranger = new_user("therapist")
    assert stranger.put(f"/v1/clients/{client.uid}/measures/phq9", {"rhythm": "once"}).status_code == 404
    assert therapist.put(f"/v1/clients/{client.uid}/measures/bdi", {"rhythm": "once"}).status_code == 400
    assert therapist.put(f"/v1/clients/{client.uid}/measures/phq9", {"rhythm": "daily"}).status_code == 400


def test_an_answer_through_sync_is_scored_on_the_server_and_a_resend_changes_nothing(pair):
    therapist, client = pair
    therapist.put(f"/v1/clients/{client.uid}/measures/phq9", {"rhythm": "weekly"})
    operation = {"method": "PUT", "path": "/v1/me/measures/answers/phone-a1",
                 "body": {"measure": "phq9", "answers": all_answered(PHQ9, 2, **{PHQ9_ITEM9: 0})}}

    first = client.post("/v1/sync", {"operations": [operation]}).json["results"][0]
    again = client.post("/v1/sync", {"operations": [operation, operation]}).json["results"]

    assert first["status"] == 201 and [r["status"] for r in again] == [200, 200]
    assert (first["body"]["total"], first["body"]["band"], first["body"]["complete"]) == (16, "moderately severe", True)
    assert again[0]["body"] == first["body"]
    assert client.get("/v1/me/measures").json["due"] == []
    assert len(client.get("/v1/me/measures").json["answers"]) == 1


def test_an_incomplete_answer_is_kept_and_marked_incomplete_never_scored_as_zero(pair):
    therapist, client = pair
    answers = all_answered(GAD7, 3)
    del answers["69736-7"]
    saved = client.put("/v1/me/measures/answers/g1", {"measure": "gad7", "answers": answers})
    assert saved.status_code == 201
    assert (saved.json["complete"], saved.json["total"], saved.json["band"], saved.json["missing"]) == (
        False, None, None, ["69736-7"])
    (trend,) = therapist.get(f"/v1/clients/{client.uid}/review").json["measures"]
    assert trend["points"][0]["total"] is None and trend["change"] is None


def test_skipping_settles_the_questionnaire_and_is_counted_nowhere(pair):
    therapist, client = pair
    therapist.put(f"/v1/clients/{client.uid}/measures/gad7", {"rhythm": "once"})
    skipped = client.put("/v1/me/measures/answers/s1", {"measure": "gad7", "skipped": True})
    assert skipped.status_code == 201 and skipped.json["status"] == "skipped"
    assert client.get("/v1/me/measures").json["due"] == []
    review = therapist.get(f"/v1/clients/{client.uid}/review").json
    (trend,) = review["measures"]
    assert trend["points"] == [] and trend["latest"] is None and trend["assignment"]["due"] is False
    text = str([review["measures"], review["moments_to_ask_about"], review["counts"]]).lower()
    assert "skip" not in text and "missed" not in text and "fail" not in text


def test_answers_are_checked_per_item(pair):
    _, client = pair
    wrong = client.put("/v1/me/measures/answers/w1", {"measure": "gad7", "answers": {PHQ9_ITEM9: 1}})
    assert wrong.status_code == 400 and f"answers.{PHQ9_ITEM9}" in wrong.json["error"]["fields"]
    assert client.put("/v1/me/measures/answers/w2", {"measure": "gad7", "answers": {"69725-0": 4}}).status_code == 400
    assert client.put("/v1/me/measures/answers/w3", {"measure": "gad7", "answers": {}}).status_code == 400
    both = client.put("/v1/me/measures/answers/w4", {"measure": "gad7", "skipped": True, "answers": {"69725-0": 1}})
    assert both.status_code == 400


def test_answers_a_day_are_bounded_and_a_correction_is_always_allowed(pair):
    _, client = pair
    for n in range(8):
        assert client.put(f"/v1/me/measures/answers/b{n}", {"measure": "gad7", "skipped": True}).status_code == 201
    over = client.put("/v1/me/measures/answers/b8", {"measure": "gad7", "skipped": True})
    assert over.status_code == 409 and over.json["error"]["code"] == "limit_reached"
    fixed = client.put("/v1/me/measures/answers/b0", {"measure": "gad7", "answers": all_answered(GAD7)})
    assert fixed.status_code == 200


def test_the_review_charts_each_measure_with_bands_change_from_the_first_and_the_latest_items(pair, clock):
    therapist, client = pair
    client.put("/v1/checkins/c1", a_checkin(on="2026-03-02"))  # the review's window starts at the first entry
    therapist.put(f"/v1/clients/{client.uid}/measures/phq9", {"rhythm": "weekly"})
    client.put("/v1/me/measures/answers/p1", {"measure": "phq9", "answers": all_answered(PHQ9, 2, **{PHQ9_ITEM9: 0})})
    clock.set("2026-03-17T12:00:00+00:00")
    client.put("/v1/me/measures/answers/p2", {"measure": "phq9", "answers": all_answered(PHQ9, 1, **{PHQ9_ITEM9: 0})})

    review = therapist.get(f"/v1/clients/{client.uid}/review?since=2026-03-01").json
    (trend,) = review["measures"]

    assert [(p["local_date"], p["total"], p["band"], p["case"]) for p in trend["points"]] == [
        ("2026-03-10", 16, "moderately severe", True), ("2026-03-17", 8, "mild", False)]
    assert trend["change"] == {"first": 16, "latest": 8, "difference": -8, "reliable": "improvement",
                               "first_case": True, "latest_case": False}
    assert [b["low"] for b in trend["bands"]] == [0, 5, 10, 15, 20]
    assert (trend["caseness"], trend["reliable_change"]) == (10, 6)
    assert trend["latest"]["id"] == "p2"
    assert [(i["code"], i["answer"]) for i in trend["latest"]["items"]][:2] == [("44250-9", 1), ("44255-8", 1)]
    assert trend["latest"]["items"][0]["answer_text"] == "Several days"
    (row,) = therapist.get("/v1/clients").json["items"]
    assert row["measures"] == [{"measure": "phq9", "name": "PHQ-9", "local_date": "2026-03-17", "total": 8,
                                "band": "mild", "direction": "lower"}]
    reads = [r["what"] for r in client.get("/v1/me/access-log").json["items"]]
    assert "review" in reads and "client list row" in reads


def test_item_9_above_0_comes_first_for_the_therapist_and_can_be_acknowledged(pair):
    therapist, client = pair
    client.put("/v1/checkins/c1", a_checkin(on="2026-03-09", mood=0))
    saved = client.put("/v1/me/measures/answers/p1", {"measure": "phq9", "answers": {PHQ9_ITEM9: 1}})
    assert saved.json["item9_positive"] is True
    assert "Nobody watches this app in real time" in saved.json["help"]["message"]

    moments = therapist.get(f"/v1/clients/{client.uid}/review?since=2026-03-01").json["moments_to_ask_about"]
    assert [(m["kind"], m["date"]) for m in moments] == [("phq9_item9", "2026-03-10"), ("low_mood", "2026-03-09")]
    assert "Several days" in moments[0]["text"]
    (row,) = therapist.get("/v1/clients").json["items"]
    assert row["moment_to_ask_about"]["date"] == "2026-03-10"

    assert therapist.post(f"/v1/clients/{client.uid}/moments/2026-03-10/acknowledge", {}).status_code == 200
    (row,) = therapist.get("/v1/clients").json["items"]
    assert row["moment_to_ask_about"] is None
    first = therapist.get(f"/v1/clients/{client.uid}/review?since=2026-03-01").json["moments_to_ask_about"][0]
    assert first["kind"] == "phq9_item9" and first["acknowledged"] is True


def test_a_stopped_or_unlinked_assignment_is_no_longer_due(pair):
    therapist, client = pair
    therapist.put(f"/v1/clients/{client.uid}/measures/gad7", {"rhythm": "once"})
    assert therapist.delete(f"/v1/clients/{client.uid}/measures/gad7").status_code == 204
    assert therapist.delete(f"/v1/clients/{client.uid}/measures/gad7").status_code == 404
    assert client.get("/v1/me/measures").json["due"] == []
    therapist.put(f"/v1/clients/{client.uid}/measures/gad7", {"rhythm": "once"})
    assert client.delete(f"/v1/links/{therapist.uid}").status_code == 204
    assert client.get("/v1/me/measures").json["due"] == []


def test_measures_are_in_the_clients_export_and_gone_after_erasure(pair, store):
    therapist, client = pair
    therapist.put(f"/v1/clients/{client.uid}/measures/phq9", {"rhythm": "weekly"})
    client.put("/v1/me/measures/answers/p1", {"measure": "phq9", "answers": {PHQ9_ITEM9: 1}})

    lines = [line for line in client.get("/v1/me/export").get_data(as_text=True).splitlines()]
    (measures_line,) = [line for line in lines if '"collection": "private", "id": "measures"' in line
                        or '"id": "measures"' in line]
    assert "p1" in measures_line and "phq9" in measures_line and PHQ9_ITEM9 in measures_line

    erased = client.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=client.headers)
    assert erased.status_code in (200, 202)
    assert store.get_measures(client.uid) is None
    assert therapist.get(f"/v1/clients/{client.uid}/measures/fhir").status_code == 404


def test_a_client_who_only_answers_questionnaires_has_them_all_in_the_reviews_window(pair, clock):
    therapist, client = pair
    client.put("/v1/me/measures/answers/p1", {"measure": "gad7", "answers": all_answered(GAD7, 2)})
    clock.set("2026-03-17T12:00:00+00:00")
    client.put("/v1/me/measures/answers/p2", {"measure": "gad7", "answers": all_answered(GAD7, 1)})

    review = therapist.get(f"/v1/clients/{client.uid}/review").json

    assert review["since"] == "2026-03-10"
    assert [p["total"] for p in review["measures"][0]["points"]] == [14, 7]
