"""The measures as a FHIR R4 Bundle, validated by a real FHIR library (fhir.resources, R4B models), codes asserted."""
from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from stepping_stones.domain.fhir import ORDINAL_VALUE, full_url, measures_bundle
from stepping_stones.domain.measures import GAD7, PHQ9

MODELS = {"Patient": Patient, "QuestionnaireResponse": QuestionnaireResponse, "Observation": Observation}


def an_administration(measure, values, *, id_="adm-1", authored="2026-03-02T09:15:00+01:00", **extra) -> dict:
    return {"id": id_, "measure": measure.key, "authored": authored,
            "answers": {item.code: value for item, value in zip(measure.items, values, strict=False)}, **extra}


def validated(bundle: dict) -> dict:
    """Every resource through its own model and the whole bundle through Bundle; answers the bundle."""
    for entry in bundle["entry"]:
        MODELS[entry["resource"]["resourceType"]].model_validate(entry["resource"])
    Bundle.model_validate(bundle)
    return bundle


def resources(bundle: dict, kind: str) -> list[dict]:
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def test_a_complete_phq9_becomes_a_completed_response_and_a_survey_total_observation_derived_from_it():
    phq9 = an_administration(PHQ9, [2, 2, 2, 2, 1, 1, 2, 0, 0, 1])  # + "somewhat difficult"
    bundle = validated(measures_bundle("client-1", [phq9], timestamp="2026-03-03T10:00:00Z"))
    assert bundle["type"] == "collection"
    [response] = resources(bundle, "QuestionnaireResponse")
    [observation] = resources(bundle, "Observation")
    response_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is response)
    assert response["status"] == "completed"
    assert response["questionnaire"] == "http://loinc.org/q/44249-1"
    assert [item["linkId"] for item in response["item"]] == [
        "/44250-9", "/44255-8", "/44259-0", "/44254-1", "/44251-7", "/44258-2", "/44252-5", "/44253-3", "/44260-8",
        "/69722-7", "/44261-6"]
    first = response["item"][0]["answer"][0]["valueCoding"]
    assert (first["system"], first["code"], first["display"]) == ("http://loinc.org", "LA6570-1",
                                                                   "More than half the days")
    assert first["extension"] == [{"url": ORDINAL_VALUE, "valueDecimal": 2}]
    difficulty = response["item"][9]["answer"][0]["valueCoding"]
    assert difficulty["code"] == "LA6573-5" and "extension" not in difficulty  # LL359-1 answers carry no score
    assert response["item"][10]["answer"] == [{"valueDecimal": 12}]
    assert observation["code"]["coding"][0] == {
        "system": "http://loinc.org", "code": "44261-6",
        "display": "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"}
    assert observation["category"][0]["coding"][0]["code"] == "survey"
    assert observation["status"] == "final"
    assert observation["valueQuantity"] == {"value": 12, "unit": "{score}", "system": "http://unitsofmeasure.org",
                                            "code": "{score}"}
    assert observation["effectiveDateTime"] == phq9["authored"]
    assert observation["derivedFrom"] == [{"reference": response_url}]


def test_a_gad7_total_is_observed_with_loinc_70274_6_and_its_answers_carry_ll358_3_codes():
    bundle = validated(measures_bundle("client-1", [an_administration(GAD7, [3, 3, 3, 3, 3, 3, 3])]))
    [response] = resources(bundle, "QuestionnaireResponse")
    [observation] = resources(bundle, "Observation")
    assert response["questionnaire"] == "http://loinc.org/q/69737-5"
    assert {item["answer"][0]["valueCoding"]["code"] for item in response["item"][:7]} == {"LA6571-9"}
    assert observation["code"]["coding"][0]["code"] == "70274-6"
    assert observation["valueQuantity"]["value"] == 21


def test_an_incomplete_answer_is_in_progress_with_no_total_and_no_observation():
    draft = an_administration(PHQ9, [1, 1, 1])
    bundle = validated(measures_bundle("client-1", [draft]))
    [response] = resources(bundle, "QuestionnaireResponse")
    assert response["status"] == "in-progress"
    assert [item["linkId"] for item in response["item"]] == ["/44250-9", "/44255-8", "/44259-0"]
    assert resources(bundle, "Observation") == []


def test_the_patient_holds_no_name_unless_one_is_shared_and_never_an_email():
    anonymous = validated(measures_bundle("client-1", []))
    [person] = resources(anonymous, "Patient")
    assert person == {"resourceType": "Patient"}
    named = validated(measures_bundle("client-1", [an_administration(GAD7, [0] * 7)], shared_name="Kai"))
    [person] = resources(named, "Patient")
    assert person["name"] == [{"text": "Kai"}]
    assert "@" not in str(named) and "telecom" not in person


def test_every_reference_points_at_an_entry_of_the_bundle():
    bundle = validated(measures_bundle("client-1", [an_administration(PHQ9, [0] * 9, id_="a"),
                                                    an_administration(GAD7, [1] * 7, id_="b")]))
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    assert all(url.startswith("urn:uuid:") for url in urls) and len(urls) == 5
    for resource in resources(bundle, "QuestionnaireResponse") + resources(bundle, "Observation"):
        assert resource["subject"]["reference"] == full_url("Patient", "client-1")
    for observation in resources(bundle, "Observation"):
        assert observation["derivedFrom"][0]["reference"] in urls


def test_the_same_administrations_give_the_same_bundle():
    administrations = [an_administration(GAD7, [2] * 7)]
    assert measures_bundle("client-1", administrations) == measures_bundle("client-1", administrations)
    assert full_url("Patient", "client-1") != full_url("Patient", "client-2")


@pytest.mark.parametrize("break_it", [
    lambda response: response["item"][0].pop("linkId"),
    lambda response: response["item"][0].update(code=[{"system": "http://loinc.org", "code": "69725-0"}]),
    lambda response: response.update(authored="yesterday")])
def test_the_fhir_library_refuses_a_response_that_breaks_r4(break_it):
    """The check is real: no linkId, an element R4 has no place for (codes on a response item), a bad date."""
    bundle = measures_bundle("client-1", [an_administration(GAD7, [2] * 7)])
    break_it(bundle["entry"][1]["resource"])
    with pytest.raises(ValueError):
        Bundle.model_validate(bundle)
