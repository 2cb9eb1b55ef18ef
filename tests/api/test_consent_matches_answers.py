"""The consent preview says exactly what the therapist routes return, for both note-sharing settings.

Each line of the preview is a row of domain/sharing.py's table, naming the answer fields it covers.
A client with every kind of record links with each setting; every GET under /v1/clients is read as
the therapist; then every field returned with a value must be named by a line the preview showed
(or be no part of the client's record: the link, ids, the therapist's own marks), and every field a
shown line names must really come back with a value. A new route, a new field or a new line that
names nothing fails here. (The POST routes under /v1/clients answer only the therapist's own marks.)
"""
from __future__ import annotations

import pytest

from stepping_stones.api.context import THERAPIST
from stepping_stones.domain.measures import GAD7, PHQ9, PHQ9_ITEM9
from stepping_stones.domain.sharing import ALWAYS_SHARED, NOT_THE_CLIENTS_RECORD, SAFETY_PLAN, WORDS
from tests.support.bodies import a_breathing, a_checkin, a_mood, an_experiment, an_outcome

# Which answer of the table each GET route under /v1/clients gives.
ANSWERS = {"/v1/clients": "clients", "/v1/clients/<client_uid>/review": "review",
           "/v1/clients/<client_uid>/entries": "entries", "/v1/clients/<client_uid>/goals": "goals",
           "/v1/clients/<client_uid>/measures/fhir": "measures_fhir",
           "/v1/clients/<client_uid>/safety-plan": "safety_plan",
           "/v1/clients/<client_uid>/suggestions": "suggestions"}
THERAPISTS_OWN = {"/v1/clients/<client_uid>/sessions": "the therapist's own session notes",
                  "/v1/clients/<client_uid>/reflections": "the therapist's own private reflections"}
TABLE = {line.text: line for line in (*ALWAYS_SHARED, WORDS, SAFETY_PLAN)}


def a_client_with_every_kind_of_record(client, share_plan: bool):
    """Every field the routes can return, filled: corrected entries, low moods, a gap, an away period, a goal,
    a safety plan (shared on the plan itself, or kept private)."""
    def put(path, body):
        assert client.put(path, body).status_code in (200, 201), (path, client.put(path, body).json)

    for version in ("Walked to the shop", "Walked to the shop and back"):
        put("/v1/checkins/c1", a_checkin(on="2026-03-02", mood=4, energy=5, sleep_hours=7.5, went_well=version,
                                         note="Slept badly"))
    put("/v1/checkins/c2", a_checkin(on="2026-03-09", mood=6))
    for rating in (2, 1):
        put("/v1/moods/m1", a_mood(at="2026-03-02T09:30:00+01:00", rating=rating, emotions=["sad"], intensity=6,
                                   note="Long morning"))
    for hour in range(10, 14):
        put(f"/v1/moods/m{hour}", a_mood(at=f"2026-03-0{hour - 7}T{hour}:00:00+01:00", rating=5))
    for after in (4, 3):
        put("/v1/breathing/b1", a_breathing(stress_before=7, stress_after=after))
    put("/v1/experiments/e1", an_experiment(planned_for="2026-03-03", plan="Ask a question",
                                            prediction="I will blush", prediction_rating=3))
    put("/v1/experiments/e1/outcome", an_outcome(done_on="2026-03-03", sensations="Warm face",
                                                 thoughts="They'll laugh", learned="Nobody laughed"))
    put("/v1/me/away/a1", {"from": "2026-03-05", "to": "2026-03-06"})
    put("/v1/goals/g1", {"title": "Walk more", "why": "Energy for my kids", "target_date": "2026-04-01"})
    put("/v1/goals/g1/steps/s1", {"title": "Round the block", "done_when": "Back at the door", "due_on": "2026-03-08"})
    put("/v1/goals/g1/steps/s2", {"title": "To the park", "done_when": "Touched the gate", "due_on": "2026-03-12",
                                  "position": 1})
    assert client.post("/v1/goals/g1/steps/s1/done", {"done_on": "2026-03-08", "note": "Windy"}).status_code == 200
    put("/v1/me/safety-plan", {"warning_signs": ["Nights without sleep"], "on_my_own": ["A walk"],
                               "distractions": [{"name": "Aunt Jo", "phone": "+44 20 7946 0000"}],
                               "people_to_ask": [{"name": "Sam", "phone": "+44 7700 900123"}],
                               "professionals": [{"name": "Samaritans", "phone": "116 123"}],
                               "safer_surroundings": ["Tablets with Sam"], "reason_for_living": "Biscuit",
                               "share_with_therapists": share_plan})


def questionnaires_answered(therapist, client):
    """Both measures assigned and answered, PHQ-9 twice with an item-9 answer (a moment to ask about)."""
    for measure in ("phq9", "gad7"):
        assert therapist.put(f"/v1/clients/{client.uid}/measures/{measure}", {"rhythm": "weekly"}).status_code < 300
    answers = [("q1", "phq9", {**{item.code: 2 for item in PHQ9.scored_items}, PHQ9_ITEM9: 1}),
               ("q2", "phq9", {item.code: 1 for item in PHQ9.scored_items}),
               ("q3", "gad7", {item.code: 2 for item in GAD7.scored_items})]
    for answer_id, measure, items in answers:
        saved = client.put(f"/v1/me/measures/answers/{answer_id}", {"measure": measure, "answers": items})
        assert saved.status_code in (200, 201), saved.json


def suggestions_answered(therapist, client):
    """One suggestion taken with the client's own changes, one let go."""
    base = f"/v1/clients/{client.uid}/suggestions"
    assert therapist.put(f"{base}/sg1", {"goal": {"title": "Walk in the mornings", "why": "Energy"}}).status_code < 300
    assert therapist.put(f"{base}/sg2", {"goal": {"title": "Call a friend", "why": "Company"}}).status_code < 300
    assert client.post("/v1/me/suggestions/sg1/take", {"goal": {"title": "Walk after lunch", "why": "Energy"}}).status_code < 300
    assert client.post("/v1/me/suggestions/sg2/let-go", {}).status_code < 300


def leaves(value, path):
    """The dotted names of every field with a value, list positions left out."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from leaves(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, path)
    elif value is not None:
        yield path


def all_pages(user, path, **query):
    pages, cursor = [], None
    while True:
        page = user.get(path, **query, **({"cursor": cursor} if cursor else {})).json
        pages.append(page)
        if not (cursor := page["next_cursor"]):
            return pages


def returned_fields(therapist, client) -> set[str]:
    base = f"/v1/clients/{client.uid}"
    found = set()
    row = next(row for row in therapist.get("/v1/clients").json["items"] if row["client_uid"] == client.uid)
    found |= set(leaves(row, "clients"))
    found |= set(leaves(therapist.get(f"{base}/review", since="2026-03-01").json, "review"))
    for page in all_pages(therapist, f"{base}/entries", limit=3):
        found |= {f for item in page["items"] for f in leaves(item, f"entries.{item['kind']}")}
        found |= set(leaves({**page, "items": []}, "entries"))
    for page in all_pages(therapist, f"{base}/goals", limit=1):
        found |= {f for item in page["items"] for f in leaves(item, "goals")}
        found |= set(leaves({**page, "items": []}, "goals"))
    found |= set(leaves(therapist.get(f"{base}/measures/fhir").json, "measures_fhir"))
    found |= set(leaves(therapist.get(f"{base}/suggestions").json, "suggestions"))
    found |= set(leaves(therapist.get(f"{base}/safety-plan").json, "safety_plan"))
    return found


def named(field: str, names) -> bool:
    return any(field == name or field.startswith(f"{name}.") for name in names)


def test_every_get_route_under_clients_is_one_this_comparison_reads(app):
    """A new therapist route must say which answer of the table it gives, or be the therapist's own."""
    found = {rule.rule for rule in app.url_map.iter_rules()
             if rule.rule.startswith("/v1/clients") and "GET" in rule.methods
             and app.view_functions[rule.endpoint].__contract__.role == THERAPIST}
    assert found == set(ANSWERS) | set(THERAPISTS_OWN)


@pytest.mark.parametrize("share_notes", [True, False], ids=["notes and plan shared", "notes and plan kept"])
def test_the_preview_names_exactly_the_fields_the_therapist_routes_return(client_with_profile, therapist,
                                                                           share_notes):
    a_client_with_every_kind_of_record(client_with_profile, share_plan=share_notes)
    code = therapist.post("/v1/invites").json["code"]
    preview = client_with_profile.get(f"/v1/invites/{code}", share_notes=str(share_notes).lower()).json
    assert client_with_profile.post("/v1/links", {"code": code, "share_notes": share_notes}).status_code == 201
    questionnaires_answered(therapist, client_with_profile)
    suggestions_answered(therapist, client_with_profile)
    agenda = {"text": "The walk", "local_date": "2026-03-09", "about": {"kind": "checkin", "id": "c1"}}
    assert client_with_profile.put("/v1/me/agenda/i1", agenda).status_code == 201

    lines = preview["therapist_sees"]["therapist_sees"]
    assert [line for line in lines if line not in TABLE] == [], "a line of the preview names no answer field"
    names = {name for line in lines for name in TABLE[line].covers}
    returned = returned_fields(therapist, client_with_profile)

    unnamed = sorted(f for f in returned if not named(f, names) and not named(f, NOT_THE_CLIENTS_RECORD))
    assert unnamed == [], f"returned to the therapist, but no line of the preview names it: {unnamed}"
    unreturned = sorted(name for name in names if not any(named(f, [name]) for f in returned))
    assert unreturned == [], f"named by the preview, but no therapist route returns it: {unreturned}"
    assert (WORDS.text in lines) is share_notes
    assert (SAFETY_PLAN.text in lines) is share_notes  # the plan's own setting, set the same way here
    assert any(line.startswith(WORDS.text) for line in preview["therapist_sees"]["therapist_does_not_see"]) is (
        not share_notes)
