"""What a linked therapist may see of a client's records, and the plain statement of it.

The statement is one table (`ALWAYS_SHARED`, `WORDS`): each line the client reads names the fields of
the therapist routes' answers it covers. What note sharing hides (`FREE_TEXT_FIELDS`) and the note
switch's words come from the same table, and tests/api/test_consent_matches_answers.py compares it
with what the routes really return, so the words and the answers cannot drift apart.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from stepping_stones.domain.records import ENTRY_KINDS

STEP, GOAL = "step", "goal"


@dataclass(frozen=True)
class Shared:
    """One line of the statement and the answer fields it covers.

    A field is named `<answer>.<path>`, list positions left out: `clients.` a row of the client
    list, `review.` the review, `entries.<kind>.` an entry of the entries page, `goals.` a goal of
    the goals page, `safety_plan.` the safety plan's answer. A name covers the fields under it too (`review.counts` covers
    `review.counts.checkins.count`).
    """

    text: str
    covers: tuple[str, ...]


def _every_entry(*fields: str) -> tuple[str, ...]:
    return tuple(f"entries.{kind}.{name}" for kind in ENTRY_KINDS for name in fields)


ALWAYS_SHARED: tuple[Shared, ...] = (
    Shared("The name you chose to show, the dates you were active, when you saved or changed each entry "
           "and goal, and how many check-ins, moods, practices, experiments and steps you logged.",
           ("clients.display_name", "clients.last_active", "clients.status", "clients.checkin_adherence_7_days",
            "review.display_name", "review.counts", "review.days.date", "review.days.checked_in",
            *_every_entry("local_date", "created_at", "updated_at"), "goals.created_at", "goals.updated_at")),
    Shared("Your check-in ratings (mood, energy, sleep) and your mood ratings, with their time, the emotions "
           "you picked and how strong they were.",
           ("entries.checkin.mood", "entries.checkin.energy", "entries.checkin.sleep_hours",
            "entries.mood.at", "entries.mood.rating", "entries.mood.emotions", "entries.mood.intensity",
            "review.mood_series", "review.mood_vs_baseline", "review.days.baseline_low",
            "review.days.baseline_high", "review.moments_to_ask_about.date", "review.moments_to_ask_about.text")),
    Shared("Your breathing practices: when, for how long, which technique, and your stress before and after.",
           ("entries.breathing.started_at", "entries.breathing.duration_seconds", "entries.breathing.technique",
            "entries.breathing.stress_before", "entries.breathing.stress_after", "review.days.breathing",
            "review.days.stress_drop_sum", "review.days.stress_drop_count")),
    Shared("Your strength experiments: the strength you chose (including any you named yourself), the planned "
           "date, how you expected it to go (0 to 10), where each one stands, the day you did it and how you "
           "rated it, and whether you noted what you learned.",
           ("entries.experiment.strength", "entries.experiment.planned_for", "entries.experiment.prediction_rating",
            "entries.experiment.status", "entries.experiment.outcome.done_on",
            "entries.experiment.outcome.outcome_rating", "review.experiments.strength",
            "review.experiments.planned_for", "review.experiments.prediction_rating", "review.experiments.status",
            "review.experiments.done_on", "review.experiments.outcome_rating", "review.experiments.learned_something")),
    Shared("Your goals and their micro-steps: the titles, target and due dates, the order of the steps, which "
           "steps you've done and when, and the next step.",
           ("goals.title", "goals.target_date", "goals.steps_done", "goals.steps_total",
            *(f"goals.{steps}.{name}" for steps in ("steps", "next_step")
              for name in ("title", "due_on", "position")), "goals.steps.done_on")),
    Shared("Your answers to the questionnaires your therapist asks you to fill in (PHQ-9 and GAD-7): each "
           "answer, the day you gave it, the scores and how they changed; an answer above \"Not at all\" to the "
           "PHQ-9's last question is shown first, as something to talk about together.",
           ("clients.measures", "clients.moment_to_ask_about.date", "clients.moment_to_ask_about.kind",
            "clients.moment_to_ask_about.text", "review.measures", "review.moments_to_ask_about.kind",
            "measures_fhir")),
    Shared("Whether you took each suggestion your therapist made (as it was, or with changes of your own) or "
           "let it go, and when; what you took becomes your own goal, step or experiment, shared as those are.",
           ("suggestions.items.state", "suggestions.items.changed", "suggestions.items.answered_at",
            "suggestions.items.taken_as")),
    Shared("That you added something to talk about at your next session, and when (and which entry it is "
           "about).",
           ("review.agenda.added_on", "review.agenda.about")),
    Shared("Your micro-wins, and the days you marked as away.",
           ("review.wins.rule", "review.wins.occurred_on", "review.wins.message", "review.wins.evidence",
            "clients.wins_not_reviewed", "review.days.away")),
    Shared("Gentle patterns, such as a few days without a check-in, offered as something to talk about "
           "together, never as a mark against you.",
           ("review.engagement_signals", "clients.open_signals")),
)

# The words the client writes: seen only with note sharing on. `NOTES_SWITCH` lists them for the switch.
NOTES_SWITCH = ("what went well, your check-in and mood notes, your experiment plans and predictions, what "
                "happened, what you felt and thought and what you learned, why each goal matters to you, "
                "each step's \"done when\" and notes, and what you'd like to talk about next session")
WORDS = Shared(f"The words you write: {NOTES_SWITCH}.",
               ("entries.checkin.went_well", "entries.checkin.note", "entries.mood.note",
                "entries.experiment.plan", "entries.experiment.prediction",
                *(f"entries.experiment.outcome.{name}" for name in ("what_happened", "sensations", "thoughts",
                                                                    "learned")),
                "review.experiments.learned", "goals.why", "goals.steps.done_when", "goals.steps.note",
                "goals.next_step.done_when", "review.agenda.text"))

# The safety plan: its own choice, made on the plan (`share_with_therapists`, off unless the client turns
# it on), apart from note sharing. Seen whole while shared; otherwise the route says only that it is private.
SAFETY_PLAN = Shared("Your safety plan, every step of it with the names and phone numbers in it, because you "
                     "chose to share it on the plan. You can stop sharing it there at any time.",
                     ("safety_plan.plan",))
SAFETY_PLAN_KEPT = ("Your safety plan. It stays yours unless you choose to share it on the plan itself.")

# Answer fields that are no part of the client's record: the link, the window asked for, the
# therapist's own marks, identifiers and the marker that words are kept private.
NOT_THE_CLIENTS_RECORD: dict[str, str] = {
    "clients.client_uid": "the link", "review.client_uid": "the link", "clients.share_notes": "the link",
    "review.share_notes": "the link", "clients.linked_at": "the link",
    "review.since": "the window asked for", "review.until": "the window asked for",
    "review.entries_path": "the window asked for",
    "review.wins.reviewed": "the therapist's own mark", "review.wins.reviewed_at": "the therapist's own mark",
    "review.wins.review_note": "the therapist's own mark",
    "review.moments_to_ask_about.acknowledged": "the therapist's own mark",
    "clients.moment_to_ask_about.acknowledged": "the therapist's own mark",
    "review.moments_to_ask_about.acknowledged_at": "the therapist's own mark",
    **{path: "an identifier" for path in (*_every_entry("id", "kind"), "review.experiments.id", "review.wins.id",
                                          "goals.id", "goals.steps.id", "goals.next_step.id")},
    **{path: "says that words are kept private" for path in (*_every_entry("notes_hidden"), "goals.notes_hidden")},
    "entries.next_cursor": "paging", "goals.next_cursor": "paging",
    "review.since_session": "the window asked for", "review.next_session": "the therapist's own plan",
    "review.agenda.id": "an identifier", "review.agenda.talked_about_on": "the therapist's own mark", "review.agenda.text_shared": "says whether words are kept private",
    **{f"suggestions.items.{name}": "the therapist's own suggestion"
       for name in ("id", "kind", "therapist_uid", "suggested_by", "created_at", "goal_id", "goal", "step",
                    "experiment")},
    "safety_plan.shared": "says whether the plan is kept private",
    "safety_plan.message": "says whether the plan is kept private",
}


def _words_of(answer: str) -> tuple[str, ...]:
    prefix = f"{answer}."
    return tuple(path.removeprefix(prefix) for path in WORDS.covers if path.startswith(prefix))


# Words the client wrote, by kind, as the statement's `WORDS` names them. A dotted path reaches into a
# nested dict ("outcome") or into every item of a nested list ("steps" of a goal view).
FREE_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    **{kind: _words_of(f"entries.{kind}") for kind in ENTRY_KINDS},
    STEP: tuple(path.removeprefix("steps.") for path in _words_of("goals") if path.startswith("steps.")),
    GOAL: _words_of("goals"),
}


def visible_to_therapist(entry_view: dict[str, Any], kind: str, share_notes: bool) -> dict[str, Any]:
    """A copy of `entry_view` as the therapist may see it.

    Without note sharing, every free-text field present is set to None and `notes_hidden: True`
    is added (only for kinds that have free text). An unknown kind is refused, never passed on.
    """
    if kind not in FREE_TEXT_FIELDS:
        raise ValueError(f"unknown entry kind: {kind!r}")
    view = deepcopy(entry_view)
    if share_notes or not FREE_TEXT_FIELDS[kind]:
        return view
    for path in FREE_TEXT_FIELDS[kind]:
        _hide(view, path)
    view["notes_hidden"] = True
    return view


def _hide(view: dict[str, Any], path: str) -> None:
    head, _, rest = path.partition(".")
    if head not in view:
        return
    if not rest:
        view[head] = None
        return
    inner = view[head]
    for item in inner if isinstance(inner, list) else [inner]:
        if isinstance(item, dict):
            _hide(item, rest)


_NEVER_SEEN = ["Your email address or any sign-in details."]


def sharing_statement(share_notes: bool, plan_shared: bool = False) -> dict[str, Any]:
    """What the therapist will and will not see, in the client's terms, for linking or a change;
    `plan_shared` is the safety plan's own setting."""
    sees = ([line.text for line in ALWAYS_SHARED] + ([WORDS.text] if share_notes else [])
            + ([SAFETY_PLAN.text] if plan_shared else []))
    does_not_see = (_NEVER_SEEN + ([] if share_notes else [WORDS.text + " These stay yours unless "
                                                           "you choose to share them."])
                    + ([] if plan_shared else [SAFETY_PLAN_KEPT]))
    summary = ("Your therapist will see your dates, ratings and practice, and the words you write."
               if share_notes else
               "Your therapist will see your dates, ratings and practice, but not the words you write.")
    return {
        "share_notes": share_notes,
        "summary": summary,
        "therapist_sees": sees,
        "therapist_does_not_see": does_not_see,
        "notes_switch": NOTES_SWITCH,
        "your_choices": [
            "You can turn note sharing on or off at any time.",
            "You can unlink from your therapist at any time, and they stop seeing your records.",
            "You can share your safety plan, or stop sharing it, on the plan itself.",
        ],
        "not_real_time": ("Your therapist looks at this before your sessions, not as it happens. "
                          "This app is not a crisis service: if you need help urgently, contact "
                          "your local emergency number or a crisis line."),
    }
