"""FHIR over HTTP: a plan's document Bundle (practitioners), the page's download, and the
Questionnaires (public: they hold our questions, nobody's answers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, status
from fastapi.responses import Response

from api.audit import service as audit
from api.audit.models import AuditAction
from api.auth.dependencies import CurrentPractitioner
from api.core.dependencies import SessionDep
from api.core.openapi import errors
from api.core.security import MAX_ID
from api.fhir import service
from api.fhir.questionnaire import questionnaire, role_for
from api.fhir.schemas import FhirResponse, fhir_content
from api.plans import service as plans
from api.plans.models import Plan, PlanKind
from api.practitioners.models import Practitioner
from api.web.practitioner import PagePractitioner

router = APIRouter(prefix="/plans", tags=["fhir"])
public_router = APIRouter(prefix="/fhir", tags=["fhir"])
page_router = APIRouter(include_in_schema=False)

PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _export(
    *, request: Request, session: SessionDep, plan_id: int, practitioner: Practitioner
) -> Response:
    plan: Plan | None = plans.get_plan(session=session, plan_id=plan_id)
    if plan is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail=f"There is no plan with id {plan_id}."
        )
    linked = plans.linked_plans(session=session, plan=plan)
    # A review quotes the first words of the plan it reviews.
    reviewed = (
        plans.get_plan(session=session, plan_id=plan.reviews_plan_id)
        if plan.kind is PlanKind.REVIEW and plan.reviews_plan_id is not None
        else None
    )
    try:
        bundle = service.build_bundle(
            plan=plan, linked=linked, base_url=_base_url(request), reviewed=reviewed
        )
    except service.ExportError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    # Only this plan's words travel (a linked carer appears by reference alone), and for a
    # review the first words of the plan it reviews.
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.EXPORT,
        plan_ids=[plan_id, *([reviewed.id] if reviewed is not None else [])],
        detail="FHIR",
    )
    return FhirResponse(
        bundle,
        headers={"Content-Disposition": f'attachment; filename="plan-{plan.reference}.fhir.json"'},
    )


@router.get(
    "/{plan_id}/fhir",
    responses={
        **fhir_content("The plan as a FHIR R4 Bundle of type document."),
        **errors(401, 404, 422),
        **errors(409, description={409: "The plan holds text FHIR's string type cannot carry."}),
    },
)
def export_plan(
    plan_id: PlanId, request: Request, practitioner: CurrentPractitioner, session: SessionDep
) -> Response:
    """The plan as a FHIR R4 `document` Bundle (`application/fhir+json`): a Composition, a
    Goal per thing that matters (their words in `description.text`, the why in a note), a
    CarePlan, the QuestionnaireResponse, a Flag per safety concern, a RelatedPerson per linked
    carer, and a Provenance per quote naming its message. Recorded in the audit log."""
    return _export(request=request, session=session, plan_id=plan_id, practitioner=practitioner)


@public_router.get(
    "/Questionnaire/{questionnaire_id}",
    responses={
        **fhir_content("The Questionnaire the plans' QuestionnaireResponses answer."),
        **errors(404, description={404: "There is no such Questionnaire."}),
    },
)
def read_questionnaire(
    questionnaire_id: Annotated[str, Path(max_length=64)], request: Request
) -> Response:
    """The conversation as a FHIR Questionnaire: `what-matters-person` or
    `what-matters-carer`."""
    role = role_for(questionnaire_id)
    if role is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no such Questionnaire.")
    return FhirResponse(questionnaire(base_url=_base_url(request), role=role))


@page_router.get("/practitioner/plans/{plan_id}/fhir")
def download_plan(
    plan_id: PlanId, request: Request, practitioner: PagePractitioner, session: SessionDep
) -> Response:
    """The plan page's "Download as FHIR": the same Bundle, for the signed-in practitioner."""
    return _export(request=request, session=session, plan_id=plan_id, practitioner=practitioner)
