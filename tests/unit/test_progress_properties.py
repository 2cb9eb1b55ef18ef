"""Properties: arrival order, retries, corrections and time zones never change the outcome."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from stepping_stones.domain.records import (
    AwayPeriod,
    BreathingPractice,
    CheckIn,
    Experiment,
    ExperimentOutcome,
    Goal,
    MoodEntry,
    Step,
)
from stepping_stones.domain.summary import summarize
from stepping_stones.domain.summary_state import (
    apply_away,
    apply_delete,
    apply_goal,
    apply_put,
    earliest_affected,
    empty_state,
    prune,
    recompute,
)
from stepping_stones.domain.vocabularies import BREATHING_TECHNIQUES
from stepping_stones.domain.wins import (
    derive_wins,
    derive_wins_window,
    horizon_start,
    moved_before,
    reconcile,
    stamp,
    wins_since,
    within,
)
from tests.support.builders import a_breathing, a_checkin

FIRST = date(2026, 3, 2)
DAYS = 60
offsets = st.integers(0, DAYS - 1)
stress = st.one_of(st.tuples(st.integers(2, 10), st.integers(0, 6)), st.tuples(st.integers(0, 10), st.none()),
                   st.just((None, None)))  # (before, after): mostly both, often easing


def on(offset: int) -> date:
    return FIRST + timedelta(days=offset)


def at(offset: int, hour: int) -> datetime:
    return datetime.combine(on(offset), time(hour), ZoneInfo("Europe/Berlin"))


@st.composite
def records(draw):
    """Entries and away periods of one client over about 60 days, each with its own id.

    Check-ins, moods and breathing come in runs (a start, a length, a level) so that
    streaks, steady weeks, stress drops and mood lifts all happen, not only scattered days.
    """
    moods_by_day = {}
    for first, length, mood in draw(st.lists(st.tuples(offsets, st.integers(1, 16), st.integers(1, 5)), max_size=4)):
        moods_by_day.update({d: mood for d in range(first, min(first + length, DAYS)) if d not in moods_by_day})
    items = [CheckIn(f"c{d}", on(d), mood) for d, mood in moods_by_day.items()]
    for r, (first, length, rating) in enumerate(draw(st.lists(st.tuples(offsets, st.integers(1, 9), st.integers(1, 5)),
                                                             max_size=3))):
        items += [MoodEntry(f"m{r}.{d}", at(d, 12), on(d), rating) for d in range(first, min(first + length, DAYS))]
    runs = st.tuples(offsets, st.integers(1, 10), st.integers(1, 2), st.integers(30, 900), stress,
                     st.sampled_from(BREATHING_TECHNIQUES))
    for r, (first, length, every, seconds, (before, after), technique) in enumerate(draw(st.lists(runs, max_size=3))):
        for i, d in enumerate(range(first, min(first + length * every, DAYS), every)):
            hour = (7 + 5 * i) % 24
            items.append(BreathingPractice(f"b{r}.{i}", at(d, hour), on(d), seconds, technique, before, after))
    plans = st.tuples(offsets, st.sampled_from(["bravery", "zest", "custom:a/b"]),
                      st.one_of(st.none(), st.integers(-2, 5)), st.booleans(), st.one_of(st.none(), st.integers(0, 10)))
    for i, (d, strength, done_after, learned, predicted) in enumerate(draw(st.lists(plans, max_size=6))):
        outcome = None if done_after is None else ExperimentOutcome(
            on(max(0, d + done_after)), "it went", 3, learned="I can" if learned else None)
        items.append(Experiment(id=f"e{i}", strength=strength, plan="plan", prediction="guess",
                                prediction_rating=predicted, planned_for=on(d), outcome=outcome))
    for i, (d, length) in enumerate(draw(st.lists(st.tuples(offsets, st.integers(0, 6)), max_size=3))):
        items.append(AwayPeriod(f"a{i}", on(d), on(d + length)))
    return items


@st.composite
def goals(draw, goal_id):
    done_days = draw(st.lists(st.one_of(st.none(), offsets), max_size=3))
    steps = tuple(Step(f"s{i}", "step", "done when", done_on=None if d is None else on(d))
                  for i, d in enumerate(done_days))
    return Goal(goal_id, "goal", "why", steps=steps)


class Client:
    """Applies changes one at a time, as the storage layer will, keeping earned wins."""

    def __init__(self):
        self.state, self.earned, self.derived_through = empty_state(), {}, None
        self.stored: dict[tuple[str, str], object] = {}
        self.new_wins: list[tuple[str, date]] = []  # (occurred_on, horizon then) of each win new to the client

    def change(self, old, new, change: str, today: date) -> None:
        """As services/summary.record_change: apply, prune, derive within the horizon, reconcile."""
        self.state = prune(_apply(self.state, old, new), today)
        if new is None:
            del self.stored[_key(old)]
        else:
            self.stored[_key(new)] = new
        horizon = horizon_start(today, self.derived_through)
        since = wins_since(earliest_affected(old, new), self.derived_through, horizon)
        earned = within(self.earned, horizon, lambda kept: kept[0])
        derived, earlier = derive_wins_window(self.state, since, today, among=earned)
        moved = moved_before(earned, earlier)
        to_add, to_retract = reconcile(earned, derived, change, since=since, earlier=earlier)
        self.new_wins += [(w["occurred_on"], horizon) for k, w in to_add.items() if k not in earned]
        self.earned = {k: w for k, w in earned.items() if k not in to_retract and k not in moved} | {
            k: stamp(w) for k, w in to_add.items()}
        self.derived_through = max(d for d in (today, self.derived_through) if d)

    def put(self, record, today: date) -> None:
        old = self.stored.get(_key(record))
        self.change(old, record, "addition" if old is None else "correction", today)

    def recomputed(self):
        kept = list(self.stored.values())
        return recompute([r for r in kept if not isinstance(r, (Goal, AwayPeriod))],
                         [r for r in kept if isinstance(r, Goal)], [r for r in kept if isinstance(r, AwayPeriod)],
                         as_of=self.derived_through)


def stamps_within(wins, today: date) -> dict:
    """What the summary keeps of these wins: stamps of those within the horizon."""
    return within({k: stamp(w) for k, w in wins.items()}, horizon_start(today, None), lambda kept: kept[0])


def _key(record) -> tuple[str, str]:
    return type(record).__name__, record.id


def arriving_in_any_order(data, last_day: int) -> tuple[Client, date]:
    """A client that took drawn records in a drawn order, on days 20 to `last_day`; and its today."""
    items = data.draw(records())
    arrival = data.draw(st.permutations(items))
    clock = sorted(data.draw(st.lists(st.integers(20, last_day), min_size=len(items), max_size=len(items))))
    client = Client()
    for record, day in zip(arrival, clock, strict=True):
        client.put(record, on(day))
    return client, on(clock[-1]) if clock else on(DAYS)


def _apply(state, old, new):
    record = new or old
    if isinstance(record, AwayPeriod):
        return apply_away(state, old, new)
    if isinstance(record, Goal):
        return apply_goal(state, old, new)
    return apply_put(state, old, new) if new is not None else apply_delete(state, old)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_arrival_order_gives_the_state_summary_and_wins_of_all_the_facts(data):
    client, today = arriving_in_any_order(data, last_day=70)
    everything = client.recomputed()
    assert client.state == everything
    assert summarize(client.state, today) == summarize(everything, today)
    assert client.earned == stamps_within(derive_wins(everything, today), today)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_entries_arriving_after_the_horizon_bring_no_old_win_and_leave_the_recent_ones_as_in_order(data):
    """Arrival spread over 200 days: a fact dated before the wins horizon still counts in the
    state, but brings no win dated before the horizon, and the summary keeps the wins of the
    horizon exactly as all the facts give them."""
    client, today = arriving_in_any_order(data, last_day=200)
    everything = client.recomputed()
    assert client.state == everything
    assert client.earned == stamps_within(derive_wins(everything, today), today)
    assert all(occurred_on >= horizon.isoformat() for occurred_on, horizon in client.new_wins)


@settings(max_examples=200, deadline=None)
@given(items=records(), today=st.integers(0, 70))
def test_putting_the_same_entry_again_changes_nothing(items, today):
    client = Client()
    for record in items:
        client.put(record, on(today))
    state, earned = client.state, client.earned
    for record in items:
        client.change(record, record, "addition", on(today))
        assert (client.state, client.earned) == (state, earned)


def _corrected(record, offset: int, value: int):
    """The same record, moved or changed: check-ins keep their date, one per date being given."""
    if isinstance(record, CheckIn):
        return replace(record, mood=value)
    if isinstance(record, MoodEntry):
        return replace(record, local_date=on(offset), rating=value)
    if isinstance(record, BreathingPractice):
        return replace(record, local_date=on(offset), started_at=at(offset, value), stress_after=value - 1,
                       technique=BREATHING_TECHNIQUES[value % len(BREATHING_TECHNIQUES)])
    if isinstance(record, Experiment):
        return replace(record, planned_for=on(offset), strength=["bravery", "zest", "hope"][value % 3],
                       prediction_rating=None if value == 5 else value)
    return replace(record, start=on(offset), end=on(offset + value))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_after_puts_corrections_and_deletions_the_state_is_what_remains_and_wins_stay_earned(data):
    pool = data.draw(records()) + [data.draw(goals(f"g{i}")) for i in range(2)]
    operations = st.tuples(st.sampled_from(["put", "correct", "delete"]), st.integers(0, len(pool) - 1),
                           offsets, st.integers(1, 5))
    client, today = Client(), on(data.draw(st.integers(20, 250)))  # after day ~130, the first days are archived
    for operation, index, offset, value in data.draw(st.lists(operations, max_size=60)):
        record = pool[index]
        stored = client.stored.get(_key(record))
        if operation == "put" or stored is None:
            client.put(record if stored is None else stored, today)
        elif operation == "delete":
            client.change(stored, None, "deletion", today)
        elif isinstance(record, Goal):
            client.change(stored, data.draw(goals(record.id)), "correction", today)
        else:
            client.change(stored, _corrected(stored, offset, value), "correction", today)
    remaining = client.recomputed()
    assert client.state == remaining
    assert summarize(client.state, today) == summarize(remaining, today)
    assert client.earned.items() >= stamps_within(derive_wins(remaining, today), today).items()


DST_CHANGES = {"Europe/Berlin": date(2026, 3, 29), "Pacific/Auckland": date(2026, 4, 5)}


@settings(max_examples=200, deadline=None)
@given(zone=st.sampled_from(sorted(DST_CHANGES)), today_offset=st.integers(-10, 10),
       practices=st.lists(st.tuples(st.integers(-20, 10), st.integers(0, 23), st.integers(0, 59), st.booleans()),
                          max_size=40))
def test_summaries_count_by_the_local_dates_given_across_a_dst_change(zone, today_offset, practices):
    change, tz = DST_CHANGES[zone], ZoneInfo(zone)
    entries = []
    for day_offset, hour, minute, fold in practices:
        local = datetime.combine(change + timedelta(days=day_offset), time(hour, minute, fold=int(fold)), tz)
        entries.append(a_breathing(on=local.date(), at=local))
    today = change + timedelta(days=today_offset)
    summary = summarize(recompute(entries), today)
    local_dates = [entry.local_date for entry in entries]
    monday = today - timedelta(days=today.weekday())
    week_ago = today - timedelta(days=6)
    assert summary["counts"]["last_7_days"]["breathing"] == sum(week_ago <= d <= today for d in local_dates)
    assert summary["breathing"]["this_week"]["sessions"] == sum(monday <= d <= today for d in local_dates)
    assert summary["breathing"]["last_week"]["sessions"] == sum(
        monday - timedelta(days=7) <= d < monday for d in local_dates)


def daily_in(zone: str, first: date, n: int, hour: int):
    tz, entries = ZoneInfo(zone), []
    for i in range(n):
        local = datetime.combine(first + timedelta(days=i), time(hour), tz)
        entries += [a_checkin(on=local.date()), a_breathing(on=local.date(), at=local)]
    return entries


def test_a_berlin_week_across_the_spring_change_has_seven_days_neither_skipped_nor_doubled():
    state = recompute(daily_in("Europe/Berlin", date(2026, 3, 23), 9, hour=1))  # Mon 23 to Tue 31
    summary = summarize(state, date(2026, 3, 31))
    assert summary["breathing"]["last_week"]["sessions"] == 7
    assert summary["breathing"]["this_week"]["sessions"] == 2
    assert summary["counts"]["last_7_days"]["checkin"] == 7
    assert summary["checkin_streak"] == {"current": 9, "longest": 9}


def test_an_auckland_morning_counts_on_its_local_date_not_the_utc_one():
    entries = daily_in("Pacific/Auckland", date(2026, 3, 30), 8, hour=8)  # Mon 30 Mar to Mon 6 Apr
    assert entries[-1].started_at.astimezone(ZoneInfo("UTC")).date() == date(2026, 4, 5)
    summary = summarize(recompute(entries), date(2026, 4, 6))
    assert summary["breathing"]["this_week"]["sessions"] == 1
    assert summary["breathing"]["last_week"]["sessions"] == 7
    assert summary["checkin_streak"]["current"] == 8
