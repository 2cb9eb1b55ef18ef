"""PHQ-9 and GAD-7 as published: wording, answers and LOINC codes, one definition a measure (docs/measures.md)."""
from __future__ import annotations

from dataclasses import dataclass

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


# LOINC answer list LL358-3: the 0-3 answers of every PHQ-9 and GAD-7 item.
FREQUENCY = (
    Answer("Not at all", "LA6568-5", 0),
    Answer("Several days", "LA6569-3", 1),
    Answer("More than half the days", "LA6570-1", 2),
    Answer("Nearly every day", "LA6571-9", 3),
)
FREQUENCY_LIST = "LL358-3"
# LOINC answer list LL359-1: the PHQ-9's "how difficult" answers. They carry no score (LOINC lists none) and are
# not part of the total.
DIFFICULTY = (
    Answer("Not difficult at all", "LA6572-7", None),
    Answer("Somewhat difficult", "LA6573-5", None),
    Answer("Very difficult", "LA6575-0", None),
    Answer("Extremely difficult", "LA6574-3", None),
)
DIFFICULTY_LIST = "LL359-1"


def _frequency(code: str, text: str) -> Item:
    return Item(code, text, FREQUENCY, FREQUENCY_LIST)


PHQ9_ITEM9 = "44260-8"
PHQ9_DIFFICULTY = "69722-7"

PHQ9 = Measure(
    key="phq9",
    name="PHQ-9",
    title="Patient Health Questionnaire (PHQ-9)",
    panel_code="44249-1",
    panel_display="PHQ-9 quick depression assessment panel [Reported.PHQ]",
    total_code="44261-6",
    total_display="Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    items=(
        _frequency("44250-9", "Little interest or pleasure in doing things"),
        _frequency("44255-8", "Feeling down, depressed, or hopeless"),
        _frequency("44259-0", "Trouble falling or staying asleep, or sleeping too much"),
        _frequency("44254-1", "Feeling tired or having little energy"),
        _frequency("44251-7", "Poor appetite or overeating"),
        _frequency("44258-2", "Feeling bad about yourself \u2014 or that you are a failure or have let yourself "
                              "or your family down"),
        _frequency("44252-5", "Trouble concentrating on things, such as reading the newspaper or watching television"),
        _frequency("44253-3", "Moving or speaking so slowly that other people could have noticed? Or the opposite "
                              "\u2014 being so fidgety or restless that you have been moving around a lot more than usual"),
        _frequency(PHQ9_ITEM9, "Thoughts that you would be better off dead or of hurting yourself in some way"),
        Item(PHQ9_DIFFICULTY, "If you checked off any problems, how difficult have these problems made it for you to "
             "do your work, take care of things at home, or get along with other people?",
             DIFFICULTY, DIFFICULTY_LIST, scored=False),
    ),
)

GAD7 = Measure(
    key="gad7",
    name="GAD-7",
    title="Generalized Anxiety Disorder 7-item (GAD-7)",
    panel_code="69737-5",
    panel_display="Generalized anxiety disorder 7 item (GAD-7)",
    total_code="70274-6",
    total_display="Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        _frequency("69725-0", "Feeling nervous, anxious, or on edge"),
        _frequency("68509-9", "Not being able to stop or control worrying"),
        _frequency("69733-4", "Worrying too much about different things"),
        _frequency("69734-2", "Trouble relaxing"),
        _frequency("69735-9", "Being so restless that it is hard to sit still"),
        _frequency("69689-8", "Becoming easily annoyed or irritable"),
        _frequency("69736-7", "Feeling afraid as if something awful might happen"),
    ),
)

MEASURES = {measure.key: measure for measure in (PHQ9, GAD7)}
