"""The between-session review: client status, window, mood trend, engagement signals and counts."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepping_stones.domain import review, summary
from stepping_stones.domain.experiments import VIA_STRENGTHS
from stepping_stones.domain.review import client_status, default_window
from stepping_stones.domain.summary import summarize
from stepping_stones.domain.summary_state import first_day, read_timeline, recompute
from tests.support.builders import a_breathing, a_checkin, a_goal, a_mood, a_step, an_experiment, away, day, days

SINCE, UNTIL = day("2026-03-01"), day("2026-03-20")


# The review reads the client's progress state; these build it from records.

def state_of(checkins=(), moods=(), experiments=(), away_periods=(), breathing=(), goals=()):
    return recompute([*checkins, *moods, *breathing, *experiments], list(goals), list(away_periods))


def engagement_signals(checkins, moods, experiments, away_periods, since, until):
    return review.engagement_signals(read_timeline(state_of(checkins, moods, experiments, away_periods)),
                                     since, until)


def daily_mood_series(checkins, moods, since, until):
    return review.daily_mood_series(read_timeline(state_of(checkins, moods)), since, until)


def mood_vs_baseline(checkins, moods, until):
    return summary.mood_vs_baseline(read_timeline(state_of(checkins, moods)), until.toordinal())


def window_counts(checkins, breathing, experiments, goals, away_periods, since, until):
    state = state_of(checkins, (), experiments, away_periods, breathing, goals)
    return review.window_counts(read_timeline(state), first_day(state), since, until)
BANNED = ("missed", "fail", "non-compliant", "noncompliant", "compliance", "lazy", "should")


def checkins_on(*dates, mood=3):
    return [a_checkin(on=d, mood=mood) for d in dates]


def every_day_but(*skipped, first=SINCE, last=UNTIL, mood=3):
    skipped = {day(d) for d in skipped}
    return [a_checkin(on=d, mood=mood) for d in days(first.isoformat(), (last - first).days + 1) if d not in skipped]


def signals(checkins=(), moods=(), experiments=(), away_periods=(), since=SINCE, until=UNTIL):
    return engagement_signals(checkins, moods, experiments, away_periods, since, until)


def of_type(kind, found):
    return [signal for signal in found if signal["type"] == kind]


# Client status

@pytest.mark.parametrize(("days_ago", "status"), [
    (0, "active"), (1, "active"), (2, "active"), (3, "quiet"), (7, "quiet"), (8, "inactive"), (40, "inactive"),
])
def test_status_follows_how_many_days_ago_the_client_was_last_active(days_ago, status):
    assert client_status(UNTIL - timedelta(days=days_ago), UNTIL, away_today=False) == status


def test_a_client_never_active_is_inactive():
    assert client_status(None, UNTIL, away_today=False) == "inactive"


@pytest.mark.parametrize("last_active", [None, UNTIL, UNTIL - timedelta(days=30)])
def test_a_client_in_away_time_is_away_whatever_their_last_activity(last_active):
    assert client_status(last_active, UNTIL, away_today=True) == "away"


def test_activity_dated_tomorrow_by_a_phone_ahead_of_midnight_counts_as_active():
    assert client_status(UNTIL + timedelta(days=1), UNTIL, away_today=False) == "active"


# The default window

def test_the_window_runs_from_the_last_session_to_today():
    assert default_window(day("2026-03-05"), UNTIL) == (day("2026-03-05"), UNTIL)


def test_without_a_session_the_window_is_the_last_14_days_including_today():
    assert default_window(None, UNTIL) == (day("2026-03-07"), UNTIL)
    assert default_window(None, UNTIL, fallback_days=7) == (day("2026-03-14"), UNTIL)


def test_a_session_dated_after_today_falls_back_to_the_last_14_days():
    assert default_window(UNTIL + timedelta(days=2), UNTIL) == (day("2026-03-07"), UNTIL)


# Mood

def test_the_daily_series_averages_check_in_moods_and_mood_ratings_and_skips_empty_days():
    series = daily_mood_series(
        checkins_on("2026-03-02", mood=4) + checkins_on("2026-03-05", mood=7),
        [a_mood(on="2026-03-02", rating=5), a_mood(on="2026-03-02", rating=6), a_mood(on="2026-02-28", rating=1)],
        SINCE, UNTIL)
    assert series == [{"date": "2026-03-02", "mean": 5.0, "count": 3},
                      {"date": "2026-03-05", "mean": 7.0, "count": 1}]


def test_the_daily_series_rounds_means_to_two_places_and_keeps_the_window_ends():
    series = daily_mood_series(checkins_on("2026-03-01", mood=1) + checkins_on("2026-03-20", mood=2),
                               [a_mood(on="2026-03-01", rating=1), a_mood(on="2026-03-01", rating=2)],
                               SINCE, UNTIL)
    assert series == [{"date": "2026-03-01", "mean": 1.33, "count": 3},
                      {"date": "2026-03-20", "mean": 2.0, "count": 1}]


def test_mood_against_baseline_uses_the_last_7_and_28_days_ending_on_until():
    checkins = checkins_on("2026-03-14", "2026-03-20", mood=6) + checkins_on("2026-02-21", "2026-03-13", mood=2)
    moods = [a_mood(on="2026-02-20", rating=9), a_mood(on="2026-02-21", rating=1), a_mood(on="2026-03-21", rating=9)]
    assert mood_vs_baseline(checkins, moods, UNTIL) == {
        "mean_7_days": 6.0, "count_7_days": 2, "baseline_28_days": 3.4, "count_28_days": 5}


def test_mood_against_baseline_agrees_with_the_clients_own_summary():
    checkins = checkins_on(*days("2026-02-10", 20, step=2), mood=5)
    moods = [a_mood(on=d, rating=r) for d, r in zip(days("2026-02-15", 12, step=3), range(12), strict=True)]
    summary = summarize(recompute([*checkins, *moods]), UNTIL)
    assert mood_vs_baseline(checkins, moods, UNTIL) == summary["mood"]


def test_mood_against_baseline_with_no_values_gives_none_and_zero_counts():
    assert mood_vs_baseline([], [], UNTIL) == {
        "mean_7_days": None, "count_7_days": 0, "baseline_28_days": None, "count_28_days": 0}


# Check-in gaps

def test_two_days_without_a_check_in_are_not_a_signal():
    assert signals(every_day_but("2026-03-05", "2026-03-06")) == []


def test_three_days_without_a_check_in_are_a_signal_with_those_dates():
    assert signals(every_day_but("2026-03-05", "2026-03-06", "2026-03-07")) == [{
        "type": "checkin_gap", "dates": ["2026-03-05", "2026-03-06", "2026-03-07"],
        "text": "No check-ins from 5 to 7 March — a possible thread to explore together.",
    }]


def test_a_gap_still_open_at_the_end_of_the_window_counts():
    found = signals(every_day_but(last=day("2026-03-16")))
    assert found == [{"type": "checkin_gap", "dates": ["2026-03-17", "2026-03-18", "2026-03-19", "2026-03-20"],
                      "text": "No check-ins from 17 to 20 March — a possible thread to explore together."}]


def test_a_gap_at_the_start_of_the_window_counts_and_days_before_it_do_not():
    found = signals(checkins_on("2026-02-20") + every_day_but(first=day("2026-03-04")))
    assert [s["dates"] for s in found] == [["2026-03-01", "2026-03-02", "2026-03-03"]]


def test_away_days_are_not_gap_days():
    found = signals(every_day_but("2026-03-05", "2026-03-06", "2026-03-07"),
                    away_periods=[away("2026-03-06", "2026-03-06")])
    assert found == []


def test_away_days_inside_a_gap_neither_end_it_nor_lengthen_it():
    found = signals(every_day_but(*days("2026-03-05", 6)), away_periods=[away("2026-03-06", "2026-03-08")])
    assert found == [{
        "type": "checkin_gap", "dates": ["2026-03-05", "2026-03-09", "2026-03-10"],
        "text": "No check-ins on 3 days from 5 to 10 March (3 away days not counted) "
                "— a possible thread to explore together.",
    }]


def test_a_check_in_on_an_away_day_ends_a_gap():
    checkins = every_day_but(*days("2026-03-05", 4))
    found = signals(checkins + checkins_on("2026-03-06"), away_periods=[away("2026-03-06", "2026-03-06")])
    assert found == []


def test_a_whole_window_of_away_days_gives_no_gap():
    assert signals(away_periods=[away("2026-02-25", "2026-03-25")]) == []


def test_a_gap_across_two_months_names_both():
    found = signals(every_day_but("2026-02-27", "2026-02-28", "2026-03-01", first=day("2026-02-20")),
                    since=day("2026-02-20"))
    assert found[0]["text"] == "No check-ins from 27 February to 1 March — a possible thread to explore together."


def test_a_gap_across_the_new_year_names_the_years():
    found = signals(every_day_but(*days("2025-12-30", 4), first=day("2025-12-20"), last=day("2026-01-10")),
                    since=day("2025-12-20"), until=day("2026-01-10"))
    assert found[0]["text"].startswith("No check-ins from 30 December 2025 to 2 January 2026")


def test_check_ins_after_the_window_do_not_close_a_gap_inside_it():
    found = signals(every_day_but(last=day("2026-03-17")) + checkins_on("2026-03-21"))
    assert of_type("checkin_gap", found)[0]["dates"] == ["2026-03-18", "2026-03-19", "2026-03-20"]


# Experiments that have no outcome yet

def test_an_experiment_planned_three_days_before_until_is_not_yet_a_signal():
    assert signals(every_day_but(), experiments=[an_experiment(planned_for="2026-03-17")]) == []


def test_an_experiment_planned_four_days_before_until_without_an_outcome_is_a_signal():
    found = signals(every_day_but(), experiments=[an_experiment(planned_for="2026-03-16")])
    assert found == [{
        "type": "experiment_lapsed", "dates": ["2026-03-16"],
        "text": "The bravery experiment planned for 16 March has no outcome noted yet "
                "— you might explore together how it went or what came up.",
    }]


def test_an_experiment_with_an_outcome_is_never_a_signal():
    done = an_experiment(planned_for="2026-03-02", done_on="2026-03-19")
    assert signals(every_day_but(), experiments=[done]) == []


def test_an_experiment_planned_before_the_window_is_left_to_the_earlier_review():
    assert signals(every_day_but(), experiments=[an_experiment(planned_for="2026-02-28")]) == []


def test_strength_names_are_written_as_words_and_the_clients_own_labels_in_quotes():
    found = signals(every_day_but(), experiments=[
        an_experiment(planned_for="2026-03-02", strength="love_of_learning"),
        an_experiment(planned_for="2026-03-03", strength="custom:calling my sister")])
    assert [s["text"].split(" planned")[0] for s in found] == [
        "The love of learning experiment", "The “calling my sister” experiment"]


# Mood below its usual level

def baseline_then(low_days, first_low="2026-03-01", usual=4, low=2):
    usual_moods = [a_mood(on=d, rating=usual) for d in days("2026-02-20", 9)]
    return usual_moods + [a_mood(on=d, rating=low) for d in days(first_low, low_days)]


def test_four_days_below_baseline_are_not_a_signal():
    moods = baseline_then(4) + [a_mood(on="2026-03-05", rating=4)]
    assert signals(every_day_but(mood=4), moods) == []


def test_five_days_below_baseline_are_a_signal_with_those_dates():
    found = of_type("mood_below_baseline", signals(moods=baseline_then(5), checkins=[]))
    assert found == [{
        "type": "mood_below_baseline", "dates": [d.isoformat() for d in days("2026-03-01", 5)],
        "text": "Mood was below this client's 28-day average each day from 1 to 5 March "
                "— something to be curious about together.",
    }]


def test_a_day_without_a_mood_value_breaks_the_run():
    moods = baseline_then(3) + [a_mood(on=d, rating=2) for d in days("2026-03-05", 3)]
    assert of_type("mood_below_baseline", signals(moods=moods)) == []


def test_a_day_exactly_at_baseline_breaks_the_run():
    moods = [a_mood(on=d, rating=3) for d in days("2026-02-20", 20)]
    assert of_type("mood_below_baseline", signals(moods=moods)) == []


def test_days_whose_baseline_rests_on_fewer_than_five_values_are_not_compared():
    moods = [a_mood(on=d, rating=5) for d in days("2026-03-01", 2)]
    moods += [a_mood(on=d, rating=1) for d in days("2026-03-03", 7)]
    found = of_type("mood_below_baseline", signals(moods=moods))
    assert [s["dates"] for s in found] == [[d.isoformat() for d in days("2026-03-05", 5)]]


def test_check_in_moods_count_towards_daily_means_and_baseline():
    checkins = checkins_on(*days("2026-02-20", 9), mood=4) + checkins_on(*days("2026-03-01", 5), mood=2)
    assert len(of_type("mood_below_baseline", signals(checkins=checkins))) == 1


def test_signals_are_ordered_by_their_first_date():
    found = signals(every_day_but("2026-03-10", "2026-03-11", "2026-03-12", mood=4), baseline_then(5),
                    [an_experiment(planned_for="2026-03-08")])
    assert [(s["type"], s["dates"][0]) for s in found] == [
        ("mood_below_baseline", "2026-03-01"), ("experiment_lapsed", "2026-03-08"), ("checkin_gap", "2026-03-10")]


def test_signals_are_plain_json():
    found = signals([], baseline_then(5), [an_experiment(planned_for="2026-03-08")])
    assert json.loads(json.dumps(found)) == found and len(found) == 3


# Properties over any records

def records(draw):
    since = day("2026-03-01") + timedelta(days=draw(st.integers(0, 10)))
    until = since + timedelta(days=draw(st.integers(0, 40)))
    offsets = st.integers(-35, (until - since).days + 3)

    def at(offset):
        return since + timedelta(days=offset)

    checkin_days = draw(st.sets(offsets, max_size=40))
    checkins = [a_checkin(on=at(o), mood=draw(st.integers(0, 10))) for o in sorted(checkin_days)]
    moods = [a_mood(on=at(o), rating=r) for o, r in draw(st.lists(st.tuples(offsets, st.integers(0, 10)), max_size=40))]
    strengths = st.sampled_from([*VIA_STRENGTHS, "custom:calling my sister"])
    experiments = [an_experiment(planned_for=at(o), strength=s, done_on=at(o + d) if d is not None else None)
                   for o, s, d in draw(st.lists(st.tuples(offsets, strengths, st.none() | st.integers(0, 5)),
                                                max_size=8))]
    away_periods = [away(at(o).isoformat(), at(o + n).isoformat())
                    for o, n in draw(st.lists(st.tuples(offsets, st.integers(0, 6)), max_size=3))]
    return checkins, moods, experiments, away_periods, since, until


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_signals_do_not_depend_on_the_order_records_arrive_in(data):
    checkins, moods, experiments, away_periods, since, until = records(data.draw)
    shuffled = [data.draw(st.permutations(items)) for items in (checkins, moods, experiments, away_periods)]
    assert engagement_signals(*shuffled, since, until) == \
        engagement_signals(checkins, moods, experiments, away_periods, since, until)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_every_signal_rests_on_dates_inside_the_window(data):
    *entries, since, until = records(data.draw)
    for signal in engagement_signals(*entries, since, until):
        assert signal["dates"]
        assert all(since <= date.fromisoformat(d) <= until for d in signal["dates"])
        assert signal["dates"] == sorted(signal["dates"])


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_no_signal_is_worded_as_failure_or_non_compliance(data):
    *entries, since, until = records(data.draw)
    for signal in engagement_signals(*entries, since, until):
        text = signal["text"].lower()
        assert not any(word in text for word in BANNED), text
        assert "together" in text


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_gap_days_are_never_check_in_or_away_days_and_runs_are_long_enough(data):
    checkins, moods, experiments, away_periods, since, until = records(data.draw)
    checked = {c.local_date.isoformat() for c in checkins}
    away_days = {(p.start + timedelta(days=i)).isoformat()
                 for p in away_periods for i in range((p.end - p.start).days + 1)}
    found = engagement_signals(checkins, moods, experiments, away_periods, since, until)
    for signal in of_type("checkin_gap", found):
        assert len(signal["dates"]) >= 3 and not set(signal["dates"]) & (checked | away_days)
    assert all(len(s["dates"]) >= 5 for s in of_type("mood_below_baseline", found))


# Counts over the window

def test_window_counts_summarize_practice_experiments_steps_and_goals():
    since, until = day("2026-03-01"), day("2026-03-10")
    checkins = checkins_on("2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04",
                           "2026-03-06", "2026-03-07", "2026-03-11")
    breathing = [a_breathing(on="2026-03-02", minutes=5, before=6, after=3), a_breathing(on="2026-03-03", minutes=10),
                 a_breathing(on="2026-03-09", seconds=150, before=5, after=4),
                 a_breathing(on="2026-02-27", minutes=20, before=9, after=1)]
    experiments = [an_experiment(planned_for="2026-03-02", done_on="2026-03-03", learned="They were kind"),
                   an_experiment(planned_for="2026-03-02"),
                   an_experiment(planned_for="2026-03-08"),
                   an_experiment(planned_for="2026-02-25", done_on="2026-03-01", learned="   "),
                   an_experiment(planned_for="2026-02-20"),
                   an_experiment(planned_for="2026-03-20")]
    goals = [a_goal(a_step("2026-03-02"), a_step("2026-03-09")),
             a_goal(a_step("2026-02-20"), a_step("2026-03-03")),
             a_goal(a_step("2026-03-05"), a_step()),
             a_goal(a_step("2026-02-10"), a_step("2026-02-11")),
             a_goal()]
    counts = window_counts(checkins, breathing, experiments, goals, [away("2026-03-04", "2026-03-05")], since, until)
    assert counts == {
        "days": 10,
        "away_days": 2,
        "checkins": {"count": 6, "adherence_percent": 66.7},
        "breathing": {"count": 3, "minutes": 17.5, "avg_stress_drop": 2.0, "sessions_with_stress": 2},
        "experiments": {"planned": 1, "done": 2, "lapsed": 1, "with_learned": 1},
        "steps_done": 4,
        "goals_completed": 2,
    }


def test_window_counts_with_nothing_logged_show_zeroes_and_no_averages():
    assert window_counts([], [], [], [], [], SINCE, UNTIL) == {
        "days": 20, "away_days": 0,
        "checkins": {"count": 0, "adherence_percent": None},  # a new client is not shown 0 %
        "breathing": {"count": 0, "minutes": 0.0, "avg_stress_drop": None, "sessions_with_stress": 0},
        "experiments": {"planned": 0, "done": 0, "lapsed": 0, "with_learned": 0},
        "steps_done": 0, "goals_completed": 0,
    }


def test_adherence_counts_from_the_clients_first_day_not_the_start_of_the_window():
    counts = window_counts(every_day_but("2026-03-15", first=day("2026-03-07")), [], [], [], [], SINCE, UNTIL)
    assert counts["checkins"] == {"count": 13, "adherence_percent": 92.9}  # 13 of the 14 days since starting


def test_adherence_is_none_when_every_day_of_the_window_was_away_time():
    counts = window_counts(checkins_on("2026-01-30"), [], [], [], [away("2026-02-01", "2026-03-31")], SINCE, UNTIL)
    assert counts["checkins"]["adherence_percent"] is None and counts["away_days"] == 20


def test_an_experiment_is_lapsed_only_more_than_three_days_after_its_planned_date():
    experiments = [an_experiment(planned_for="2026-03-16"), an_experiment(planned_for="2026-03-17")]
    counts = window_counts([], [], experiments, [], [], SINCE, UNTIL)["experiments"]
    assert counts == {"planned": 1, "done": 0, "lapsed": 1, "with_learned": 0}


def test_days_before_a_client_began_are_no_gap_in_their_check_ins():
    started_today = state_of(checkins_on(UNTIL))
    assert of_type("checkin_gap", review.engagement_signals(
        read_timeline(started_today), SINCE, UNTIL, first_day(started_today))) == []
    started_earlier = state_of(checkins_on(SINCE, UNTIL))
    gaps = of_type("checkin_gap", review.engagement_signals(
        read_timeline(started_earlier), SINCE, UNTIL, first_day(started_earlier)))
    assert [(gap["dates"][0], gap["dates"][-1]) for gap in gaps] == [
        ((SINCE + timedelta(days=1)).isoformat(), (UNTIL - timedelta(days=1)).isoformat())]
