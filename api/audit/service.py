from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.audit.models import AuditAction, AuditEvent
from api.plans.models import Plan
from api.plans.schemas import PlanUpdate
from api.practitioners.models import Practitioner


def record(
    *,
    session: Session,
    practitioner: Practitioner,
    action: AuditAction,
    plan_ids: Sequence[int],
    detail: str | None = None,
) -> None:
    """Append one entry per plan, committed at once: the entry exists before the answer does."""
    for plan_id in dict.fromkeys(plan_ids):
        session.add(
            AuditEvent(
                practitioner_id=practitioner.id,
                action=action.value,
                plan_id=plan_id,
                detail=detail[:200] if detail else None,
            )
        )
    session.commit()


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    practitioner_id: int
    practitioner_name: str
    action: AuditAction
    plan_id: int
    plan_reference: str
    detail: str | None


def list_events(
    *,
    session: Session,
    practitioner_id: int | None = None,
    plan_id: int | None = None,
    action: AuditAction | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[AuditRow]:
    """Newest first, with the practitioner's name and the plan's reference."""
    query = (
        select(AuditEvent, Practitioner.name, Plan.reference)
        .join(Practitioner, Practitioner.id == AuditEvent.practitioner_id)
        .join(Plan, Plan.id == AuditEvent.plan_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if practitioner_id is not None:
        query = query.where(AuditEvent.practitioner_id == practitioner_id)
    if plan_id is not None:
        query = query.where(AuditEvent.plan_id == plan_id)
    if action is not None:
        query = query.where(AuditEvent.action == action.value)
    return [
        AuditRow(
            id=event.id,
            at=event.at,
            practitioner_id=event.practitioner_id,
            practitioner_name=name,
            action=AuditAction(event.action),
            plan_id=event.plan_id,
            plan_reference=reference,
            detail=event.detail,
        )
        for event, name, reference in session.execute(query).all()
    ]


def describe(changes: PlanUpdate) -> str:
    """A change to a plan, for its audit entry: the fields and their new values."""
    sent = changes.model_dump(exclude_unset=True, mode="json")
    return ", ".join(f"{name}: {value}" for name, value in sent.items()) or "nothing"
