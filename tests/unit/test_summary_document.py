"""The summary document's encoding: today's round trip, and version 1 read as today's format."""
from __future__ import annotations

import json
from datetime import date, timedelta

from stepping_stones.domain import summary_state, wins
from stepping_stones.storage.summary import Summary, readable_summary
from tests.support.builders import a_checkin, a_mood, day

TODAY = day("2026-03-31")


def test_a_summary_with_an_archive_round_trips_through_the_stored_document():
    entries = [a_checkin(on=TODAY - timedelta(days=i)) for i in range(300)]
    state = summary_state.recompute(entries, as_of=TODAY)
    earned = {w: wins.stamp(win) for w, win in wins.derive_wins_since(state, TODAY - timedelta(days=60), TODAY).items()}
    summary = Summary("Europe/Berlin", state, earned, TODAY, "Sam", {w: stamp[0] for w, stamp in earned.items()})
    doc = summary.to_doc()
    assert isinstance(doc["archive"], bytes) and "archive" not in json.loads(doc["state"])
    assert Summary.from_doc(doc) == summary
    assert readable_summary(doc)["archive"]["days"][:2] == [[3], [3]]


def test_a_version_1_document_reads_as_today_s_format_keeping_every_win_notified():
    entries = [a_checkin(on="2026-03-01", id="c1"), a_checkin(on="2026-03-02", id="c2"), a_mood(on="2026-03-02", id="m1")]
    earned = wins.derive_wins(summary_state.recompute(entries), TODAY)
    doc = {"timezone": "Europe/Berlin", "display_name": "Sam", "wins_through": "2026-03-30",
           "state": json.dumps({"version": 1, "checkins": {"2026-03-01": ["c1", 3], "2026-03-02": ["c2", 3]},
                                "moods": {"2026-03-02": {"m1": 3}}, "breathing": {}, "experiments": {},
                                "goals": {}, "away": {}}),
           "earned": json.dumps(earned), "notified": json.dumps([*earned, "welcome-back:2026-03-20"])}

    summary = Summary.from_doc(doc)

    assert summary.state == summary_state.recompute(entries)
    assert summary.earned == {w: wins.stamp(win) for w, win in earned.items()}
    # A retracted win kept only its id: it is kept as of the last day wins were derived.
    assert summary.notified == {**{w: win["occurred_on"] for w, win in earned.items()},
                                 "welcome-back:2026-03-20": "2026-03-30"}
    assert summary.wins_through == date(2026, 3, 30)
