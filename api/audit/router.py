from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, status

from api.audit import service
from api.audit.models import AuditAction
from api.audit.schemas import AuditEventOut
from api.auth.dependencies import LeadPractitioner
from api.core.dependencies import SessionDep
from api.core.openapi import errors
from api.core.security import MAX_ID
from api.plans.service import get_plan

router = APIRouter(tags=["audit"])

_LEAD_ONLY = errors(401, 403, 422, description={403: "Only a lead practitioner may read this."})
PositiveId = Annotated[int, Query(ge=1, le=MAX_ID)]


@router.get("/audit", response_model=list[AuditEventOut], responses=_LEAD_ONLY)
def read_audit_log(
    _: LeadPractitioner,
    session: SessionDep,
    practitioner_id: PositiveId | None = None,
    plan_id: PositiveId | None = None,
    action: AuditAction | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[service.AuditRow]:
    """Who read, exported, changed or linked which plan, and when: newest first (leads only).

    There is no way to change or delete an entry."""
    return service.list_events(
        session=session,
        practitioner_id=practitioner_id,
        plan_id=plan_id,
        action=action,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/plans/{plan_id}/audit",
    response_model=list[AuditEventOut],
    responses={**_LEAD_ONLY, **errors(404)},
)
def read_plan_audit(
    plan_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    _: LeadPractitioner,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[service.AuditRow]:
    """Everyone who has read, exported, changed or linked this plan (leads only)."""
    if get_plan(session=session, plan_id=plan_id) is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail=f"There is no plan with id {plan_id}."
        )
    return service.list_events(session=session, plan_id=plan_id, limit=limit, offset=offset)
