"""PHQ-9 and GAD-7: a therapist assigns, the client answers or skips (also through /v1/sync), both read FHIR."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.measures import (
    AnswerInputSchema,
    AnswerSchema,
    AssignmentInputSchema,
    AssignmentSchema,
    ClientMeasuresSchema,
    FhirBundleSchema,
)
from ..services import measures
from .context import CLIENT, THERAPIST, now, store
from .contract import endpoint

blueprint = Blueprint("measures", __name__, url_prefix="/v1")


@blueprint.put("/clients/<client_uid>/measures/<measure>")
@endpoint(role=THERAPIST, body=AssignmentInputSchema, response=AssignmentSchema, errors=(404,))
def assign_measure(uid, client_uid, measure, body):
    """Assign a measure to a linked client (once, weekly, fortnightly or before each session), or change its rhythm."""
    return measures.assign(store(), uid, client_uid, measure, body, now())


@blueprint.delete("/clients/<client_uid>/measures/<measure>")
@endpoint(role=THERAPIST, statuses=(204,), errors=(404,))
def stop_measure(uid, client_uid, measure):
    """Stop asking this client for a measure you assigned (answers given stay)."""
    measures.unassign(store(), uid, client_uid, measure, now())
    return None, 204


@blueprint.get("/clients/<client_uid>/measures/fhir")
@endpoint(role=THERAPIST, response=FhirBundleSchema, errors=(404,))
def client_measures_fhir(uid, client_uid):
    """A linked client's measures as a FHIR R4 Bundle (QuestionnaireResponses and total-score Observations)."""
    return measures.fhir_for_therapist(store(), uid, client_uid, now())


@blueprint.get("/me/measures")
@endpoint(role=CLIENT, response=ClientMeasuresSchema)
def my_measures(uid):
    """Questionnaires due now ("A short questionnaire from <name>") and your latest answers."""
    return measures.client_measures(store(), uid, now())


@blueprint.put("/me/measures/answers/<answer_id>")
@endpoint(role=CLIENT, body=AnswerInputSchema, response=AnswerSchema, statuses=(201, 200), errors=(409,))
def put_answer(uid, answer_id, body):
    """Answer (201) or correct (200) a questionnaire, or skip it (`skipped: true`); the same body again is harmless."""
    view, created = measures.put_answer(store(), uid, answer_id, body, now())
    return view, 201 if created else 200


@blueprint.get("/me/measures/fhir")
@endpoint(role=CLIENT, response=FhirBundleSchema)
def my_measures_fhir(uid):
    """Your measures as a FHIR R4 Bundle, for any health record (no name, no email)."""
    return measures.fhir_for_client(store(), uid, now())
