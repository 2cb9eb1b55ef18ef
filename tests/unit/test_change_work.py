"""The work of one change does not grow with the number of id-less experiments the summary holds (issue 20).

Work is counted, not timed: each id-less fact in the state is a list that counts every look at it
(an element read, a comparison), so a scan of the facts shows as work proportional to their number.
"""
from __future__ import annotations

from datetime import timedelta

from stepping_stones.domain import summary_state, wins
from stepping_stones.domain.experiments import VIA_STRENGTHS
from tests.support.builders import an_experiment, day

TODAY = day("2026-03-10")


class CountedFact(list):
    looks = 0

    def __getitem__(self, index):
        CountedFact.looks += 1
        return super().__getitem__(index)

    def __eq__(self, other):
        CountedFact.looks += 1
        return super().__eq__(other)

    def __iter__(self):
        CountedFact.looks += 1
        return super().__iter__()

    __hash__ = None


def state_with_planned_experiments(count: int) -> dict:
    """`count` experiments planned over the last 30 days and never done: id-less facts of the recent days."""
    planned = [an_experiment(planned_for=(TODAY - timedelta(days=n % 30)).isoformat(),
                             strength=VIA_STRENGTHS[n % len(VIA_STRENGTHS)], id=f"e{n}") for n in range(count)]
    state = summary_state.recompute(planned, as_of=TODAY)
    assert len(state["old_experiments"]) == count and not state["archive"]
    return {**state, "old_experiments": [CountedFact(fact) for fact in state["old_experiments"]]}


def looks_to_change(state: dict) -> int:
    """Fact looks of what the write path does for a new experiment and for deleting a planned one."""
    CountedFact.looks = 0
    added = an_experiment(planned_for=TODAY.isoformat(), strength="curiosity", id="new")
    state = summary_state.prune(summary_state.apply_put(state, None, added), TODAY)
    wins.derive_wins_window(state, TODAY, TODAY)
    planned_earlier = an_experiment(planned_for=(TODAY - timedelta(days=5)).isoformat(),
                                    strength=VIA_STRENGTHS[5], id="e5")
    state = summary_state.prune(summary_state.apply_delete(state, planned_earlier), TODAY)
    wins.derive_wins_window(state, TODAY - timedelta(days=5), TODAY)
    return CountedFact.looks


def test_a_change_looks_at_about_as_many_id_less_facts_with_a_thousand_of_them_as_with_a_hundred():
    few, many = looks_to_change(state_with_planned_experiments(100)), looks_to_change(state_with_planned_experiments(1000))
    # Bisections: a few more looks per tenfold; a scan would look ten times as often.
    assert many < 2 * few, (few, many)


def test_the_counted_change_gives_the_state_a_recompute_gives():
    state = state_with_planned_experiments(100)
    added = an_experiment(planned_for=TODAY.isoformat(), strength="curiosity", id="new")
    changed = summary_state.prune(summary_state.apply_put(state, None, added), TODAY)
    planned = [an_experiment(planned_for=(TODAY - timedelta(days=n % 30)).isoformat(),
                             strength=VIA_STRENGTHS[n % len(VIA_STRENGTHS)], id=f"e{n}") for n in range(100)]
    assert changed == summary_state.recompute([*planned, added], as_of=TODAY)
