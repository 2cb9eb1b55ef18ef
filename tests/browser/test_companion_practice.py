"""The companion app's practice screens at a phone's size: mood, breathing pacer, experiments, goals, time away."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
import requests
from playwright.sync_api import expect

from tests.support.companion import (
    mark_screen,
    phone_context,
    pick,
    send_now,
    shoot,
    sign_up,
    wait_for_redraw,
    wait_until,
    wait_until_synced,
    watch,
)
from tests.support.web_stack import serious_violations

pytestmark = pytest.mark.emulator


def open_practice(page, link: str) -> None:
    """From any screen: the Practice tab, then one of its ways to practise."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practice").click()
    page.get_by_role("heading", name="Practice", exact=True).wait_for()
    page.get_by_role("navigation", name="Ways to practise").get_by_role("link", name=link).click()


def problems(page) -> list[str]:
    """The page's errors, less the browser's own log line for the 409 `GET /v1/me` answers a new account
    (no profile yet: the app then asks for one)."""
    return [line for line in page.problems if "status of 409 (CONFLICT)" not in line]


def saved(item) -> None:
    """Waits until this record's badge says the server has it (nothing of it left on the phone's queue)."""
    wait_until_synced(item.page)
    item.locator(".badge-synced").wait_for()


def put_as(client, site, auth_emulator, path: str, body: dict) -> dict:
    response = requests.put(f"{site.base}{path}", json=body, timeout=30,
                            headers={"Authorization": f"Bearer {client.token(auth_emulator)}"})
    assert response.status_code in (200, 201), (path, response.status_code, response.text)
    return response.json()


def add_goal_with_steps(page, title: str, steps: list[tuple[str, str]]) -> None:
    open_practice(page, "Goals and steps")
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_role("heading", name="Add a goal").wait_for()
    page.get_by_label("Your goal", exact=True).fill(title)
    page.get_by_label("Why does it matter to you?").fill("I feel better when I move.")
    page.get_by_role("button", name="Save goal").click()
    page.get_by_role("heading", name=title).wait_for()
    for step, done_when in steps:
        page.get_by_role("link", name="Add a step").click()
        page.get_by_role("heading", name="Add a step").wait_for()
        page.get_by_label("Step", exact=True).fill(step)
        page.get_by_label("Done when…").fill(done_when)
        page.get_by_role("button", name="Add step").click()
        page.get_by_role("heading", name=title).wait_for()
        page.locator(".step", has_text=step).wait_for()


EXPECT = "How do you expect it to go, 0–10? (optional)"


def plan_experiment(page, strength: str, plan: str, prediction: str, rating: int | None = None) -> None:
    """Plans an experiment from the Practice tab; `rating` is how it is expected to go (0-10), left out when None."""
    open_practice(page, "Strength experiments")
    page.get_by_role("link", name="Plan an experiment").click()
    page.get_by_role("heading", name="Plan an experiment").wait_for()
    page.get_by_label("Which strength will you try?").select_option(label=strength)
    page.get_by_label("Your plan").fill(plan)
    page.get_by_label("What do you predict will happen?").fill(prediction)
    if rating is not None:
        pick(page, EXPECT, rating)
    page.get_by_role("button", name="Save plan").click()
    page.get_by_role("heading", name="Strength experiments").wait_for()


def test_a_mood_with_emotions_logged_in_the_app_is_stored_once_on_the_server_with_those_emotions(
        phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Noa")
    phone.get_by_role("link", name="Log a mood").click()
    phone.get_by_role("heading", name="Log a mood").wait_for()
    pick(phone, "How do you feel, from 0 (very low) to 10 (very good)?", 6)
    feelings = phone.get_by_role("group", name="What are you feeling? (up to 5)")
    feelings.get_by_role("checkbox", name="Calm").check()
    feelings.get_by_role("checkbox", name="Tired").check()
    pick(phone, "How strong are these feelings? (optional)", 4)
    phone.get_by_label("Note (optional)").fill("A slow morning <b>walk</b>")
    phone.get_by_role("button", name="Save mood").click()
    phone.get_by_role("heading", name="Hello, Noa").wait_for()
    saved(phone.locator('.entry[data-kind="mood"]', has_text="Mood 6 · Calm, Tired"))

    moods = [item for item in client.get(site, auth_emulator, "/v1/timeline")["items"] if item["kind"] == "mood"]
    assert len(moods) == 1
    assert moods[0]["rating"] == 6 and moods[0]["intensity"] == 4
    assert sorted(moods[0]["emotions"]) == ["calm", "tired"]
    assert moods[0]["note"] == "A slow morning <b>walk</b>"

    phone.get_by_role("link", name="Change Mood 6 · Calm, Tired").click()
    phone.get_by_role("heading", name="Change a mood entry").wait_for()
    assert phone.get_by_role("checkbox", name="Calm").is_checked()
    pick(phone, "How do you feel, from 0 (very low) to 10 (very good)?", 7)
    phone.get_by_role("button", name="Save changes").click()
    saved(phone.locator('.entry[data-kind="mood"]', has_text="Mood 7 · Calm, Tired"))
    [corrected] = [item for item in client.get(site, auth_emulator, "/v1/timeline")["items"] if item["kind"] == "mood"]
    assert corrected["id"] == moods[0]["id"] and corrected["rating"] == 7
    assert corrected["at"] == moods[0]["at"]
    assert problems(phone) == []


def test_a_sixth_feeling_is_kindly_refused_and_the_first_five_stay_picked(phone, site):
    sign_up(phone, site.base, "Ira")
    phone.get_by_role("link", name="Log a mood").click()
    feelings = phone.get_by_role("group", name="What are you feeling? (up to 5)")
    for name in ("Anxious", "Calm", "Hopeful", "Tired", "Sad", "Proud"):
        feelings.get_by_role("checkbox", name=name).click()
    assert phone.locator('input[name="emotions"]:checked').count() == 5
    assert not phone.get_by_role("checkbox", name="Proud").is_checked()
    assert "Unpick one to choose proud instead" in feelings.inner_text()


def test_a_very_low_mood_is_followed_by_a_gentle_pointer_to_help(phone, site):
    sign_up(phone, site.base, "Kai")
    phone.get_by_role("link", name="Log a mood").click()
    pick(phone, "How do you feel, from 0 (very low) to 10 (very good)?", 1)
    phone.get_by_role("button", name="Save mood").click()
    phone.get_by_role("heading", name="Hello, Kai").wait_for()
    help_link = phone.get_by_role("link", name="If things feel very hard right now, help is here")
    help_link.wait_for()
    assert help_link.get_attribute("href") == "#/help"
    shoot(phone, "practice-low-mood-help")


def test_the_breathing_pacer_runs_its_time_and_logs_a_session_with_stress_before_and_after(
        phone, site, auth_emulator):
    phone.clock.install()
    client = sign_up(phone, site.base, "Ari")
    phone.get_by_role("link", name="Breathe").first.click()
    phone.get_by_role("heading", name="Breathe").wait_for()
    phone.get_by_role("radio", name="Box breathing").check()
    phone.get_by_role("radio", name="1 min", exact=True).check()
    pick(phone, "Stress before (optional)", 7)
    shoot(phone, "practice-breathing-setup")
    phone.get_by_role("button", name="Start").click()

    phase = phone.locator("#pacer-phase")
    assert phase.get_attribute("aria-live") == "polite"
    phase.filter(has_text="Breathe in · 4").wait_for()
    circle = phone.locator(".pacer-circle")
    phone.wait_for_function("document.querySelector('.pacer-circle').style.getPropertyValue('--pacer-scale') === '1'")
    assert circle.evaluate("node => getComputedStyle(node).transitionDuration") != "0s"
    assert circle.evaluate("node => getComputedStyle(node).transform") != "none"
    phone.clock.fast_forward(4_500)
    phase.filter(has_text="Hold · 4").wait_for()
    shoot(phone, "practice-breathing-pacer")
    phone.clock.fast_forward(60_000)

    phone.get_by_role("heading", name="Well done").wait_for()
    phone.get_by_text("You breathed for 1 minute.").wait_for()
    pick(phone, "Stress after (optional)", 4)
    phone.get_by_role("button", name="Save session").click()
    phone.get_by_role("heading", name="Hello, Ari").wait_for()
    phone.get_by_text("Your stress went from 7 to 4, 3 points lower.").wait_for()
    saved(phone.locator('.entry[data-kind="breathing"]'))

    sessions = [item for item in client.get(site, auth_emulator, "/v1/timeline")["items"]
                if item["kind"] == "breathing"]
    assert len(sessions) == 1
    assert {k: sessions[0][k] for k in ("technique", "duration_seconds", "stress_before", "stress_after")} == {
        "technique": "box", "duration_seconds": 60, "stress_before": 7, "stress_after": 4}

    phone.get_by_role("link", name="Change Box breathing · 1 min").click()
    phone.get_by_role("heading", name="Change a breathing session").wait_for()
    pick(phone, "Stress after (optional)", 3)
    phone.get_by_role("button", name="Save changes").click()
    saved(phone.locator('.entry[data-kind="breathing"]', has_text="stress 7 → 3"))
    [corrected] = [item for item in client.get(site, auth_emulator, "/v1/timeline")["items"]
                   if item["kind"] == "breathing"]
    assert (corrected["stress_after"], corrected["duration_seconds"]) == (3, 60)
    assert problems(phone) == []


def test_with_reduced_motion_the_pacer_shows_words_only_and_a_session_counts_from_ten_seconds(browser, site):
    context = phone_context(browser, reduced_motion="reduce")
    page = watch(context.new_page())
    try:
        page.clock.install()
        sign_up(page, site.base, "Lea")
        page.get_by_role("link", name="Breathe").first.click()
        page.get_by_role("radio", name="4-7-8 breathing").check()
        page.get_by_role("button", name="Start").click()
        page.locator("#pacer-phase").filter(has_text="Breathe in · 4").wait_for()
        page.clock.fast_forward(4_200)
        page.locator("#pacer-phase").filter(has_text="Hold · 7").wait_for()
        circle = page.locator(".pacer-circle")
        assert circle.evaluate("node => getComputedStyle(node).transform") == "none"
        assert circle.evaluate("node => node.style.getPropertyValue('--pacer-scale')") == ""
        page.get_by_role("button", name="Finish").click()
        page.get_by_text("A session counts from 10 seconds.").wait_for()
        assert page.locator(".pacer-circle").is_visible()
        page.clock.fast_forward(7_000)
        page.get_by_role("button", name="Finish").click()
        page.get_by_role("heading", name="Well done").wait_for()
        page.get_by_text(re.compile(r"You breathed for 1[1-3] seconds\.")).wait_for()
        assert problems(page) == []
    finally:
        context.close()


def test_an_experiment_planned_with_a_prediction_rating_shows_it_beside_the_outcome_and_both_reach_the_server(
        browser, site, auth_emulator):
    context = phone_context(browser, bypass_csp=True)  # bypass only so axe itself can be injected
    phone = watch(context.new_page())
    try:
        prediction_set_beside_the_outcome(phone, site, auth_emulator)
    finally:
        context.close()


def prediction_set_beside_the_outcome(phone, site, auth_emulator) -> None:
    client = sign_up(phone, site.base, "Mio")
    plan_experiment(phone, "Bravery", "Ask a question in the team meeting.", "My voice will shake.", rating=3)
    planned = phone.locator('[data-kind="experiment"]', has_text="Bravery experiment")
    assert planned.get_attribute("data-status") == "planned"
    saved(planned)
    [on_server] = client.get(site, auth_emulator, "/v1/experiments")["items"]
    assert (on_server["prediction"], on_server["prediction_rating"]) == ("My voice will shake.", 3)
    phone.get_by_role("link", name="How did it go? Bravery experiment").click()
    # The prediction, words and number, sits beside the outcome's rating and describes it.
    beside = phone.locator("#prediction-beside")
    expect(beside).to_contain_text("You predicted: My voice will shake.")
    expect(beside).to_contain_text("You expected 3/10.")
    outcome_scale = phone.get_by_role("group", name="How did it go?")
    assert outcome_scale.get_attribute("aria-describedby") == "prediction-beside"
    assert serious_violations(phone, "app-practice-experiment-outcome-beside") == []
    shoot(phone, "practice-experiment-outcome-beside")
    phone.get_by_label("What happened?").fill("I asked, and two people nodded.")
    phone.get_by_label("Sensations (optional)").fill("Warm face, fast heart.")
    pick(phone, "How did it go?", 8)
    phone.get_by_label("What did you learn? (optional)").fill("The shaking passes.")
    phone.get_by_role("button", name="Save what happened").click()
    phone.get_by_role("heading", name="Strength experiments").wait_for()
    tried = phone.get_by_role("region", name="Tried")
    tried.get_by_text("What you learned: The shaking passes.").wait_for()
    saved(tried.locator('[data-kind="experiment"]'))
    expect(tried.locator(".expected-went")).to_have_text("You expected 3/10. It went 8/10.")
    assert serious_violations(phone, "app-practice-experiment-done") == []
    shoot(phone, "practice-experiment-done")

    [experiment] = client.get(site, auth_emulator, "/v1/experiments")["items"]
    assert experiment["status"] == "done"
    assert experiment["strength"] == "bravery"
    assert (experiment["prediction_rating"], experiment["outcome"]["outcome_rating"]) == (3, 8)
    assert experiment["outcome"]["learned"] == "The shaking passes."
    assert phone.locator('[data-kind="experiment"]').get_attribute("data-status") == "done"
    assert problems(phone) == []


def test_a_lapsed_experiment_is_offered_a_re_plan_kindly_and_re_planning_moves_its_date(phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Eli")
    today = client.today(site, auth_emulator)
    experiment_id = f"exp-{uuid.uuid4().hex[:8]}"
    put_as(client, site, auth_emulator, f"/v1/experiments/{experiment_id}", {
        "strength": "curiosity", "planned_for": (today - timedelta(days=10)).isoformat(),
        "plan": "Ask my neighbour about her garden.", "prediction": "She will be busy."})

    open_practice(phone, "Strength experiments")
    item = phone.locator(f'[data-id="{experiment_id}"]')
    item.get_by_text("This one's day came and went — that's okay. Want to re-plan it?").wait_for()
    assert item.get_attribute("data-status") == "lapsed"
    assert not re.search(r"fail|missed", phone.locator("#main").inner_text(), re.IGNORECASE)
    shoot(phone, "practice-experiments-lapsed")
    item.get_by_role("button", name="Re-plan").click()
    phone.get_by_role("heading", name="Re-plan this experiment").wait_for()
    assert phone.get_by_label("When will you try it?").input_value() == today.isoformat()
    assert phone.get_by_label("Which strength will you try?").input_value() == "curiosity"
    phone.get_by_role("button", name="Save plan").click()
    phone.get_by_role("heading", name="Strength experiments").wait_for()
    assert phone.locator(f'[data-id="{experiment_id}"]').get_attribute("data-status") == "planned"
    saved(phone.locator(f'[data-id="{experiment_id}"]'))

    [experiment] = client.get(site, auth_emulator, "/v1/experiments")["items"]
    assert experiment["planned_for"] == today.isoformat()
    assert experiment["status"] == "planned"
    assert problems(phone) == []


def test_marking_a_goals_first_step_done_makes_the_second_the_next_step_here_and_on_the_server(
        phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Ren")
    add_goal_with_steps(phone, "Go to the gym again", [
        ("Find the opening hours", "I know when it opens on Saturday"),
        ("Pack the bag", "The bag is by the door")])
    phone.get_by_text("0 of 2 steps done").wait_for()
    first = phone.locator(".step", has_text="Find the opening hours")
    second = phone.locator(".step", has_text="Pack the bag")
    assert "highlight" in first.get_attribute("class") and "Next step" in first.inner_text()
    first.get_by_role("button", name="Mark done").click()
    phone.get_by_text("1 of 2 steps done").wait_for()
    assert "highlight" in second.get_attribute("class") and "Next step" in second.inner_text()
    assert "highlight" not in first.get_attribute("class")
    assert phone.locator(".highlight").count() == 1
    saved(first)
    saved(second)
    # The steps keep their own titles once the server has answered (each answer is the step itself).
    assert phone.locator(".step .entry-title").all_inner_texts() == ["Find the opening hours", "Pack the bag"]
    shoot(phone, "practice-goal")

    [goal] = client.get(site, auth_emulator, "/v1/goals")["items"]
    assert goal["steps_done"] == 1 and goal["steps_total"] == 2
    assert goal["next_step"]["title"] == "Pack the bag"
    first.get_by_role("button", name="Not done yet").click()
    phone.get_by_text("0 of 2 steps done").wait_for()
    saved(first)
    assert client.get(site, auth_emulator, "/v1/goals")["items"][0]["steps_done"] == 0
    assert problems(phone) == []


def test_a_goal_and_its_steps_made_offline_reach_the_server_with_the_step_done_when_back_online(
        phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Oli")
    wait_until_synced(phone)
    phone.context.set_offline(True)
    add_goal_with_steps(phone, "Call my sister", [("Find a quiet hour", "It is in my calendar")])
    phone.locator(".step").get_by_role("button", name="Mark done").click()
    phone.get_by_text("All 1 step done").wait_for()
    assert phone.locator(".step .badge").inner_text() == "On this phone"
    phone.context.set_offline(False)
    saved(phone.locator(".step"))
    wait_until_synced(phone)

    [goal] = client.get(site, auth_emulator, "/v1/goals")["items"]
    assert goal["title"] == "Call my sister" and goal["steps_done"] == 1
    assert goal["steps"][0]["title"] == "Find a quiet hour"
    assert phone.locator(".step .entry-title").inner_text() == "Find a quiet hour"


# Types a day into the away form while a redraw (asked for by another tab's change) is reading the phone's copy:
# the app's channel hears the change first and queues the redraw, this page's own listener queues the typing right
# after it, so the redraw has begun and not yet drawn when the day is typed.
TYPE_DURING_A_REDRAW = """([uid, day]) => new Promise((typed) => {
  const input = document.querySelector('#main input[name="from"]');
  const listener = new BroadcastChannel("stepping-stones");
  listener.onmessage = () => setTimeout(() => {
    input.value = day;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    listener.close();
    typed();
  }, 0);
  new BroadcastChannel("stepping-stones").postMessage({ uid, type: "changed" });
})"""


def test_an_away_period_typed_while_a_redraw_is_under_way_keeps_its_day_and_is_stored_on_the_server(
        phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Sol")
    today = client.today(site, auth_emulator)
    start, end = today + timedelta(days=3), today + timedelta(days=9)
    open_practice(phone, "Time away")
    phone.get_by_role("heading", name="Time away", exact=True).wait_for()
    phone.get_by_text("Going away? Your streak pauses while you're away").wait_for()
    phone.evaluate(TYPE_DURING_A_REDRAW, [client.uid(auth_emulator), start.isoformat()])
    expect(phone.get_by_label("First day away")).to_have_value(start.isoformat())
    phone.get_by_label("Last day away").fill(end.isoformat())
    phone.get_by_role("button", name="Save time away").click()
    saved(phone.locator('[data-kind="away"]'))

    assert [(p["from"], p["to"]) for p in client.get(site, auth_emulator, "/v1/me/away")["items"]] == [
        (start.isoformat(), end.isoformat())]
    shoot(phone, "practice-away")
    phone.locator('[data-kind="away"]').get_by_role("button", name="Delete").click()
    phone.get_by_text("No time away planned.").wait_for()
    wait_until_synced(phone)
    assert client.get(site, auth_emulator, "/v1/me/away")["items"] == []
    assert problems(phone) == []


def test_axe_finds_no_serious_or_critical_violations_on_the_practice_screens(browser, site):
    context = phone_context(browser, bypass_csp=True)  # bypass only so axe itself can be injected
    page = watch(context.new_page())
    found = {}

    def check(name: str) -> None:
        page.locator("#main h1").wait_for()
        found[name] = serious_violations(page, f"app-{name}")
        shoot(page, name)

    try:
        sign_up(page, site.base, "Ada")
        plan_experiment(page, "Kindness", "Bring tea to my colleague.", "She will be surprised.")
        add_goal_with_steps(page, "Sleep earlier", [("Set a phone alarm for 22:30", "The alarm is set")])
        check("practice-goal-detail")
        page.get_by_role("link", name="Change step: Set a phone alarm for 22:30").click()
        check("practice-step-form")
        for name, route, heading in [
                ("practice", "/practice", "Practice"), ("practice-mood", "/mood", "Log a mood"),
                ("practice-breathing", "/breathing", "Breathe"),
                ("practice-experiments", "/experiments", "Strength experiments"),
                ("practice-experiment-new", "/experiments/new", "Plan an experiment"),
                ("practice-goals", "/goals", "Goals and steps"), ("practice-goal-new", "/goals/new", "Add a goal"),
                ("practice-away", "/away", "Time away")]:
            page.evaluate(f"location.hash = '#{route}'")
            page.get_by_role("heading", name=heading, exact=True).wait_for()
            check(name)
        page.evaluate("location.hash = '#/experiments'")
        page.get_by_role("link", name="How did it go? Kindness experiment").click()
        check("practice-experiment-outcome")
        page.evaluate("location.hash = '#/breathing'")
        page.get_by_role("button", name="Start").click()
        page.locator("#pacer-phase").filter(has_text="Breathe in").wait_for()
        check("practice-breathing-pacer")
        page.get_by_role("button", name="Stop without saving").click()
    finally:
        context.close()
    assert found == {name: [] for name in found}
    assert len(found) == 12


LIST_FRESH_MS = 60_000  # a list read from the server is not read again within a minute (FRESH_MS in views/kit.js)


def test_the_goals_list_is_read_from_the_server_once_when_its_screen_opens_not_on_every_redraw(phone, site):
    """The list's next opening reads again only when the last read failed or is a minute old on the phone's clock.
    (This test used to expect one read whatever the time: on a loaded machine the steps below can outlast the
    minute, and the app then rightly read again.)"""
    sign_up(phone, site.base, "Ivo")
    reads = []
    phone.on("request", lambda request: reads.append(request)
             if request.method == "GET" and request.url.endswith("/v1/goals") else None)
    add_goal_with_steps(phone, "Read before bed", [("Put a book on the pillow", "The book is there")])
    step = phone.locator(".step")
    step.get_by_role("button", name="Mark done").click()
    saved(step)
    step.get_by_role("button", name="Not done yet").click()
    saved(step)
    assert len(reads) == 1, [read.url for read in reads]  # the Practice menu's read, shared by the list; no redraw read
    first = reads[0]
    answered = first.response()
    reopened_at = phone.evaluate("Date.now()")
    fresh = answered is not None and answered.ok and reopened_at - first.timing["startTime"] < LIST_FRESH_MS
    phone.get_by_role("link", name="Back to goals").click()
    phone.get_by_role("heading", name="Goals and steps").wait_for()
    phone.locator("li", has_text="Read before bed").get_by_text("0 of 1 step done").wait_for()
    if not fresh:
        wait_until(phone, lambda: len(reads) == 2)
    assert len(reads) == (1 if fresh else 2), (fresh, [read.url for read in reads])


def test_a_screen_still_drawing_when_another_is_opened_never_stays_over_the_newer_one(phone, site):
    """The cause of the goals list's intermittent 'Add a goal' timeout: a draw begun before a tap on another
    screen (there, a redraw of Practice after a sync) landed after the newer screen and stayed. Made certain here
    with a goal's screen that waits for the server (a goal this phone has not seen yet) while Today opens."""
    sign_up(phone, site.base, "Noa")
    held = []
    phone.route("**/v1/goals", lambda route: held.append(route))
    phone.evaluate("() => { location.hash = '#/goals/a-goal-from-another-phone'; }")
    wait_until(phone, lambda: len(held) == 1)
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    phone.get_by_role("heading", name="Hello, Noa").wait_for()
    mark_screen(phone)
    held[0].fulfill(status=200, content_type="application/json", body='{"items": [], "next_cursor": null}')
    wait_for_redraw(phone)  # the goal's screen, drawn late
    phone.get_by_role("heading", name="Hello, Noa").wait_for(timeout=10_000)
    assert phone.evaluate("location.hash") == "#/"
    assert not phone.get_by_text("That goal is not on this phone any more.").is_visible()


def test_a_period_the_server_refuses_shows_its_problem_next_to_the_date_when_opened_to_fix(phone, site):
    sign_up(phone, site.base, "Uma")
    open_practice(phone, "Time away")
    phone.get_by_label("First day away").fill("1999-12-30")
    phone.get_by_label("Last day away").fill("2000-01-02")
    phone.get_by_role("button", name="Save time away").click()
    send_now(phone)
    period = phone.locator('[data-kind="away"]')
    period.locator(".badge-fix", has_text="Needs a look").wait_for()
    period.get_by_role("link", name="Change").click()
    phone.get_by_role("heading", name="Change time away").wait_for()
    problem = phone.locator("#from-error")
    problem.wait_for()
    assert problem.inner_text().strip() != ""
    assert phone.locator("#to-error").is_hidden()
    phone.get_by_label("First day away").fill("2000-01-01")
    phone.get_by_role("button", name="Save changes").click()
    phone.get_by_role("heading", name="Time away", exact=True).wait_for()
    saved(phone.locator('[data-kind="away"]'))


def test_a_slow_list_from_before_a_save_does_not_take_the_saved_period_away(phone, site, auth_emulator):
    client = sign_up(phone, site.base, "Ora")
    held = []
    phone.route("**/v1/me/away", lambda route: held.append((route, route.fetch())))
    today = client.today(site, auth_emulator)
    open_practice(phone, "Time away")
    phone.get_by_role("heading", name="Time away", exact=True).wait_for()
    phone.get_by_label("First day away").fill((today + timedelta(days=2)).isoformat())
    phone.get_by_label("Last day away").fill((today + timedelta(days=4)).isoformat())
    phone.get_by_role("button", name="Save time away").click()
    saved(phone.locator('[data-kind="away"]'))
    assert len(held) == 1  # the list read when the screen opened, answered before the period existed
    route, stale = held[0]
    mark_screen(phone)
    route.fulfill(response=stale)
    wait_for_redraw(phone)  # the stale list was applied, and the screen drawn from what the phone then held
    phone.goto(f"{site.base}/app/#/away")
    saved(phone.locator('[data-kind="away"]'))
    assert len(client.get(site, auth_emulator, "/v1/me/away")["items"]) == 1
