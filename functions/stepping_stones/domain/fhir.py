"""Measures as a FHIR R4 Bundle (type collection): QuestionnaireResponses, total-score Observations and a Patient.

Plain dicts in, plain dicts out, modelled on the US Core PHQ-9 examples. An administration is
{"id", "measure": "phq9"|"gad7", "answers": {item code: 0-3}, "authored": ISO date-time}. Ids inside the bundle
are urn:uuid values derived from the administration's own id, so the same export gives the same bundle twice.
The Patient holds no email and no identifier, and a name only when the client chose one to share.
"""
from __future__ import annotations

import uuid
from typing import Any

from .measures import LOINC, measure, score

ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
# A fixed namespace so a urn:uuid is a pure function of what it names.
NAMESPACE = uuid.UUID("6f1c1f1e-8d7a-4c5e-9b8a-2f5d7c3e9a10")


def full_url(kind: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def measures_bundle(patient_key: str, administrations: list[dict], *, shared_name: str | None = None,
                    timestamp: str | None = None) -> dict:
    """One Patient, one QuestionnaireResponse per administration, one Observation per complete administration."""
    patient_url = full_url("Patient", patient_key)
    entries = [{"fullUrl": patient_url, "resource": patient(shared_name)}]
    for administration in administrations:
        response_url = full_url("QuestionnaireResponse", administration["id"])
        entries.append({"fullUrl": response_url, "resource": questionnaire_response(administration, patient_url)})
        observation = total_observation(administration, patient_url, response_url)
        if observation is not None:
            entries.append({"fullUrl": full_url("Observation", administration["id"]), "resource": observation})
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    if timestamp:
        bundle["timestamp"] = timestamp
    return bundle


def patient(shared_name: str | None) -> dict:
    resource: dict[str, Any] = {"resourceType": "Patient"}
    if shared_name and shared_name.strip():
        resource["name"] = [{"text": shared_name.strip()}]
    return resource


def questionnaire_response(administration: dict, patient_url: str) -> dict:
    """Completed when every scored item is answered, in-progress otherwise; the total as an item when scored."""
    definition = measure(administration["measure"])
    answers = administration["answers"]
    result = score(definition.key, answers)
    items = []
    for item in definition.items:
        value = answers.get(item.code)
        if value is None:
            continue
        choice = item.answers[value]
        coding = {"system": LOINC, "code": choice.code, "display": choice.text}
        if choice.score is not None:
            coding["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": choice.score}]
        items.append({"linkId": f"/{item.code}", "text": item.text, "answer": [{"valueCoding": coding}]})
    if result.complete:
        items.append({"linkId": f"/{definition.total_code}", "text": definition.total_display,
                      "answer": [{"valueDecimal": result.total}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": definition.questionnaire,
        "status": "completed" if result.complete else "in-progress",
        "subject": {"reference": patient_url},
        "authored": administration["authored"],
        "item": items,
    }


def total_observation(administration: dict, patient_url: str, response_url: str) -> dict | None:
    """The total score as a survey Observation derived from its response; None for an incomplete answer."""
    definition = measure(administration["measure"])
    result = score(definition.key, administration["answers"])
    if not result.complete:
        return None
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [{"system": LOINC, "code": definition.total_code, "display": definition.total_display}],
                 "text": definition.total_display},
        "subject": {"reference": patient_url},
        "effectiveDateTime": administration["authored"],
        "valueQuantity": {"value": result.total, "unit": "{score}", "system": UCUM, "code": "{score}"},
        "derivedFrom": [{"reference": response_url}],
    }
