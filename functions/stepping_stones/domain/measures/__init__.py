"""The standard measures (PHQ-9, GAD-7): the instruments as data, and their scoring as pure functions."""
from .instruments import (
                          DIFFICULTY,
                          FREE_USE_NOTICE,
                          FREQUENCY,
                          GAD7,
                          LOINC,
                          MEASURES,
                          PHQ9,
                          PHQ9_DIFFICULTY,
                          PHQ9_ITEM9,
                          Answer,
                          Item,
                          Measure,
)
from .scoring import (
                          BANDS,
                          CASENESS,
                          RELIABLE_CHANGE,
                          Change,
                          Score,
                          UnknownMeasure,
                          answer_problems,
                          band,
                          course_change,
                          is_case,
                          item9_positive,
                          measure,
                          reliable_change,
                          score,
)

__all__ = [
    "DIFFICULTY", "FREE_USE_NOTICE", "FREQUENCY", "GAD7", "LOINC", "MEASURES", "PHQ9", "PHQ9_DIFFICULTY",
    "PHQ9_ITEM9", "Answer", "Item", "Measure", "BANDS", "CASENESS", "RELIABLE_CHANGE", "Change", "Score",
    "UnknownMeasure", "answer_problems", "band", "course_change", "is_case", "item9_positive", "measure",
    "reliable_change", "score",
]
