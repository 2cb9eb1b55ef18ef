"""PHQ-9 and GAD-7 as published: wording, answers and LOINC codes, one definition a measure (docs/measures.md)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DIFFICULTY", "FREE_USE_NOTICE", "FREQUENCY", "GAD7", "LOINC", "MEASURES", "PHQ9", "PHQ9_DIFFICULTY",
           "PHQ9_ITEM9", "Answer", "Item", "Measure"]

LOINC = "http://loinc.org"
FREE_USE_NOTICE = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute."
)


@dataclass(frozen=True)
class Answer:
    text: str
    code: str  # LOINC answer (LA) code
    score: int | None  # the ordinal value the published scoring adds up; None where the answer is not scored


@dataclass(frozen=True)
class Item:
    code: str  # LOINC question code, also the item's linkId (as "/<code>", like the US Core examples)
    text: str
    answers: tuple[Answer, ...]
    answer_list: str  # LOINC answer list (LL) the answers come from
    scored: bool = True


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    title: str
    panel_code: str
    panel_display: str
    total_code: str
    total_display: str
    stem: str
    items: tuple[Item, ...]  # scored items first, in the published order, then any unscored item
    notice: str = FREE_USE_NOTICE

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    @property
    def questionnaire(self) -> str:
        """The LOINC form's canonical URL, as FHIR QuestionnaireResponse.questionnaire."""
        return f"{LOINC}/q/{self.panel_code}"

    def item(self, code: str) -> Item | None:
        return next((item for item in self.items if item.code == code), None)


# The published content (wording, answers, LOINC codes) is data, in instruments.json beside this module:
# answer list LL358-3 holds the 0-3 answers of every PHQ-9 and GAD-7 item; LL359-1 the PHQ-9's "how difficult"
# answers, which carry no score (LOINC lists none) and are not part of the total.
_PUBLISHED = json.loads(Path(__file__).with_name("instruments.json").read_text(encoding="utf-8"))
ANSWER_LISTS = {code: tuple(Answer(**answer) for answer in answers)
                for code, answers in _PUBLISHED["answer_lists"].items()}
FREQUENCY_LIST, DIFFICULTY_LIST = "LL358-3", "LL359-1"
FREQUENCY, DIFFICULTY = ANSWER_LISTS[FREQUENCY_LIST], ANSWER_LISTS[DIFFICULTY_LIST]


def _measure(definition: dict) -> Measure:
    items = tuple(Item(item["code"], item["text"], ANSWER_LISTS[item["answers"]], item["answers"],
                       item.get("scored", True)) for item in definition["items"])
    return Measure(**{**definition, "items": items})


MEASURES = {definition["key"]: _measure(definition) for definition in _PUBLISHED["measures"]}
PHQ9, GAD7 = MEASURES["phq9"], MEASURES["gad7"]
PHQ9_ITEM9 = "44260-8"  # thoughts of being better off dead or of self-harm: its answer shows crisis lines
PHQ9_DIFFICULTY = "69722-7"  # the unscored "how difficult" item
