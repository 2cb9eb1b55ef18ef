"""What a therapist reads of a client's measures: each measure's trend, the latest item answers, the list's latest
score and direction, and item-9 answers as moments to ask about. Pure: the measures document in, plain data out."""
from __future__ import annotations

from datetime import date

from .instruments import MEASURES, PHQ9_ITEM9
from .scoring import BANDS, CASENESS, RELIABLE_CHANGE, course_change, score

SOURCE = ("Bands: Kroenke, Spitzer & Williams 2001 (PHQ-9), Spitzer et al. 2006 (GAD-7); reliable change and "
          "caseness: NHS Talking Therapies for anxiety and depression Manual.")


def _answered(doc: dict, key: str) -> list[dict]:
    """This measure's answered questionnaires (not skips), oldest first."""
    return sorted((a for a in doc.get("answers", {}).values() if a["measure"] == key and a["status"] == "answered"),
                  key=lambda a: (a["answered_at"], a["id"]))


def trends(doc: dict, since: date, until: date, assignments: dict) -> list[dict]:
    """Every measure assigned by this therapist (`assignments`: measure -> view) or ever answered: points in the
    window, change against the course's first complete score, the latest administration item by item."""
    result = []
    for key, definition in MEASURES.items():
        answered = _answered(doc, key)
        if not answered and key not in assignments:
            continue
        scored = [(a, score(key, a["answers"])) for a in answered if a["local_date"] <= until.isoformat()]
        points = [{"id": a["id"], "local_date": a["local_date"], "answered_at": a["answered_at"],
                   "complete": s.complete, "total": s.total, "band": s.band, "case": s.case}
                  for a, s in scored if since.isoformat() <= a["local_date"] <= until.isoformat()]
        change = course_change(key, [s.total for _, s in scored])
        result.append({
            "measure": key, "name": definition.name, "assignment": assignments.get(key),
            "bands": [{"low": low, "high": high, "label": label} for low, high, label in BANDS[key]],
            "caseness": CASENESS[key], "reliable_change": RELIABLE_CHANGE[key], "points": points,
            "change": change.__dict__ if change else None,
            "latest": _latest(definition, *scored[-1]) if scored else None, "source": SOURCE,
        })
    return result


def _latest(definition, answer: dict, result) -> dict:
    items = []
    for item in definition.items:
        value = answer["answers"].get(item.code)
        items.append({"code": item.code, "text": item.text, "answer": value,
                      "answer_text": item.answers[value].text if value is not None else None})
    return {"id": answer["id"], "local_date": answer["local_date"], "answered_at": answer["answered_at"],
            "complete": result.complete, "total": result.total, "band": result.band, "items": items}


def latest_scores(doc: dict | None) -> list[dict]:
    """For the client list: each measure's latest complete score and its direction against the one before."""
    rows = []
    for key, definition in MEASURES.items():
        totals = [(a, s) for a in _answered(doc or {}, key) for s in [score(key, a["answers"])] if s.complete]
        if not totals:
            continue
        latest, result = totals[-1]
        total = result.total or 0  # complete, so never None
        before = totals[-2][1].total if len(totals) > 1 else None
        direction = None if before is None else ("lower" if total < before else
                                                 "higher" if total > before else "same")
        rows.append({"measure": key, "name": definition.name, "local_date": latest["local_date"],
                     "total": result.total, "band": result.band, "direction": direction})
    return rows


def item9_moments(doc: dict | None, acknowledged: dict, since: date | None = None) -> list[dict]:
    """PHQ-9 answers with item 9 above 0, newest first: each a moment to ask about before anything else, with
    whether this therapist acknowledged its date. With `since`, acknowledged ones before it are left out."""
    item9 = next(item for item in MEASURES["phq9"].items if item.code == PHQ9_ITEM9)
    moments = []
    for answer in reversed(_answered(doc or {}, "phq9")):
        value = answer["answers"].get(PHQ9_ITEM9)
        if not value:
            continue
        day = answer["local_date"]
        done = acknowledged.get(day)
        if done is not None and since is not None and day < since.isoformat():
            continue
        moments.append({
            "date": day, "kind": "phq9_item9",
            "text": (f"On {date.fromisoformat(day).strftime('%-d %B')}, the PHQ-9's item 9 (thoughts of being better "
                     f"off dead or of hurting oneself) was answered \u201c{item9.answers[value].text}\u201d. Ask about "
                     "this first."),
            "acknowledged": done is not None, "acknowledged_at": (done or {}).get("acknowledged_at"),
        })
    return moments


def item9_on(doc: dict | None, day: date) -> bool:
    """Whether a PHQ-9 answered on this local date has item 9 above 0."""
    return any(a["answers"].get(PHQ9_ITEM9) for a in _answered(doc or {}, "phq9") if a["local_date"] == day.isoformat())
