from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, status
from fastapi.responses import JSONResponse

from api.audit import service as audit
from api.audit.models import AuditAction
from api.auth.dependencies import CurrentPractitioner, require_bot
from api.core.dependencies import SessionDep, ThrottleDep
from api.core.openapi import errors
from api.core.security import MAX_ID
from api.core.throttle import Limit
from api.plans import service as plans
from api.plans.models import PlanRole
from api.plans.schemas import PlanOut
from api.reviews import service
from api.reviews.schemas import (
    CARER_PARTS_OVER_TIME,
    ClaimedOutcome,
    ClaimIn,
    ClaimOut,
    ClaimProblemOut,
    ClaimReason,
    HistoryOut,
    InvitationCreatedOut,
    InvitationIn,
    InvitationOut,
)
from contract.plan import Part

router = APIRouter(tags=["reviews"])

PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]

_CLAIM_STATUS = {
    ClaimReason.UNKNOWN: status.HTTP_404_NOT_FOUND,
    ClaimReason.EXPIRED: status.HTTP_410_GONE,
    ClaimReason.USED: status.HTTP_409_CONFLICT,
    ClaimReason.CLOSED: status.HTTP_409_CONFLICT,
    ClaimReason.TOO_MANY: status.HTTP_429_TOO_MANY_REQUESTS,
}


def _not_found(plan_id: int) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"There is no plan with id {plan_id}.")


@router.post(
    "/plans/{plan_id}/reviews",
    response_model=InvitationCreatedOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        **errors(400, 401, 404, 413, 422),
        **errors(409, description={409: "The plan is a review itself, or it is closed."}),
    },
)
def invite(
    plan_id: PlanId, body: InvitationIn, practitioner: CurrentPractitioner, session: SessionDep
) -> InvitationCreatedOut:
    """Invite the person (or carer) to review this plan: the answer holds the review code, which
    is never shown again (only its digest is stored). The assistant reads `note` to them first.
    """
    try:
        made = service.create_invitation(
            session=session,
            plan_id=plan_id,
            practitioner=practitioner,
            note=body.note,
            days=body.expires_in_days,
        )
    except service.InviteRefusedError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    if made is None:
        raise _not_found(plan_id)
    invitation, code = made
    out = InvitationCreatedOut(
        id=invitation.id,
        plan_id=invitation.plan_id,
        code=code,
        note=invitation.note,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
    )
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.CHANGE,
        plan_ids=[plan_id],
        detail=f"review invitation {invitation.id}, for {body.expires_in_days} days",
    )
    return out


@router.get(
    "/plans/{plan_id}/reviews",
    response_model=list[InvitationOut],
    responses=errors(401, 404, 422),
)
def list_invitations(
    plan_id: PlanId, _: CurrentPractitioner, session: SessionDep
) -> list[InvitationOut]:
    """This plan's review invitations, oldest first: their state, never their codes."""
    if plans.get_plan(session=session, plan_id=plan_id) is None:
        raise _not_found(plan_id)
    return service.invitations(session=session, plan_id=plan_id)


@router.get(
    "/plans/{plan_id}/history",
    response_model=HistoryOut,
    responses=errors(401, 404, 422),
)
def read_history(
    plan_id: PlanId, practitioner: CurrentPractitioner, session: SessionDep
) -> HistoryOut:
    """A plan and its reviews, oldest first (given a review's id, the plan it reviews): each
    thing that mattered in the person's first words, each review's answers beside it, new
    things that matter, and a carer's s.9 parts over time. Recorded as a read of each."""
    shown = service.read_history(session=session, plan_id=plan_id, practitioner=practitioner)
    if shown is None:
        raise _not_found(plan_id)
    return shown


def _problem(reason: ClaimReason, detail: str, headers: dict[str, str] | None = None) -> Any:
    return JSONResponse(
        ClaimProblemOut(detail=detail, reason=reason).model_dump(mode="json"),
        status_code=_CLAIM_STATUS[reason],
        headers=headers,
    )


_CLAIM_PROBLEMS: dict[int | str, dict[str, Any]] = {
    404: {"model": ClaimProblemOut, "description": "`unknown`: there is no such code."},
    409: {
        "model": ClaimProblemOut,
        "description": "`used`: another conversation claimed it, or its review was sent; "
        "`closed`: the plan is closed.",
    },
    410: {"model": ClaimProblemOut, "description": "`expired`: the code has expired."},
    429: {
        "model": ClaimProblemOut,
        "description": "`too_many`: too many unknown codes from this conversation; wait for "
        "the seconds in Retry-After.",
    },
}


@router.post(
    "/reviews/claim",
    response_model=ClaimOut,
    dependencies=[Depends(require_bot)],
    responses={
        **errors(400, 401, 413, 422, description={401: "Not the bot's service token."}),
        **_CLAIM_PROBLEMS,
    },
)
def claim(body: ClaimIn, session: SessionDep, throttle: ThrottleDep) -> Any:
    """Claim a review code for one conversation (only the bot may call this), and get what the
    review quotes back: the plan's outcomes and (for a carer) the s.9 parts it asks again, exactly
    as sent. The first conversation to claim a code owns it; the same conversation may claim it
    again. Refusals carry a `reason` beside the sentence."""
    refusal = throttle.check(Limit.REVIEW_CLAIM_CONVERSATION, body.conversation_id)
    if refusal is not None:
        wait = str(refusal.retry_after_seconds)
        return _problem(
            ClaimReason.TOO_MANY,
            "Too many review codes were tried. Please wait and try again.",
            headers={"Retry-After": wait},
        )
    try:
        claimed = service.claim(
            session=session, typed=body.code, conversation_id=body.conversation_id
        )
    except service.ClaimRefusedError as error:
        if error.reason is ClaimReason.UNKNOWN:
            # Only codes that name nothing count as guesses.
            throttle.count(Limit.REVIEW_CLAIM_CONVERSATION, body.conversation_id)
        return _problem(error.reason, error.detail)
    plan = PlanOut.from_plan(claimed.plan)
    positions = sorted(
        item.position for item in claimed.plan.items if item.section == Part.WHAT_MATTERS
    )
    return ClaimOut(
        invitation_id=claimed.invitation.id,
        plan_reference=plan.reference,
        role=plan.role,
        last_talked_at=claimed.last_talked_at,
        note=claimed.invitation.note,
        outcomes=[
            ClaimedOutcome(position=position, what=outcome.what, why=outcome.why)
            for position, outcome in zip(positions, plan.outcomes, strict=True)
        ],
        sections=(
            {part: plan.sections[part] for part in CARER_PARTS_OVER_TIME}
            if plan.role is PlanRole.CARER
            else {}
        ),
    )
