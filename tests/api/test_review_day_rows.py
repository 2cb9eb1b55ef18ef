"""The review's per-date rows, which the therapist page's calendar, breathing weeks and mood band are drawn from."""
from __future__ import annotations

import pytest

from tests.support.bodies import a_breathing, a_checkin, a_mood
from tests.support.therapy import link

pytestmark = pytest.mark.emulator


def test_the_review_has_one_row_per_date_agreeing_with_its_counts(client_with_profile, new_user):
    therapist = new_user("therapist")
    link(client_with_profile, therapist)
    for on in ("2026-03-02", "2026-03-03", "2026-03-08"):
        client_with_profile.put(f"/v1/checkins/c-{on}", a_checkin(on=on, mood=5))
    client_with_profile.put("/v1/breathing/b", a_breathing(stress_before=7, stress_after=4))
    client_with_profile.put("/v1/moods/first", a_mood(at="2026-03-01T09:00:00+01:00"))  # the client's first day

    review = therapist.get(f"/v1/clients/{client_with_profile.uid}/review?since=2026-03-01&until=2026-03-10").json

    days = review["days"]
    assert [d["date"] for d in days][::9] == ["2026-03-01", "2026-03-10"] and len(days) == 10
    assert [d["date"] for d in days if d["checked_in"]] == ["2026-03-02", "2026-03-03", "2026-03-08"]
    assert sum(d["checked_in"] for d in days) == review["counts"]["checkins"]["count"]
    assert sum(d["breathing"] for d in days) == review["counts"]["breathing"]["count"] == 1
    assert [d["stress_drop_sum"] for d in days if d["breathing"]] == [3]
    assert all(d["baseline_low"] is None for d in days)  # four mood values: too few for a band
