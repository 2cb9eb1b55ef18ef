"""The bounds' counts come from the summary state, archived years included, without reading any history."""
from __future__ import annotations

from datetime import date

from stepping_stones.domain import bounds, limits
from stepping_stones.domain import summary_state as facts
from stepping_stones.domain.records import Experiment, Goal, Step


def a_goal(goal_id, steps=(), done_on=None):
    return Goal(id=goal_id, title="t", why="w", target_date=None,
                steps=tuple(Step(id=s, title="t", done_when="d", due_on=None, position=0, done_on=done_on, note=None)
                            for s in steps))


def an_experiment(experiment_id, planned_for):
    return Experiment(id=experiment_id, strength="hope", plan="p", prediction="q", planned_for=planned_for, outcome=None)


def test_goals_and_experiments_moved_into_the_archive_still_count_towards_their_bounds():
    old_day = date(2024, 1, 10)
    goals = [a_goal(f"g{i}", steps=["s"], done_on=old_day) for i in range(3)]
    experiments = [an_experiment(f"x{i}", old_day) for i in range(4)]
    state = facts.recompute(experiments, goals, as_of=date(2026, 3, 10))

    assert state["archive"] is not None and not state["goals"] and not state["old_goals"]
    assert limits.goal_count(state) == 3
    assert limits.experiment_count(state) == 4
    assert limits.experiments_planned_on(state, old_day) == 4


def test_a_summary_archived_before_the_carry_counted_goals_is_counted_from_its_archive():
    state = facts.recompute([], [a_goal(f"g{i}", steps=["s"], done_on=date(2024, 1, 10)) for i in range(2)],
                            as_of=date(2026, 3, 10))
    state["carry"] = {key: value for key, value in state["carry"].items() if key != "goals"}

    assert limits.goal_count(state) == 2


def test_a_goal_passes_its_step_bound_only_by_a_new_step():
    full = a_goal("g", steps=[f"s{i}" for i in range(bounds.STEPS_PER_GOAL.limit)])
    one_more = a_goal("g", steps=[*(s.id for s in full.steps), "extra"])

    assert limits.bound_passed(facts.empty_state(), full, one_more) is bounds.STEPS_PER_GOAL
    assert limits.bound_passed(facts.empty_state(), full, full) is None


def test_each_bound_is_named_and_documented_with_a_reason():
    assert len({(bound.name, bound.per) for bound in bounds.ALL}) == len(bounds.ALL)
    assert all(bound.limit > 0 and bound.reason for bound in bounds.ALL)
