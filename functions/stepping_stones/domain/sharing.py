"""What a linked therapist may see of a client's records, and the plain statement of it."""
from __future__ import annotations

from copy import deepcopy
from typing import Any

from stepping_stones.domain.records import BREATHING, CHECKIN, EXPERIMENT, MOOD

STEP, GOAL = "step", "goal"

# Words the client wrote, by entry kind. A dotted path reaches into a nested dict ("outcome")
# or into every item of a nested list ("steps" of a goal view).
FREE_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    CHECKIN: ("went_well", "note"),
    MOOD: ("note",),
    BREATHING: (),
    EXPERIMENT: ("plan", "prediction", "outcome.what_happened", "outcome.sensations",
                 "outcome.thoughts", "outcome.learned"),
    STEP: ("note",),
    GOAL: ("steps.note",),
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


_ALWAYS_SEEN = [
    "The dates you were active, and how many check-ins, mood entries and practices you logged.",
    "Your check-in ratings (mood, energy, sleep) and your mood ratings with the emotions you picked.",
    "Your breathing practices: when, for how long, and your stress before and after.",
    ("Your strength experiments: the strength you chose (including any you named yourself), "
     "the planned date, where each one stands, and whether you noted what you learned."),
    ("Your goals (their titles and why they matter to you) and their micro-steps, "
     "including which steps you've done."),
    "Your micro-wins, and the days you marked as away.",
    "That you added something to talk about at your next session, and when (and which entry it is about).",
    ("Gentle patterns, such as a few days without a check-in, offered as something to talk "
     "about together, never as a mark against you."),
]
_YOUR_WORDS = ("The words you write: your notes, what went well, your experiment plans, "
               "predictions and reflections, notes on your steps, and what you'd like to talk about next session.")
_NEVER_SEEN = ["Your email address or any sign-in details."]


def sharing_statement(share_notes: bool) -> dict[str, Any]:
    """What the therapist will and will not see, in the client's terms, for linking or a change."""
    sees = _ALWAYS_SEEN + ([_YOUR_WORDS] if share_notes else [])
    does_not_see = _NEVER_SEEN + ([] if share_notes else [_YOUR_WORDS + " These stay yours unless "
                                                          "you choose to share them."])
    summary = ("Your therapist will see your dates, ratings and practice, and the words you write."
               if share_notes else
               "Your therapist will see your dates, ratings and practice, but not the words you write.")
    return {
        "share_notes": share_notes,
        "summary": summary,
        "therapist_sees": sees,
        "therapist_does_not_see": does_not_see,
        "your_choices": [
            "You can turn note sharing on or off at any time.",
            "You can unlink from your therapist at any time, and they stop seeing your records.",
        ],
        "not_real_time": ("Your therapist looks at this before your sessions, not as it happens. "
                          "This app is not a crisis service: if you need help urgently, contact "
                          "your local emergency number or a crisis line."),
    }
