"""The practitioners' pages: sign in with a cookie, the queue, a plan, the audit log.

Signing in gives the same token as the API's /auth/token, in an HttpOnly cookie; every page
checks it with the API's own dependency (current_practitioner), and every form carries a CSRF
token tied to it.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.audit import service as audit
from api.audit.models import AuditAction
from api.auth.dependencies import count_failed_sign_in, current_practitioner, sign_in_refusal
from api.auth.service import authenticate, end_session, start_session
from api.core.config import Settings
from api.core.dependencies import SessionDep, SettingsDep, ThrottleDep, client_address
from api.core.security import MAX_ID
from api.plans import service as plans
from api.plans.models import FlagLevel, FlagSource, PlanKind, PlanRole, PlanStatus
from api.plans.schemas import NoteIn, Outcome, PlanOut, PlanUpdate, ReviewedOutcome, SideBySideOut
from api.practitioners.models import Practitioner
from api.practitioners.service import list_active_practitioners, list_practitioners
from api.reviews import service as reviews
from api.reviews.schemas import CARER_PARTS_OVER_TIME, InvitationIn, InvitationState
from api.themes import service as themes
from api.web.pages import form_token, form_token_ok, secure, templates, with_form_cookie
from contract.plan import (
    BEFORE_WE_MEET,
    FOLLOWS_LABELS,
    HEADINGS_THIRD_PERSON,
    MOVEMENT_LABELS,
    REVIEW_CODE_DAYS,
    REVIEW_CODE_MAX_DAYS,
    REVIEW_NOTE_LENGTH,
    REVIEW_SECTIONS_FOR,
    SECTIONS_FOR,
    WHOLE_PLAN_HELP,
    Part,
)

router = APIRouter(include_in_schema=False)

SESSION_COOKIE = "wm_session"
PlanPathId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
STATUS_NAMES = {
    PlanStatus.NEW: "New",
    PlanStatus.IN_PROGRESS: "In progress",
    PlanStatus.CONTACTED: "Contacted",
    PlanStatus.CLOSED: "Closed",
}
FLAG_LEVELS = {
    FlagLevel.LIFE: "Risk to life or a medical emergency",
    FlagLevel.HARM: "Possible harm",
    FlagLevel.CHECK: "Asked a check question, not answered",
    FlagLevel.CONCERN: "For the worker to ask about",
}
FLAG_SOURCES = {
    FlagSource.PHRASE_LIST: "the reviewed phrase list",
    FlagSource.CLASSIFIER: "the classifier only",
    FlagSource.ANSWER_TO_CHECK: "their yes to a direct question",
}


# What the plan page says after a change (?done=...), beside the control that made it.
DONE = {
    "status": "Status changed.",
    "assign": "Assignment saved.",
    "note": "Note added.",
    "link": "Plans linked. Open the person's plan to read the two side by side.",
}
# What it says when a change could not be made (?problem=...): never the API's raw answer.
PROBLEMS = {
    "backward": "That status comes before the one the plan has now. A status only moves forward.",
    "assignee": "That practitioner cannot be assigned: they may no longer have an account.",
    "invalid": "That change cannot be made. Please choose from the list.",
    "empty_note": "Please type a note before adding it.",
    "link_invalid": "Those two plans cannot be linked: a link joins one person's plan and one "
    "carer's plan.",
    "invite_closed": "This plan is closed, so it cannot be reviewed.",
    "invite_review": "This is a review. Invite to a review from the plan it reviews.",
    "invite_invalid": (
        f"The note can be up to {REVIEW_NOTE_LENGTH} characters, and the code can last from 1 "
        f"to {REVIEW_CODE_MAX_DAYS} days."
    ),
}
INVITATION_STATES = {
    InvitationState.OPEN: "Not used yet",
    InvitationState.CLAIMED: "Started: the review has not been sent yet",
    InvitationState.SENT: "Review sent",
    InvitationState.EXPIRED: "Expired, not used",
}
# Which control each change is made with: focus goes back to it after the change.
_CONTROLS = {
    "status": "status-submit",
    "assign": "assign-submit",
    "note": "note-submit",
    "invite": "invite-submit",
}
# What to call them opens "Before we meet": the first thing a worker needs on the doorstep.
BEFORE_WE_MEET_SHOWN = (Part.CALL_ME, *BEFORE_WE_MEET)
READING_WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class Summary:
    """The top of a plan: what a practitioner needs on the first screen."""

    what_matters: list[str]
    flags: list[tuple[str, str]]  # (level, what raised it), in the order raised
    questions: list[str]
    reading_minutes: int


def summarise(plan: PlanOut) -> Summary:
    """What matters in the person's order, the flags, their questions, and a reading time for
    every word they said (a reading speed of 200 words a minute)."""
    said = [
        *(q.text for o in plan.outcomes for quotes in o.quotes().values() for q in quotes),
        *(q.text for quotes in plan.sections.values() for q in quotes),
        *(q.text for q in plan.questions),
        *(f.quote.text for f in plan.safety_flags),
        # A review's answers about each thing that mattered.
        *(
            q.text
            for r in plan.reviewed
            for q in (r.now, r.helped, r.in_the_way, r.still_matters)
            if q is not None
        ),
    ]
    words = sum(len(text.split()) for text in said)
    return Summary(
        what_matters=[o.what.text for o in plan.outcomes],
        flags=[
            (FLAG_LEVELS[f.level], ", ".join(c.replace("_", " ") for c in f.categories))
            for f in plan.safety_flags
        ],
        questions=[q.text for q in plan.questions],
        reading_minutes=max(1, math.ceil(words / READING_WORDS_PER_MINUTE)),
    )


def _csrf(token: str, settings: Settings) -> str:
    # Tied to the signed-in session, so a form from another site cannot carry a valid one.
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, f"csrf:{token}".encode(), hashlib.sha256).hexdigest()


def _signed_in(request: Request, session: SessionDep, settings: SettingsDep) -> Practitioner:
    """The API's own check of the token, read from the cookie rather than the header."""
    token = request.cookies.get(SESSION_COOKIE) or ""
    try:
        practitioner = current_practitioner(token=token, session=session, settings=settings)
    except HTTPException:
        # Expired or never signed in: to the sign-in page, and back here afterwards.
        raise HTTPException(
            status.HTTP_303_SEE_OTHER, headers={"Location": "/practitioner/sign-in"}
        ) from None
    request.state.csrf = _csrf(token, settings)
    return practitioner


PagePractitioner = Annotated[Practitioner, Depends(_signed_in)]


def _check_csrf(request: Request, given: str) -> None:
    if not hmac.compare_digest(given, getattr(request.state, "csrf", "")):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="This form has expired.")


def _page(request: Request, name: str, **context: Any) -> Response:
    context.setdefault("csrf", getattr(request.state, "csrf", ""))
    return templates.TemplateResponse(request, name, context)


def _sign_in_form(
    request: Request,
    settings: Settings,
    *,
    error: str | None = None,
    email: str = "",
    status_code: int = status.HTTP_200_OK,
    headers: dict[str, str] | None = None,
) -> Response:
    cookie, field = form_token(request, settings)
    response = templates.TemplateResponse(
        request,
        "sign_in.html",
        {"title": "Sign in", "error": error, "email": email, "form_token": field},
        status_code=status_code,
        headers=headers,
    )
    return with_form_cookie(request, response, cookie)


@router.get("/practitioner/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, settings: SettingsDep) -> Response:
    return _sign_in_form(request, settings)


@router.post("/practitioner/sign-in", response_class=HTMLResponse)
def sign_in(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    session: SessionDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
    form_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    if not form_token_ok(request, form_token, settings):
        # Posted from another site, or from a page older than the cookie: show a fresh form.
        return _sign_in_form(
            request,
            settings,
            error="The sign-in form had expired. Please try again.",
            email=email,
            status_code=status.HTTP_403_FORBIDDEN,
        )
    client = client_address(request)
    wait = sign_in_refusal(throttle=throttle, email=email, client=client)
    if wait is not None:
        minutes = max(1, -(-wait // 60))
        return _sign_in_form(
            request,
            settings,
            error=f"Too many attempts. Please wait {minutes} minute{'s' if minutes != 1 else ''} "
            "and try again.",
            email=email,
            status_code=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(wait)},
        )
    practitioner = authenticate(session=session, email=email, password=password)
    if practitioner is None:
        count_failed_sign_in(throttle=throttle, email=email, client=client)
        return _sign_in_form(
            request,
            settings,
            error="Incorrect email or password.",
            email=email,
            status_code=status.HTTP_401_UNAUTHORIZED,
        )
    token = start_session(session=session, practitioner=practitioner, settings=settings)
    response = RedirectResponse("/practitioner", status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.access_token_minutes * 60,
        httponly=True,
        samesite="strict",
        secure=secure(request),
    )
    return response


@router.post("/practitioner/sign-out")
def sign_out(
    request: Request,
    _: PagePractitioner,
    csrf: Annotated[str, Form(max_length=100)],
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    _check_csrf(request, csrf)
    # The token stops working everywhere, not only in this browser.
    end_session(session=session, token=request.cookies.get(SESSION_COOKIE) or "", settings=settings)
    response = RedirectResponse("/practitioner/sign-in", status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/practitioner", response_class=HTMLResponse)
def queue(
    request: Request,
    practitioner: PagePractitioner,
    session: SessionDep,
) -> Response:
    """Urgent plans first, then the newest; filters for status and role."""
    filters = request.query_params
    chosen_status = (
        PlanStatus(filters["status"]) if filters.get("status") in list(PlanStatus) else None
    )
    chosen_role = PlanRole(filters["role"]) if filters.get("role") in list(PlanRole) else None
    summaries = plans.list_plans(session=session, status=chosen_status, role=chosen_role, limit=200)
    # A review is its own item in the queue, named after the plan it reviews.
    reviewed_references = plans.references(
        session=session,
        plan_ids=[row.plan.reviews_plan_id for row in summaries if row.plan.reviews_plan_id],
    )
    urgent = plans.urgent_flags(
        session=session, plan_ids=[row.plan.id for row in summaries if row.plan.urgent]
    )
    reasons = {
        plan_id: [
            f"{FLAG_LEVELS[f.level]} ({', '.join(c.replace('_', ' ') for c in f.categories)})"
            for f in flags
        ]
        for plan_id, flags in urgent.items()
    }
    return _page(
        request,
        "queue.html",
        title="Plans",
        practitioner=practitioner,
        summaries=summaries,
        reviewed_references=reviewed_references,
        reasons=reasons,
        glimpses=plans.first_what_matters(
            session=session, plan_ids=[row.plan.id for row in summaries]
        ),
        chosen_status=chosen_status,
        chosen_role=chosen_role,
        statuses=STATUS_NAMES,
    )


@router.get("/practitioner/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(
    request: Request, plan_id: PlanPathId, practitioner: PagePractitioner, session: SessionDep
) -> Response:
    plan = plans.get_plan(session=session, plan_id=plan_id)
    if plan is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no such plan.")
    linked = plans.linked_plans(session=session, plan=plan)
    side = (
        SideBySideOut.from_plans(plan, linked) if plan.role is PlanRole.PERSON and linked else None
    )
    shown = [plan_id, *(other.id for other in linked)] if side else [plan_id]
    # A carer who consented, not yet linked: people's plans that may be the cared-for person's,
    # for the practitioner only (each suggested plan's name and town were read to find it).
    matches = (
        plans.suggest_matches(session=session, plan=plan)
        if plan.role is PlanRole.CARER
        and plan.kind is PlanKind.PLAN
        and plan.match_consent
        and not linked
        else None
    )
    is_review = plan.kind is PlanKind.REVIEW
    # A review quotes the words of the plan it reviews beside its answers: that plan is read too.
    reviewed_plan = (
        plans.get_plan(session=session, plan_id=plan.reviews_plan_id)
        if is_review and plan.reviews_plan_id is not None
        else None
    )
    if reviewed_plan is not None:
        shown.append(reviewed_plan.id)
    audit.record(
        session=session, practitioner=practitioner, action=AuditAction.READ, plan_ids=shown
    )
    if matches:
        audit.record(
            session=session,
            practitioner=practitioner,
            action=AuditAction.READ,
            plan_ids=[match.plan_id for match in matches],
            detail="suggested matches",
        )
    # Who has read this plan: a lead's view only, like the rest of the audit log.
    readers = (
        audit.list_events(session=session, plan_id=plan_id, limit=500)
        if practitioner.is_lead
        else None
    )
    shown_plan = PlanOut.from_plan(
        plan,
        linked=linked,
        reviews=[] if is_review else plans.reviews_of(session=session, plan=plan),
    )
    done = request.query_params.get("done")
    problem = request.query_params.get("problem")
    control = request.query_params.get("control")
    return _page(
        request,
        "plan.html",
        title=f"Plan {plan.reference}",
        practitioner=practitioner,
        plan=shown_plan,
        summary=summarise(shown_plan),
        # What to call them, how to reach them and prepare the visit first, beside the flags;
        # the rest in order.
        before_we_meet=[(s.value, HEADINGS_THIRD_PERSON[s]) for s in BEFORE_WE_MEET_SHOWN],
        before_we_meet_asked=any(
            shown_plan.sections.get(s) or s in shown_plan.skipped for s in BEFORE_WE_MEET_SHOWN
        ),
        sections=[
            (s.value, HEADINGS_THIRD_PERSON[s])
            for s in (REVIEW_SECTIONS_FOR if is_review else SECTIONS_FOR)[plan.role]
            if s not in BEFORE_WE_MEET_SHOWN
            # Asked of each thing that matters instead: not "(nothing)", which reads as an answer.
            and not (
                s in WHOLE_PLAN_HELP and shown_plan.outcomes and not shown_plan.sections.get(s)
            )
        ],
        headings={part.value: heading for part, heading in HEADINGS_THIRD_PERSON.items()},
        follows_labels=FOLLOWS_LABELS,
        reviewed_plan=reviewed_plan,
        reviewed_rows=_reviewed_rows(shown_plan, reviewed_plan) if is_review else [],
        invitations=[] if is_review else reviews.invitations(session=session, plan_id=plan_id),
        invitation_states=INVITATION_STATES,
        movements=MOVEMENT_LABELS,
        note_length=REVIEW_NOTE_LENGTH,
        code_days=REVIEW_CODE_DAYS,
        code_max_days=REVIEW_CODE_MAX_DAYS,
        side=side,
        side_plans=[PlanOut.from_plan(other) for other in linked] if side else [],
        matches=matches,
        statuses=STATUS_NAMES,
        allowed_statuses=plans.allowed_statuses(plan.status),
        done=done if done in DONE else None,
        done_message=DONE.get(done or ""),
        problem_message=PROBLEMS.get(problem or ""),
        focus=_CONTROLS.get(control or "") or _CONTROLS.get(done or ""),
        flag_levels=FLAG_LEVELS,
        flag_sources=FLAG_SOURCES,
        practitioners=list_active_practitioners(session=session),
        readers=readers,
        # Outcome areas, suggested and confirmed: for practitioners, never for the person.
        areas=themes.for_plan_page(session=session, plan=plan),
    )


@dataclass(frozen=True)
class ReviewedRow:
    """One thing that mattered, as a review went over it: the first words beside the answers."""

    number: int  # its place in the plan (1 for the first)
    then: Outcome | None  # None if the reviewed plan is no longer stored
    answers: ReviewedOutcome


def _reviewed_rows(review: PlanOut, reviewed_plan: Any) -> list[ReviewedRow]:
    first: dict[int, Outcome] = {}
    if reviewed_plan is not None:
        original = PlanOut.from_plan(reviewed_plan)
        positions = sorted(
            item.position for item in reviewed_plan.items if item.section == Part.WHAT_MATTERS
        )
        first = dict(zip(positions, original.outcomes, strict=True))
    return [
        ReviewedRow(number=answers.position + 1, then=first.get(answers.position), answers=answers)
        for answers in review.reviewed
    ]


@router.post("/practitioner/plans/{plan_id}/reviews", response_class=HTMLResponse)
def invite_review(
    request: Request,
    plan_id: PlanPathId,
    practitioner: PagePractitioner,
    session: SessionDep,
    csrf: Annotated[str, Form(max_length=100)],
    note: Annotated[str, Form(max_length=20_000)] = "",
    expires_in_days: Annotated[str, Form(max_length=20)] = str(REVIEW_CODE_DAYS),
) -> Response:
    """The plan page's "Invite to a review": the invitation, with its code shown this once."""
    _check_csrf(request, csrf)
    plan = plans.get_plan(session=session, plan_id=plan_id)
    if plan is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no such plan.")
    here = f"/practitioner/plans/{plan_id}"

    def problem(kind: str) -> Response:
        return RedirectResponse(
            f"{here}?problem={kind}&control=invite#invite", status_code=status.HTTP_303_SEE_OTHER
        )

    try:
        # An empty note is no note; any other is kept exactly as typed.
        body = InvitationIn.model_validate(
            {"note": note if note.strip() else None, "expires_in_days": expires_in_days}
        )
    except ValueError:
        return problem("invite_invalid")
    try:
        made = reviews.create_invitation(
            session=session,
            plan_id=plan_id,
            practitioner=practitioner,
            note=body.note,
            days=body.expires_in_days,
        )
    except reviews.InviteRefusedError:
        return problem("invite_review" if plan.kind is PlanKind.REVIEW else "invite_closed")
    if made is None:  # pragma: no cover - the plan was read above
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no such plan.")
    invitation, code = made
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.CHANGE,
        plan_ids=[plan_id],
        detail=f"review invitation {invitation.id}, for {body.expires_in_days} days",
    )
    response = _page(
        request,
        "invitation.html",
        title=f"Invitation to review plan {plan.reference}",
        practitioner=practitioner,
        plan=plan,
        invitation=invitation,
        code=code,
        # Read aloud one symbol at a time, a group at a time.
        spoken=[" ".join(group) for group in code.split("-")],
        where=str(request.url_for("conversation_page")),
    )
    # The code is shown this once: no copy of the page is kept anywhere on the way.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/practitioner/plans/{plan_id}/history", response_class=HTMLResponse)
def history_page(
    request: Request, plan_id: PlanPathId, practitioner: PagePractitioner, session: SessionDep
) -> Response:
    """Then and now: each thing that mattered in the first words, each review's answers beside
    it, oldest first."""
    shown = reviews.read_history(session=session, plan_id=plan_id, practitioner=practitioner)
    if shown is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no such plan.")
    return _page(
        request,
        "history.html",
        title=f"History of plan {shown.plan.reference}",
        practitioner=practitioner,
        history=shown,
        movements=MOVEMENT_LABELS,
        headings=HEADINGS_THIRD_PERSON,
        carer_parts=[part.value for part in CARER_PARTS_OVER_TIME],
        review_references={review.id: review.reference for review in shown.reviews},
    )


@router.post("/practitioner/plans/{plan_id}")
def change_plan(
    request: Request,
    plan_id: PlanPathId,
    practitioner: PagePractitioner,
    session: SessionDep,
    csrf: Annotated[str, Form()],
    action: Annotated[str, Form()],
    value: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """One form per change on the plan page: status, assignee, or a note."""
    _check_csrf(request, csrf)
    if plans.get_plan(session=session, plan_id=plan_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no such plan.")
    here = f"/practitioner/plans/{plan_id}"
    control = action if action in _CONTROLS else "status"

    def problem(kind: str) -> Response:
        # Back to the plan, with what went wrong said beside the control: never raw JSON.
        return RedirectResponse(
            f"{here}?problem={kind}&control={control}",
            status_code=status.HTTP_303_SEE_OTHER,
        )

    if action == "note" and not value.strip():
        return problem("empty_note")
    try:
        changed: object = None
        entry: tuple[AuditAction, str | None] = (AuditAction.CHANGE, None)
        if action == "status":
            changes = PlanUpdate(status=PlanStatus(value))
            changed = plans.update_plan(session=session, plan_id=plan_id, changes=changes)
            entry = (AuditAction.CHANGE, audit.describe(changes))
        elif action == "assign":
            # PlanUpdate bounds the id: a number too large for the database is a 422.
            changes = PlanUpdate.model_validate({"assigned_to_id": int(value) if value else None})
            changed = plans.update_plan(session=session, plan_id=plan_id, changes=changes)
            entry = (AuditAction.CHANGE, audit.describe(changes))
        elif action == "note" and value.strip():
            changed = plans.add_note(
                session=session, plan_id=plan_id, author=practitioner, text=NoteIn(text=value).text
            )
            entry = (AuditAction.NOTE, None)
    except plans.StatusMovesBackwardError:
        return problem("backward")
    except plans.UnknownAssigneeError:
        return problem("assignee")
    except ValueError:
        # Not a status, or not a number the database could hold (pydantic's ValidationError is
        # a ValueError too).
        return problem("invalid")
    if changed is not None:
        audit.record(
            session=session,
            practitioner=practitioner,
            action=entry[0],
            plan_ids=[plan_id],
            detail=entry[1],
        )
    if changed is None:
        return RedirectResponse(here, status_code=status.HTTP_303_SEE_OTHER)
    return RedirectResponse(f"{here}?done={action}", status_code=status.HTTP_303_SEE_OTHER)


@router.post("/practitioner/plans/{plan_id}/links")
def link_plan(
    request: Request,
    plan_id: PlanPathId,
    practitioner: PagePractitioner,
    session: SessionDep,
    csrf: Annotated[str, Form(max_length=100)],
    other_plan_id: Annotated[int, Form(ge=1, le=MAX_ID)],
) -> Response:
    """A suggested match's "Link" button: the API's own link (plans.link_plans), made only
    when a practitioner chooses it, and audited as the API's is."""
    _check_csrf(request, csrf)
    here = f"/practitioner/plans/{plan_id}"
    try:
        linked = plans.link_plans(
            session=session, plan_id=plan_id, other_plan_id=other_plan_id, practitioner=practitioner
        )
    except plans.LinkRolesError:
        return RedirectResponse(
            f"{here}?problem=link_invalid", status_code=status.HTTP_303_SEE_OTHER
        )
    if linked is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no such plan.")
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.LINK,
        plan_ids=[plan_id, other_plan_id],
        detail=f"plans {plan_id} and {other_plan_id}",
    )
    return RedirectResponse(f"{here}?done=link", status_code=status.HTTP_303_SEE_OTHER)


@router.post("/practitioner/plans/{plan_id}/export", status_code=status.HTTP_204_NO_CONTENT)
def record_export(
    request: Request,
    plan_id: PlanPathId,
    practitioner: PagePractitioner,
    session: SessionDep,
    csrf: Annotated[str, Form(max_length=100)],
) -> Response:
    """The plan page's Print button says here that the plan is being printed (or saved as a
    PDF), so the audit log shows the export as well as the read."""
    _check_csrf(request, csrf)
    if plans.get_plan(session=session, plan_id=plan_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no such plan.")
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.EXPORT,
        plan_ids=[plan_id],
        detail="printed",
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _chosen_id(raw: str | None) -> int | None:
    """A filter's id from the query string; anything that is not an id is no filter."""
    if raw is None or not raw.isdigit():
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_ID else None


@router.get("/practitioner/audit", response_class=HTMLResponse)
def audit_page(request: Request, practitioner: PagePractitioner, session: SessionDep) -> Response:
    """Leads only: who read, exported, changed or linked which plan, filtered by practitioner
    and by plan (its id or its reference)."""
    if not practitioner.is_lead:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="Only a lead practitioner may read the audit log."
        )
    filters = request.query_params
    chosen_practitioner = _chosen_id(filters.get("practitioner"))
    plan_filter = (filters.get("plan") or "").strip()[:40]
    chosen_plan = _chosen_id(plan_filter)
    if plan_filter and chosen_plan is None:
        by_reference = plans.get_plan_by_reference(session=session, reference=plan_filter.upper())
        # No plan has that reference: show nothing rather than everything.
        chosen_plan = by_reference.id if by_reference else 0
    events = (
        []
        if chosen_plan == 0
        else audit.list_events(
            session=session, practitioner_id=chosen_practitioner, plan_id=chosen_plan, limit=500
        )
    )
    return _page(
        request,
        "audit.html",
        title="Audit log",
        practitioner=practitioner,
        events=events,
        practitioners=list_practitioners(session=session),
        chosen_practitioner=chosen_practitioner,
        plan_filter=plan_filter,
    )
