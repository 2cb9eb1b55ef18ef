"""A therapist reads a linked client's goals and micro-steps: words only with note sharing, every read logged, paged."""
from __future__ import annotations

import pytest

from stepping_stones.schemas.progress import GOALS_PER_PAGE
from stepping_stones.services import clients
from stepping_stones.storage import get_store, metering
from tests.support.therapy import link


def a_goal_with_steps(client, goal_id="g1"):
    """A goal with two steps, the first done with a note: the second is the next step."""
    assert client.put(f"/v1/goals/{goal_id}", {"title": "Walk more", "why": "Energy for my kids",
                                               "target_date": "2026-04-01"}).status_code == 201
    client.put(f"/v1/goals/{goal_id}/steps/s1", {"title": "Round the block", "done_when": "Back at the door",
                                                 "position": 0})
    client.put(f"/v1/goals/{goal_id}/steps/s2", {"title": "To the park", "done_when": "Touched the gate",
                                                 "due_on": "2026-03-12", "position": 1})
    assert client.post(f"/v1/goals/{goal_id}/steps/s1/done",
                       {"done_on": "2026-03-09", "note": "Windy but fine"}).status_code == 200


def goals_of(therapist, client, **query):
    response = therapist.get(f"/v1/clients/{client.uid}/goals", **query)
    assert response.status_code == 200, response.json
    return response.json


def test_with_note_sharing_the_therapist_sees_goals_steps_and_the_clients_words(client_with_profile, therapist):
    link(client_with_profile, therapist, share_notes=True)
    a_goal_with_steps(client_with_profile)

    goal = goals_of(therapist, client_with_profile)["items"][0]

    assert (goal["title"], goal["why"], goal["target_date"]) == ("Walk more", "Energy for my kids", "2026-04-01")
    assert [(s["title"], s["done_when"], s["done_on"], s["note"]) for s in goal["steps"]] == [
        ("Round the block", "Back at the door", "2026-03-09", "Windy but fine"),
        ("To the park", "Touched the gate", None, None)]
    assert (goal["steps_done"], goal["steps_total"], goal["next_step"]["title"]) == (1, 2, "To the park")
    assert "notes_hidden" not in goal


def test_without_note_sharing_titles_dates_and_progress_are_seen_and_the_clients_words_are_not(
        client_with_profile, therapist):
    link(client_with_profile, therapist, share_notes=False)
    a_goal_with_steps(client_with_profile)

    goal = goals_of(therapist, client_with_profile)["items"][0]

    assert goal["notes_hidden"] is True
    assert (goal["title"], goal["why"], goal["target_date"]) == ("Walk more", None, "2026-04-01")
    assert [(s["title"], s["done_when"], s["done_on"], s["note"]) for s in goal["steps"]] == [
        ("Round the block", None, "2026-03-09", None), ("To the park", None, None, None)]
    assert (goal["next_step"]["title"], goal["next_step"]["done_when"]) == ("To the park", None)
    assert "Energy for my kids" not in str(goal) and "Windy" not in str(goal)


def test_every_read_of_the_goals_is_in_the_clients_access_log(client_with_profile, therapist):
    link(client_with_profile, therapist)
    a_goal_with_steps(client_with_profile)

    goals_of(therapist, client_with_profile)
    goals_of(therapist, client_with_profile)

    log = client_with_profile.get("/v1/me/access-log").json["items"]
    assert [(r["what"], r["therapist_uid"]) for r in log if r["what"] == "goals page"] == [
        ("goals page", therapist.uid)] * 2


def test_an_unlinked_therapist_gets_the_same_404_as_for_a_client_that_does_not_exist(
        client_with_profile, therapist, new_user):
    a_goal_with_steps(client_with_profile)
    stranger = therapist.get(f"/v1/clients/{client_with_profile.uid}/goals")
    nobody = therapist.get("/v1/clients/nobody-at-all/goals")
    assert stranger.status_code == nobody.status_code == 404
    assert stranger.json == nobody.json
    assert client_with_profile.get("/v1/me/access-log").json["items"] == []


def test_goals_come_a_page_at_a_time_and_a_pages_reads_do_not_grow_with_the_number_of_goals(
        app, client_with_profile, therapist, clock):
    link(client_with_profile, therapist)
    store = get_store(app.config["SETTINGS"])

    def first_page_reads():
        with metering() as meter:
            clients.client_goals(store, therapist.uid, client_with_profile.uid, clock.now(), limit=GOALS_PER_PAGE,
                                 cursor=None)
        return meter.reads

    for number in range(GOALS_PER_PAGE + 2):
        client_with_profile.put(f"/v1/goals/g{number:02d}", {"title": f"Goal {number}", "why": "Because"})
    reads_with_some = first_page_reads()
    for number in range(GOALS_PER_PAGE + 2, 2 * GOALS_PER_PAGE + 4):
        client_with_profile.put(f"/v1/goals/g{number:02d}", {"title": f"Goal {number}", "why": "Because"})

    assert first_page_reads() == reads_with_some
    first = goals_of(therapist, client_with_profile)
    second = goals_of(therapist, client_with_profile, cursor=first["next_cursor"])
    third = goals_of(therapist, client_with_profile, cursor=second["next_cursor"])
    titles = [goal["title"] for page in (first, second, third) for goal in page["items"]]
    assert len(first["items"]) == GOALS_PER_PAGE and third["next_cursor"] is None
    assert titles == [f"Goal {number}" for number in range(2 * GOALS_PER_PAGE + 4)]


@pytest.mark.parametrize("query", [{"limit": GOALS_PER_PAGE + 1}, {"limit": 0}, {"cursor": "not-one-we-gave"}])
def test_a_page_larger_than_allowed_or_a_made_up_cursor_is_a_400_naming_the_field(
        client_with_profile, therapist, query):
    link(client_with_profile, therapist)
    response = therapist.get(f"/v1/clients/{client_with_profile.uid}/goals", **query)
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == set(query)

