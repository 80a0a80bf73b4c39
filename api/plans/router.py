from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, status

from api.audit import service as audit
from api.audit.models import AuditAction
from api.auth.dependencies import CurrentPractitioner, require_bot
from api.core.dependencies import SessionDep
from api.core.openapi import errors
from api.core.security import MAX_ID
from api.plans import service
from api.plans.models import Plan, PlanKind, PlanRole, PlanStatus
from api.plans.schemas import (
    FlagsIn,
    LinkIn,
    MatchOut,
    NoteIn,
    NoteOut,
    PlanCursor,
    PlanIn,
    PlanOut,
    PlanSummaryOut,
    PlanUpdate,
    SideBySideOut,
)

router = APIRouter(prefix="/plans", tags=["plans"])

# Ids beyond what the database holds are refused with 422 before they reach it.
PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]
OtherPlanId = Annotated[int, Path(ge=1, le=MAX_ID)]
# Both the bot's endpoints answer these; every practitioner endpoint answers 401 and 422.
_BOT = errors(400, 401, 413, 422, description={401: "Not the bot's service token."})
_PRACTITIONER = errors(401, 422)


def _not_found(plan_id: int) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"There is no plan with id {plan_id}.")


def _for_practitioners(session: SessionDep, plan: Plan) -> PlanOut:
    # Only practitioners see which plans are linked. The bot's endpoints answer without links,
    # so nothing that speaks to a person or a carer can learn of the other's plan.
    return PlanOut.from_plan(
        plan,
        linked=service.linked_plans(session=session, plan=plan),
        reviews=service.reviews_of(session=session, plan=plan),
    )


@router.post(
    "",
    response_model=PlanOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(require_bot)],
    responses={
        200: {"model": PlanOut, "description": "This conversation's plan was already received."},
        **_BOT,
        **errors(
            409,
            description={
                409: "The reference belongs to another conversation's plan, or a review comes "
                "from a conversation that claimed no invitation to review that plan."
            },
        ),
    },
)
def receive_plan(payload: PlanIn, session: SessionDep, response: Response) -> PlanOut:
    """Receive a plan the person chose to send (only the bot may call this).

    `questions`, `safety_flags` and `skipped` are optional; any safety flag makes the plan
    urgent. Flags raised after the plan was sent go to POST /plans/flags.

    There are no drafts in this API: a plan arrives only once the person has decided to send
    it. Sending again for the same conversation (the bot retries from its outbox) returns the
    plan already received, unchanged, with 200.

    A review (`kind: review`) names the plan it reviews (`reviews_plan`): it is received only
    from the conversation that claimed an invitation to review that plan (else 409), with the
    plan's role and only positions of the plan's outcomes in `reviewed` (else 422). It is a
    record of its own: the plan it reviews never changes.
    """
    existing = service.get_plan_by_conversation_id(
        session=session, conversation_id=payload.conversation_id
    )
    if existing is None:
        try:
            created = service.create_plan(session=session, payload=payload)
        except service.NotInvitedError as error:
            raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
        except service.ReviewMismatchError as error:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
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
        **_BOT,
        **errors(404, description={404: "No plan has been received for this conversation (yet)."}),
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


@router.get(
    "",
    response_model=list[PlanSummaryOut],
    responses={
        **_PRACTITIONER,
        **errors(422, description={422: "Not a valid filter, page size or cursor."}),
    },
)
def list_plans(
    _: CurrentPractitioner,
    session: SessionDep,
    request: Request,
    response: Response,
    status_: Annotated[PlanStatus | None, Query(alias="status")] = None,
    urgent: bool | None = None,
    role: Annotated[PlanRole | None, Query(description="person or carer")] = None,
    kind: Annotated[PlanKind | None, Query(description="plan or review")] = None,
    conversation_id: Annotated[str | None, Query(max_length=255)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[
        int, Query(ge=0, le=1_000_000, description="Prefer `after`: a deep offset is slow.")
    ] = 0,
    after: Annotated[
        str | None,
        Query(
            max_length=100,
            description="The next page: the cursor in the previous page's `Link: rel=next`.",
        ),
    ] = None,
) -> list[PlanSummaryOut]:
    """Plans, urgent ones first, then newest received first. `conversation_id` is the Rasa
    sender id. A full page carries a `Link` header to the next one (`rel="next"`)."""
    cursor = None
    if after is not None:
        try:
            cursor = PlanCursor.parse(after)
        except ValueError:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, detail="Not a cursor this API gave."
            ) from None
        if offset:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, detail="Give `after` or `offset`, not both."
            )
    summaries = service.list_plans(
        session=session,
        status=status_,
        urgent=urgent,
        role=role,
        kind=kind,
        conversation_id=conversation_id,
        limit=limit,
        offset=offset,
        after=cursor,
    )
    if len(summaries) == limit:
        following = PlanCursor.after(summaries[-1].plan).token()
        next_url = request.url.remove_query_params("offset").include_query_params(after=following)
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return [
        PlanSummaryOut.from_plan(
            summary.plan,
            outcome_count=summary.outcome_count,
            note_count=summary.note_count,
            flag_count=summary.flag_count,
        )
        for summary in summaries
    ]


@router.get("/{plan_id}", response_model=PlanOut, responses={**_PRACTITIONER, **errors(404)})
def read_plan(plan_id: PlanId, practitioner: CurrentPractitioner, session: SessionDep) -> PlanOut:
    """One plan, in the person's words. The read is recorded in the audit log."""
    plan = service.get_plan(session=session, plan_id=plan_id)
    if plan is None:
        raise _not_found(plan_id)
    out = _for_practitioners(session, plan)
    audit.record(
        session=session, practitioner=practitioner, action=AuditAction.READ, plan_ids=[plan_id]
    )
    return out


@router.patch(
    "/{plan_id}",
    response_model=PlanOut,
    responses={
        **errors(400, 401, 404, 413),
        **errors(
            409,
            422,
            description={
                409: "The status would move backwards.",
                422: "Not a valid change, or no active practitioner has that id.",
            },
        ),
    },
)
def update_plan(
    plan_id: PlanId, changes: PlanUpdate, practitioner: CurrentPractitioner, session: SessionDep
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
    out = _for_practitioners(session, plan)
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.CHANGE,
        plan_ids=[plan_id],
        detail=audit.describe(changes),
    )
    return out


@router.post(
    "/{plan_id}/notes",
    response_model=NoteOut,
    status_code=status.HTTP_201_CREATED,
    responses=errors(400, 401, 404, 413, 422),
)
def add_note(
    plan_id: PlanId, note_in: NoteIn, practitioner: CurrentPractitioner, session: SessionDep
) -> NoteOut:
    note = service.add_note(
        session=session, plan_id=plan_id, author=practitioner, text=note_in.text
    )
    if note is None:
        raise _not_found(plan_id)
    out = NoteOut.model_validate(note)
    audit.record(
        session=session, practitioner=practitioner, action=AuditAction.NOTE, plan_ids=[plan_id]
    )
    return out


@router.post(
    "/{plan_id}/links",
    response_model=PlanOut,
    responses={
        **errors(400, 401, 413),
        **errors(
            404,
            422,
            description={
                404: "One of the two plans does not exist.",
                422: "Not valid, or not one person's plan and one carer's plan.",
            },
        ),
    },
)
def link_plan(
    plan_id: PlanId, link: LinkIn, practitioner: CurrentPractitioner, session: SessionDep
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
    out = _for_practitioners(session, plan)
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.LINK,
        plan_ids=[plan_id, link.plan_id],
        detail=f"plans {plan_id} and {link.plan_id}",
    )
    return out


@router.delete(
    "/{plan_id}/links/{other_plan_id}",
    response_model=PlanOut,
    responses={
        **_PRACTITIONER,
        **errors(404, description={404: "One of the two plans does not exist."}),
    },
)
def unlink_plan(
    plan_id: PlanId,
    other_plan_id: OtherPlanId,
    practitioner: CurrentPractitioner,
    session: SessionDep,
) -> PlanOut:
    """Unlink two plans; both stay as they were. Unlinking plans that are not linked is harmless."""
    plan = service.unlink_plans(session=session, plan_id=plan_id, other_plan_id=other_plan_id)
    if plan is None:
        raise _not_found(plan_id if service.get_plan(session=session, plan_id=plan_id) is None
                         else other_plan_id)  # fmt: skip
    out = _for_practitioners(session, plan)
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.UNLINK,
        plan_ids=[plan_id, other_plan_id],
        detail=f"plans {plan_id} and {other_plan_id}",
    )
    return out


@router.get(
    "/{plan_id}/side-by-side",
    response_model=SideBySideOut,
    responses={
        **_PRACTITIONER,
        **errors(404),
        **errors(409, description={409: "A carer's plan: open the person's plan it is linked to."}),
    },
)
def side_by_side(
    plan_id: PlanId, practitioner: CurrentPractitioner, session: SessionDep
) -> SideBySideOut:
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
    linked = service.linked_plans(session=session, plan=plan)
    out = SideBySideOut.from_plans(plan, linked)
    # The carers' words are read here too: each plan shown is recorded as read.
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.READ,
        plan_ids=[plan_id, *(other.id for other in linked)],
        detail="side by side",
    )
    return out


@router.get(
    "/{plan_id}/matches",
    response_model=list[MatchOut],
    responses={**_PRACTITIONER, **errors(404)},
)
def suggest_matches(
    plan_id: PlanId, practitioner: CurrentPractitioner, session: SessionDep
) -> list[MatchOut]:
    """People's plans that may be the plan of the person a carer looks after (at most three,
    those whose town matches too first), suggested from the carer's answers only because the
    carer agreed (`match_consent`). Nothing of anyone's words: a reference, when it was
    received and what matched. Link one with POST /plans/{plan_id}/links once you are sure.

    An empty list for any plan that is not a carer's first plan with consent, or that is
    already linked to a person's plan; 404 only if there is no such plan. Each plan suggested
    is recorded in the audit log as read, with the carer's plan.
    """
    plan = service.get_plan(session=session, plan_id=plan_id)
    if plan is None:
        raise _not_found(plan_id)
    matches = service.suggest_matches(session=session, plan=plan)
    # Suggesting reads the suggested plans' names and towns: each is recorded as read.
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.READ,
        plan_ids=[plan_id, *(match.plan_id for match in matches)],
        detail="suggested matches",
    )
    return [MatchOut.from_match(match) for match in matches]
