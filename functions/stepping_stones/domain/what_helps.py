"""What helps me: the client's own patterns over the last year, each shown only past an honest minimum.

Every rule reads the summary state's days and experiment facts of the last WINDOW_DAYS days (the archive
is decoded when the window reaches it: a bounded year of cells, whatever the length of history). The
words describe what was logged side by side, never a cause ("on days you did...", "after..."), and a
rule below its minimum says how many more practices, days or experiments it needs, nothing more.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from stepping_stones.domain.experiments import strength_name
from stepping_stones.domain.summary_state import State, away_days, rating_change, unarchived
from stepping_stones.domain.summary_state.layout import DayCell, day_cells, stress_drop
from stepping_stones.domain.vocabularies import BREATHING_TECHNIQUES
from stepping_stones.domain.wording import counted

WINDOW_DAYS = 366  # a year and a day: the chart's year and every rule's window
MIN_RATED = 3  # rated practices of one technique before its stress change is shown
MIN_DAYS = 3  # days with a mood logged, with a practice and without, before the two are set side by side
MIN_COMPARED = 3  # experiments with both ratings before predictions are set against outcomes
MIN_TESTED = 1  # experiments with an outcome before tested strengths are listed
MAX_STRENGTHS = 24  # strengths listed (most tested first); the rest are counted
TECHNIQUE_NAMES = {"box": "box breathing", "4-7-8": "4-7-8 breathing", "paced": "paced breathing",
                   "physiological_sigh": "physiological sighs", "other": "other breathing practices"}


def what_helps(state: State, today: date) -> dict:
    """Every rule's result over the year ending `today`, and the year's mood a day for the chart."""
    last = today.toordinal()
    first = last - WINDOW_DAYS + 1
    if state["boundary"] is not None and first < state["boundary"]:
        state = unarchived(state)
    cells = dict(day_cells(state, first, last))
    facts = [fact for fact in (*state["experiments"].values(), *state["old_experiments"])
             if fact[2] is not None and first <= fact[2] <= last]
    away = away_days(state)
    return {
        "first": date.fromordinal(first), "last": today,
        "stress_by_technique": stress_by_technique(cells.values()),
        "mood_and_practice": mood_and_practice(cells.values()),
        "strengths": strengths_tested(facts),
        "predictions": predictions_and_outcomes(facts),
        "days": [{"date": date.fromordinal(day), "mood": day_mood(cells.get(day)), "away": day in away}
                 for day in range(first, last + 1)],
    }


def day_mood(cell: DayCell | None) -> float | None:
    """The average of a day's check-in mood and mood ratings, to one decimal; None with neither."""
    if cell is None:
        return None
    total, count = cell.mood_total()
    return round(total / count, 1) if count else None


def stress_by_technique(cells) -> dict:
    """Each technique practised with stress rated: its average change once it has MIN_RATED practices."""
    drops: dict[int, list[int]] = {}
    for cell in cells:
        for key, number in cell.rated():
            if number:  # practices stored before techniques were kept are left out
                drops.setdefault(number, []).append(stress_drop(key))
    items = []
    for number, technique in enumerate(BREATHING_TECHNIQUES, start=1):
        if number in drops:
            items.append(_technique_item(technique, drops[number]))
    text = None if items else (f"Rate your stress before and after a breathing practice: after {MIN_RATED} "
                               "practices of one kind, this shows how your ratings changed.")
    return {"items": items, "text": text}


def _technique_item(technique: str, drops: list[int]) -> dict:
    name, count = TECHNIQUE_NAMES[technique], len(drops)
    needs = max(0, MIN_RATED - count)
    if needs:
        more = counted(needs, "more practice", "more practices")
        return {"technique": technique, "practices": count, "needs": needs, "average_drop": None,
                "text": f"{name.capitalize()}: {more} with stress rated before and after, "
                        "and this shows how your ratings changed."}
    average = round(sum(drops) / count, 1)
    if average > 0:
        change = f"was on average {average:g} {_points(average)} lower than before"
    elif average < 0:
        change = f"was on average {-average:g} {_points(average)} higher than before"
    else:
        change = "was on average the same as before"
    return {"technique": technique, "practices": count, "needs": 0, "average_drop": average,
            "text": f"After {name}, your stress rating {change} ({counted(count, 'practice', 'practices')})."}


def mood_and_practice(cells) -> dict:
    """Mood on days with a breathing practice against days without, once there are MIN_DAYS of each."""
    with_practice: list[float] = []
    without: list[float] = []
    for cell in cells:
        mood = day_mood(cell)
        if mood is not None:
            (with_practice if cell.sessions else without).append(mood)
    needs_with, needs_without = max(0, MIN_DAYS - len(with_practice)), max(0, MIN_DAYS - len(without))
    result = {"days_with": len(with_practice), "days_without": len(without), "needs_with": needs_with,
              "needs_without": needs_without, "mood_with": None, "mood_without": None}
    if needs_with or needs_without:
        parts = [counted(needs_with, "more day", "more days") + " with a breathing practice" if needs_with else "",
                 counted(needs_without, "more day", "more days") + (" without one" if needs_with else
                                                                    " without a practice") if needs_without else ""]
        return {**result, "text": "Your mood on days with and without a breathing practice shows here after "
                                  f"{' and '.join(part for part in parts if part)}, with a mood logged."}
    mood_with = round(sum(with_practice) / len(with_practice), 1)
    mood_without = round(sum(without) / len(without), 1)
    return {**result, "mood_with": mood_with, "mood_without": mood_without,
            "text": f"On days you did a breathing practice, your mood averaged {mood_with:.1f}; on other days, "
                    f"{mood_without:.1f} ({len(with_practice)} and {len(without)} days)."}


def strengths_tested(facts: list) -> dict:
    """The strengths of experiments with an outcome, most tested first (at most MAX_STRENGTHS)."""
    counts = Counter(fact[0] for fact in facts)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], strength_name(item[0])))
    items = [{"strength": strength, "name": strength_name(strength), "experiments": count}
             for strength, count in ranked[:MAX_STRENGTHS]]
    needs = max(0, MIN_TESTED - len(facts))
    if needs:
        text = "When you note how an experiment went, the strength it tested appears here."
    else:
        text = ("Strengths you tested in the past year: "
                + ", ".join(f"{item['name']} ({item['experiments']})" for item in items)
                + (f", and {len(ranked) - MAX_STRENGTHS} more." if len(ranked) > MAX_STRENGTHS else "."))
    return {"items": items, "more": max(0, len(ranked) - MAX_STRENGTHS), "needs": needs, "text": text}


def predictions_and_outcomes(facts: list) -> dict:
    """How often an outcome rating was above, at or below its prediction rating, over the experiments
    with both ratings (one without a prediction rating is simply not compared)."""
    changes = [change for change in (rating_change(fact) for fact in facts) if change is not None]
    higher = sum(1 for change in changes if change > 0)
    same = sum(1 for change in changes if change == 0)
    lower = len(changes) - higher - same
    needs = max(0, MIN_COMPARED - len(changes))
    result = {"compared": len(changes), "higher": higher, "same": same, "lower": lower, "needs": needs}
    if needs:
        more = counted(needs, "more experiment", "more experiments")
        return {**result, "text": f"Your predictions set beside how things went appear after {more} "
                                  "with both a prediction rating and an outcome rating."}
    return {**result, "text": f"In {higher} of {len(changes)} experiments with both ratings, you rated how it went "
                              f"higher than you had predicted; {same} the same, {lower} lower."}


def _points(value: float) -> str:
    return "point" if abs(value) == 1 else "points"
