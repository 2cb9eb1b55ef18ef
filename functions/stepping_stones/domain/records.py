"""Plain, immutable records of what clients log; every other domain module works on these."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

CHECKIN = "checkin"
MOOD = "mood"
BREATHING = "breathing"
EXPERIMENT = "experiment"
ENTRY_KINDS = (CHECKIN, MOOD, BREATHING, EXPERIMENT)


@dataclass(frozen=True)
class CheckIn:
    id: str
    local_date: date
    mood: int
    energy: int | None = None
    sleep_hours: float | None = None
    went_well: str | None = None
    note: str | None = None
    kind: str = field(default=CHECKIN, init=False)


@dataclass(frozen=True)
class MoodEntry:
    id: str
    at: datetime  # timezone-aware, as the phone sent it
    local_date: date  # the date at the offset the phone sent
    rating: int
    emotions: tuple[str, ...] = ()
    intensity: int | None = None
    note: str | None = None
    kind: str = field(default=MOOD, init=False)


@dataclass(frozen=True)
class BreathingPractice:
    id: str
    started_at: datetime  # timezone-aware
    local_date: date
    duration_seconds: int
    technique: str
    stress_before: int | None = None
    stress_after: int | None = None
    kind: str = field(default=BREATHING, init=False)


@dataclass(frozen=True)
class ExperimentOutcome:
    done_on: date
    what_happened: str
    outcome_rating: int
    sensations: str | None = None
    thoughts: str | None = None
    learned: str | None = None


@dataclass(frozen=True, kw_only=True)  # keywords only: the optional rating sits among required fields
class Experiment:
    id: str
    strength: str  # a VIA strength id or "custom:<label>"
    plan: str
    prediction: str
    prediction_rating: int | None = None
    planned_for: date
    outcome: ExperimentOutcome | None = None
    kind: str = field(default=EXPERIMENT, init=False)

    @property
    def local_date(self) -> date:
        return self.planned_for


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    done_when: str
    position: int = 0
    due_on: date | None = None
    done_on: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Goal:
    id: str
    title: str
    why: str
    target_date: date | None = None
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class AwayPeriod:
    id: str
    start: date  # inclusive, the client's local date
    end: date  # inclusive


Entry = CheckIn | MoodEntry | BreathingPractice | Experiment
RECORD_TYPES: dict[str, type[Entry]] = {
    CHECKIN: CheckIn, MOOD: MoodEntry, BREATHING: BreathingPractice, EXPERIMENT: Experiment}
