"""Review invitations: made by a practitioner, claimed once by the bot for one conversation;
and the history of a plan across its reviews."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from api.audit import service as audit
from api.audit.models import AuditAction
from api.core.database import utcnow
from api.plans import service as plans
from api.plans.models import Plan, PlanKind, PlanStatus
from api.practitioners.models import Practitioner
from api.practitioners.schemas import PractitionerOut
from api.reviews.models import ReviewInvitation
from api.reviews.schemas import ClaimReason, HistoryOut, InvitationOut, InvitationState
from contract.formats import code_in, new_code

logger = logging.getLogger(__name__)

# A new code colliding with a stored one is a 1 in 2^80 event; try again rather than fail.
_CODE_ATTEMPTS = 3


class InviteRefusedError(Exception):
    """This plan cannot be reviewed: it is a review itself, or it is closed."""


class ClaimRefusedError(Exception):
    def __init__(self, reason: ClaimReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def code_digest(code: str) -> str:
    """What is stored of a code (as we give it, contract.formats.code_format): its SHA-256."""
    return hashlib.sha256(code.encode()).hexdigest()


def create_invitation(
    *,
    session: Session,
    plan_id: int,
    practitioner: Practitioner,
    note: str | None,
    days: int,
) -> tuple[ReviewInvitation, str] | None:
    """A new invitation to review this plan and its code (never stored); None if there is no
    such plan. Raises InviteRefusedError for a review or a closed plan."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        return None
    if plan.kind is PlanKind.REVIEW:
        raise InviteRefusedError("This is a review: invite to a review from the plan it reviews.")
    if plan.status is PlanStatus.CLOSED:
        raise InviteRefusedError(f"Plan {plan.reference} is closed: it cannot be reviewed.")
    for attempt in range(_CODE_ATTEMPTS):
        code = new_code()
        now = utcnow()
        invitation = ReviewInvitation(
            plan_id=plan.id,
            code_digest=code_digest(code),
            note=note,
            created_by=practitioner,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        session.add(invitation)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            if attempt == _CODE_ATTEMPTS - 1:
                raise
            continue
        return invitation, code
    raise AssertionError("unreachable")  # pragma: no cover


def state_of(invitation: ReviewInvitation, *, now: datetime) -> InvitationState:
    if invitation.review_plan_id is not None:
        return InvitationState.SENT
    if invitation.claimed_by is not None:
        return InvitationState.CLAIMED
    return InvitationState.EXPIRED if now >= invitation.expires_at else InvitationState.OPEN


def list_invitations(*, session: Session, plan_id: int) -> list[ReviewInvitation]:
    """This plan's invitations, oldest first, with who made each."""
    return list(
        session.scalars(
            select(ReviewInvitation)
            .options(selectinload(ReviewInvitation.created_by))
            .where(ReviewInvitation.plan_id == plan_id)
            .order_by(ReviewInvitation.created_at, ReviewInvitation.id)
        )
    )


def invitations(*, session: Session, plan_id: int) -> list[InvitationOut]:
    """This plan's invitations as practitioners see them, oldest first: never a code."""
    now = utcnow()
    return [
        InvitationOut(
            id=invitation.id,
            note=invitation.note,
            created_by=PractitionerOut.model_validate(invitation.created_by),
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
            state=state_of(invitation, now=now),
            review_plan_id=invitation.review_plan_id,
        )
        for invitation in list_invitations(session=session, plan_id=plan_id)
    ]


@dataclass(frozen=True)
class Claimed:
    invitation: ReviewInvitation
    plan: Plan
    last_talked_at: datetime


_UNKNOWN = "That review code was not found. Please check it with your worker."
_USED = "That review code has already been used."
_CLOSED = "The plan this review code is for is closed."
_EXPIRED = "That review code has expired."


def claim(*, session: Session, typed: str, conversation_id: str) -> Claimed:
    """Claim the invitation whose code was typed, for this conversation; the same
    conversation may claim it again (the bot retries). Raises ClaimRefusedError.

    The first conversation to claim a code owns it: a conditional UPDATE (only while nobody
    has claimed it) decides between two racing, on either database.
    """
    code = code_in(typed)
    invitation = (
        None
        if code is None
        else session.scalar(
            select(ReviewInvitation).where(ReviewInvitation.code_digest == code_digest(code))
        )
    )
    if invitation is None:
        raise ClaimRefusedError(ClaimReason.UNKNOWN, _UNKNOWN)
    plan = plans.get_plan(session=session, plan_id=invitation.plan_id)
    if plan is None:  # pragma: no cover - the invitation goes with its plan (ON DELETE CASCADE)
        raise ClaimRefusedError(ClaimReason.UNKNOWN, _UNKNOWN)
    if invitation.review_plan_id is not None or invitation.claimed_by not in (
        None,
        conversation_id,
    ):
        raise ClaimRefusedError(ClaimReason.USED, _USED)
    if invitation.claimed_by is None:
        now = utcnow()
        if plan.status is PlanStatus.CLOSED:
            raise ClaimRefusedError(ClaimReason.CLOSED, _CLOSED)
        if now >= invitation.expires_at:
            raise ClaimRefusedError(ClaimReason.EXPIRED, _EXPIRED)
        result = cast(
            CursorResult[Any],
            session.execute(
                update(ReviewInvitation)
                .where(
                    ReviewInvitation.id == invitation.id,
                    ReviewInvitation.claimed_by.is_(None),
                    ReviewInvitation.review_plan_id.is_(None),
                )
                .values(claimed_by=conversation_id, claimed_at=now)
                .execution_options(synchronize_session=False)
            ),
        )
        session.commit()
        if result.rowcount != 1:
            # Another request claimed it between our read and our update: it may be this
            # conversation's own retry.
            session.refresh(invitation)
            if invitation.claimed_by != conversation_id:
                raise ClaimRefusedError(ClaimReason.USED, _USED)
        else:
            session.refresh(invitation)
            logger.info("Review invitation %d claimed", invitation.id)
    # Read through the column's type (not an aggregate), so that the time is UTC-aware on
    # either database.
    last_review = session.scalar(
        select(Plan.sent_at)
        .where(Plan.reviews_plan_id == plan.id, Plan.kind == PlanKind.REVIEW)
        .order_by(Plan.sent_at.desc())
        .limit(1)
    )
    return Claimed(
        invitation=invitation,
        plan=plan,
        last_talked_at=max(plan.sent_at, last_review or plan.sent_at),
    )


def read_history(
    *, session: Session, plan_id: int, practitioner: Practitioner
) -> HistoryOut | None:
    """The history a practitioner reads (the API's and the page's), recorded as a read of the
    plan and of each review; None if there is no such plan."""
    found = history(session=session, plan_id=plan_id)
    if found is None:
        return None
    plan, reviews = found
    shown = HistoryOut.from_plans(plan, reviews)
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.READ,
        plan_ids=[plan.id, *(review.id for review in reviews)],
        detail="history",
    )
    return shown


def history(*, session: Session, plan_id: int) -> tuple[Plan, list[Plan]] | None:
    """The plan (or, for a review, the plan it reviews) and its reviews, oldest first; None if
    there is no such plan (or the review's plan is no longer stored)."""
    plan = plans.get_plan(session=session, plan_id=plan_id)
    if plan is not None and plan.kind is PlanKind.REVIEW:
        reviewed = plan.reviews_plan_id
        plan = None if reviewed is None else plans.get_plan(session=session, plan_id=reviewed)
    if plan is None:
        return None
    return plan, plans.reviews_of(session=session, plan=plan)
