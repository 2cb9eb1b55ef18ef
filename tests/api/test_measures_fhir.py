"""The measures leave as a FHIR R4 Bundle, from the therapist's route and the client's own, validated by fhir.resources
(R4B models) with the LOINC codes asserted; the Patient carries no name and no email, and the read is in the log."""
from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from stepping_stones.domain.fhir import ORDINAL_VALUE
from stepping_stones.domain.measures import GAD7, PHQ9, PHQ9_ITEM9

MODELS = {"Patient": Patient, "QuestionnaireResponse": QuestionnaireResponse, "Observation": Observation}


def validated(bundle: dict) -> dict:
    for entry in bundle["entry"]:
        MODELS[entry["resource"]["resourceType"]].model_validate(entry["resource"])
    Bundle.model_validate(bundle)
    return bundle


def of_kind(bundle: dict, kind: str) -> list[dict]:
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def test_a_therapist_and_the_client_read_the_measures_as_a_valid_fhir_collection(linked, therapist, clock):
    linked.put("/v1/me/measures/answers/p1", {"measure": "phq9", "answers": {
        **{item.code: 2 for item in PHQ9.scored_items}, PHQ9_ITEM9: 0}})
    clock.set("2026-03-12T09:00:00+00:00")
    linked.put("/v1/me/measures/answers/g1", {"measure": "gad7", "answers": {item.code: 1 for item in GAD7.items}})
    linked.put("/v1/me/measures/answers/g2", {"measure": "gad7", "answers": {"69725-0": 3}})  # incomplete
    linked.put("/v1/me/measures/answers/s1", {"measure": "phq9", "skipped": True})

    from_therapist = therapist.get(f"/v1/clients/{linked.uid}/measures/fhir")
    from_client = linked.get("/v1/me/measures/fhir")

    assert from_therapist.status_code == from_client.status_code == 200
    for bundle in (validated(from_therapist.json), validated(from_client.json)):
        assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
        (patient,) = of_kind(bundle, "Patient")
        assert patient == {"resourceType": "Patient"}  # no name, no email, no identifier
        responses = of_kind(bundle, "QuestionnaireResponse")
        assert [(r["questionnaire"], r["status"]) for r in responses] == [
            ("http://loinc.org/q/44249-1", "completed"), ("http://loinc.org/q/69737-5", "completed"),
            ("http://loinc.org/q/69737-5", "in-progress")]  # the skip is no administration
        first_item = responses[0]["item"][0]
        assert first_item["linkId"] == "/44250-9"
        coding = first_item["answer"][0]["valueCoding"]
        assert (coding["system"], coding["code"]) == ("http://loinc.org", "LA6570-1")
        assert coding["extension"] == [{"url": ORDINAL_VALUE, "valueDecimal": 2}]
        observations = of_kind(bundle, "Observation")
        assert [(o["code"]["coding"][0]["code"], o["valueQuantity"]["value"]) for o in observations] == [
            ("44261-6", 16), ("70274-6", 7)]
        for observation in observations:
            assert observation["category"][0]["coding"][0]["code"] == "survey"
            (derived,) = observation["derivedFrom"]
            assert derived["reference"] in {e["fullUrl"] for e in bundle["entry"]
                                            if e["resource"]["resourceType"] == "QuestionnaireResponse"}
        text = str(bundle)
        assert linked.uid not in text and "Sam" not in text and "@" not in text
    reads = [r["what"] for r in linked.get("/v1/me/access-log").json["items"]]
    assert reads.count("measures (FHIR)") == 1


def test_an_unlinked_therapist_gets_no_bundle(linked, new_user):
    assert new_user("therapist").get(f"/v1/clients/{linked.uid}/measures/fhir").status_code == 404
