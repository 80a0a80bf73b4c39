from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status

from api.auth.dependencies import CurrentPractitioner, SessionDep, require_bot
from api.plans import service
from api.plans.models import Plan, PlanRole, PlanStatus
from api.plans.schemas import (
    FlagsIn,
    LinkIn,
    NoteIn,
    NoteOut,
    PlanIn,
    PlanOut,
    PlanSummaryOut,
    PlanUpdate,
    SideBySideOut,
)

router = APIRouter(prefix="/plans", tags=["plans"])


def _not_found(plan_id: int) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"There is no plan with id {plan_id}.")


def _for_practitioners(session: SessionDep, plan: Plan) -> PlanOut:
    # Only practitioners see which plans are linked. The bot's endpoints answer without links,
    # so nothing that speaks to a person or a carer can learn of the other's plan.
    return PlanOut.from_plan(plan, linked=service.linked_plans(session=session, plan=plan))


@router.post(
    "",
    response_model=PlanOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(require_bot)],
    responses={
        200: {"model": PlanOut, "description": "This conversation's plan was already received."},
        401: {"description": "Not the bot's service token."},
        409: {"description": "The reference belongs to another conversation's plan."},
    },
)
def receive_plan(payload: PlanIn, session: SessionDep, response: Response) -> PlanOut:
    """Receive a plan the person chose to send (only the bot may call this).

    `questions`, `safety_flags` and `skipped` are optional; any safety flag makes the plan
    urgent. Flags raised after the plan was sent go to POST /plans/flags.

    There are no drafts in this API: a plan arrives only once the person has decided to send
    it. Sending again for the same conversation (the bot retries from its outbox) returns the
    plan already received, unchanged, with 200.
    """
    existing = service.get_plan_by_conversation_id(
        session=session, conversation_id=payload.conversation_id
    )
    if existing is None:
        created = service.create_plan(session=session, payload=payload)
        if created is not None:
            return PlanOut.from_plan(created)
        # Either another request for this conversation won a race, or the reference is taken.
        existing = service.get_plan_by_conversation_id(
            session=session, conversation_id=payload.conversation_id
        )
        if existing is None:
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                detail=f"Reference {payload.reference} is already used by another plan.",
            )
    response.status_code = status.HTTP_200_OK
    return PlanOut.from_plan(existing)


# Declared before the /{plan_id} routes: "flags" is a fixed path, never a plan id.
@router.post(
    "/flags",
    response_model=PlanOut,
    dependencies=[Depends(require_bot)],
    responses={
        401: {"description": "Not the bot's service token."},
        404: {"description": "No plan has been received for this conversation (yet)."},
    },
)
def receive_flags(payload: FlagsIn, session: SessionDep) -> PlanOut:
    """Add safety flags to a plan already sent, which makes it urgent (only the bot may call
    this).

    Sending the same flags again is harmless: a message already flagged on the plan is not
    flagged twice (flags without a message id are always added). 404 if no plan has been
    received for the conversation yet: send the flags again later.
    """
    plan = service.add_flags(
        session=session, conversation_id=payload.conversation_id, flags=payload.flags
    )
    if plan is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail="There is no plan for this conversation."
        )
    return PlanOut.from_plan(plan)


@router.get("", response_model=list[PlanSummaryOut])
def list_plans(
    _: CurrentPractitioner,
    session: SessionDep,
    status_: Annotated[PlanStatus | None, Query(alias="status")] = None,
    urgent: bool | None = None,
    role: Annotated[PlanRole | None, Query(description="person or carer")] = None,
    conversation_id: Annotated[str | None, Query(max_length=255)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[PlanSummaryOut]:
    """Plans, urgent ones first, then newest received first. `conversation_id` is the Rasa
    sender id."""
    summaries = service.list_plans(
        session=session,
        status=status_,
        urgent=urgent,
        role=role,
        conversation_id=conversation_id,
        limit=limit,
        offset=offset,
    )
    return [
        PlanSummaryOut.from_plan(
            summary.plan,
            outcome_count=summary.outcome_count,
            note_count=summary.note_count,
            flag_count=summary.flag_count,
        )
        for summary in summaries
    ]


@router.get("/{plan_id}", response_model=PlanOut)
def read_plan(plan_id: int, _: CurrentPractitioner, session: SessionDep) -> PlanOut:
    plan = service.get_plan(session=session, plan_id=plan_id)
    if plan is None:
        raise _not_found(plan_id)
    return _for_practitioners(session, plan)


@router.patch(
    "/{plan_id}",
    response_model=PlanOut,
    responses={
        409: {"description": "The status would move backwards."},
        422: {"description": "No active practitioner has that id."},
    },
)
def update_plan(
    plan_id: int, changes: PlanUpdate, _: CurrentPractitioner, session: SessionDep
) -> PlanOut:
    """Move the follow-up status forward (new -> in_progress -> contacted -> closed; steps may
    be skipped, never reversed) and/or assign the plan (`assigned_to_id: null` unassigns)."""
    try:
        plan = service.update_plan(session=session, plan_id=plan_id, changes=changes)
    except service.StatusMovesBackwardError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    except service.UnknownAssigneeError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    if plan is None:
        raise _not_found(plan_id)
    return _for_practitioners(session, plan)


@router.post("/{plan_id}/notes", response_model=NoteOut, status_code=status.HTTP_201_CREATED)
def add_note(
    plan_id: int, note_in: NoteIn, practitioner: CurrentPractitioner, session: SessionDep
) -> NoteOut:
    note = service.add_note(
        session=session, plan_id=plan_id, author=practitioner, text=note_in.text
    )
    if note is None:
        raise _not_found(plan_id)
    return NoteOut.model_validate(note)


@router.post(
    "/{plan_id}/links",
    response_model=PlanOut,
    responses={
        404: {"description": "One of the two plans does not exist."},
        422: {"description": "Not one person's plan and one carer's plan."},
    },
)
def link_plan(
    plan_id: int, link: LinkIn, practitioner: CurrentPractitioner, session: SessionDep
) -> PlanOut:
    """Link a person's plan and a carer's plan (either way round). Linking twice is harmless."""
    try:
        plan = service.link_plans(
            session=session,
            plan_id=plan_id,
            other_plan_id=link.plan_id,
            practitioner=practitioner,
        )
    except service.LinkRolesError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    if plan is None:
        raise _not_found(plan_id if service.get_plan(session=session, plan_id=plan_id) is None
                         else link.plan_id)  # fmt: skip
    return _for_practitioners(session, plan)


@router.delete(
    "/{plan_id}/links/{other_plan_id}",
    response_model=PlanOut,
    responses={404: {"description": "One of the two plans does not exist."}},
)
def unlink_plan(
    plan_id: int, other_plan_id: int, _: CurrentPractitioner, session: SessionDep
) -> PlanOut:
    """Unlink two plans; both stay as they were. Unlinking plans that are not linked is harmless."""
    plan = service.unlink_plans(session=session, plan_id=plan_id, other_plan_id=other_plan_id)
    if plan is None:
        raise _not_found(plan_id if service.get_plan(session=session, plan_id=plan_id) is None
                         else other_plan_id)  # fmt: skip
    return _for_practitioners(session, plan)


@router.get(
    "/{plan_id}/side-by-side",
    response_model=SideBySideOut,
    responses={409: {"description": "A carer's plan: open the person's plan it is linked to."}},
)
def side_by_side(plan_id: int, _: CurrentPractitioner, session: SessionDep) -> SideBySideOut:
    """What matters to the person in their own words, beside what each linked carer said
    matters to them, and each carer's own outcomes. Every quote keeps its author's exact words
    and the message it came from; differences are shown as they are, never reconciled."""
    plan = service.get_plan(session=session, plan_id=plan_id)
    if plan is None:
        raise _not_found(plan_id)
    if plan.role is not PlanRole.PERSON:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail="This is a carer's plan: ask for the side-by-side view of the person's plan.",
        )
    return SideBySideOut.from_plans(plan, service.linked_plans(session=session, plan=plan))
