"""The pages. The API is the single public front door: these pages, and /api/v1.

Everything a person typed reaches the browser through Jinja's autoescaping or, in the chat,
through `textContent`: never as HTML.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from api.auth.dependencies import SessionDep, SettingsDep
from api.auth.service import authenticate
from api.core.config import Settings
from api.core.security import create_access_token, practitioner_id_from_token
from api.plans import service as plans
from api.plans.models import SECTIONS_FOR, FlagLevel, FlagSource, PlanRole, PlanStatus
from api.plans.schemas import NoteIn, PlanOut, PlanUpdate, SideBySideOut
from api.practitioners.models import Practitioner
from api.practitioners.service import get_active_practitioner, list_active_practitioners
from api.web import relay

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)

CONVERSATION_COOKIE = "wm_conversation"
SESSION_COOKIE = "wm_session"
# A conversation id is an unguessable bearer secret: whoever has it can carry on talking.
_CONVERSATION_ID_BYTES = 24
_CONVERSATION_DAYS = 60
SECTION_HEADINGS = {
    "working_well": "What is working well",
    "not_working": "What is not working so well",
    "strengths": "Strengths",
    "people": "People, places and groups",
    "what_would_help": "What would help",
    "who_could_help": "Who could help",
    "anything_else": "Anything else",
    "cared_for": "Who they look after",
    "caring_role": "What caring involves",
    "caring_impact": "How caring affects them",
    "person_matters": "What they think matters to the person",
    "person_matters_why": "Why they think it matters to the person",
    "keep_caring": "Keeping on caring",
    "emergency_plan": "In an emergency, and the future",
    "need_break": "A break from caring",
}
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


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


# --- the conversation page ------------------------------------------------------------------


class MessageIn(BaseModel):
    text: Annotated[str, Field(min_length=1, max_length=25_000)]
    role: PlanRole | None = None


@router.get("/", response_class=HTMLResponse)
def conversation_page(request: Request) -> Response:
    return templates.TemplateResponse(request, "conversation.html", {"title": "What Matters"})


@router.get("/conversation/history")
async def conversation_history(request: Request, settings: SettingsDep) -> JSONResponse:
    """The conversation this browser holds, to show again after a reload; [] if none."""
    sender = request.cookies.get(CONVERSATION_COOKIE)
    if not sender:
        return JSONResponse({"turns": []})
    try:
        turns = await relay.history(settings=settings, sender=sender)
    except relay.AssistantUnavailableError:
        return JSONResponse({"error": "unavailable"}, status_code=status.HTTP_502_BAD_GATEWAY)
    part = await relay.progress(settings=settings, sender=sender) if turns else ""
    return JSONResponse({"turns": turns, "progress": part})


@router.post("/conversation/messages")
async def conversation_message(
    request: Request, message: MessageIn, settings: SettingsDep
) -> JSONResponse:
    """Pass one message to the assistant. The first one gives this browser its conversation."""
    sender = request.cookies.get(CONVERSATION_COOKIE) or secrets.token_urlsafe(
        _CONVERSATION_ID_BYTES
    )
    metadata = {"role": message.role.value} if message.role else {}
    try:
        turns = await relay.say(
            settings=settings, sender=sender, text=message.text, metadata=metadata
        )
    except relay.AssistantUnavailableError:
        return JSONResponse({"error": "unavailable"}, status_code=status.HTTP_502_BAD_GATEWAY)
    part = await relay.progress(settings=settings, sender=sender)
    response = JSONResponse({"turns": turns, "progress": part})
    response.set_cookie(
        CONVERSATION_COOKIE,
        sender,
        max_age=_CONVERSATION_DAYS * 24 * 3600,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response


@router.get("/conversation/plan", response_class=HTMLResponse)
async def my_plan(request: Request, settings: SettingsDep) -> Response:
    """The person's own draft (or sent plan) as a document, in their words, to read and print.

    Only the conversation this browser holds: there is no way to ask for anyone else's.
    """
    sender = request.cookies.get(CONVERSATION_COOKIE)
    try:
        state = await relay.slots(settings=settings, sender=sender) if sender else {}
    except relay.AssistantUnavailableError:
        state = {}
    role = PlanRole.CARER if state.get("role") == PlanRole.CARER.value else PlanRole.PERSON
    answers = state.get("answers") or {}
    outcomes = list(state.get("outcomes") or [])
    sections = [
        (SECTION_HEADINGS[s.value], answers[s.value]["text"])
        for s in SECTIONS_FOR[role]
        if isinstance(answers.get(s.value), dict)
    ]
    return templates.TemplateResponse(
        request,
        "my_plan.html",
        {
            "title": "My plan",
            "found": bool(outcomes or sections),
            "sent": state.get("stage") == "sent",
            "reference": state.get("plan_reference"),
            "outcomes": outcomes,
            "sections": sections,
        },
    )


@router.post("/conversation/forget")
def forget_conversation() -> Response:
    """Leave this conversation on this device (it stays saved: a resume code brings it back)."""
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(CONVERSATION_COOKIE)
    return response


# --- the practitioners' pages ---------------------------------------------------------------


def _csrf(token: str, settings: Settings) -> str:
    # Tied to the signed-in session, so a form from another site cannot carry a valid one.
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, f"csrf:{token}".encode(), hashlib.sha256).hexdigest()


def _signed_in(request: Request, session: SessionDep, settings: SettingsDep) -> Practitioner:
    token = request.cookies.get(SESSION_COOKIE) or ""
    practitioner_id = practitioner_id_from_token(token=token, settings=settings)
    practitioner = (
        get_active_practitioner(session=session, practitioner_id=practitioner_id)
        if practitioner_id is not None
        else None
    )
    if practitioner is None:
        # Expired or never signed in: to the sign-in page, and back here afterwards.
        raise HTTPException(
            status.HTTP_303_SEE_OTHER, headers={"Location": "/practitioner/sign-in"}
        )
    request.state.csrf = _csrf(token, settings)
    return practitioner


PagePractitioner = Annotated[Practitioner, Depends(_signed_in)]


def _check_csrf(request: Request, given: str) -> None:
    if not hmac.compare_digest(given, getattr(request.state, "csrf", "")):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="This form has expired.")


def _page(request: Request, name: str, **context: Any) -> Response:
    context.setdefault("csrf", getattr(request.state, "csrf", ""))
    return templates.TemplateResponse(request, name, context)


@router.get("/practitioner/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request) -> Response:
    return _page(request, "sign_in.html", title="Sign in", error=None, email="")


@router.post("/practitioner/sign-in", response_class=HTMLResponse)
def sign_in(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    practitioner = authenticate(session=session, email=email, password=password)
    if practitioner is None:
        return templates.TemplateResponse(
            request,
            "sign_in.html",
            {"title": "Sign in", "error": "Incorrect email or password.", "email": email},
            status_code=status.HTTP_401_UNAUTHORIZED,
        )
    token = create_access_token(practitioner_id=practitioner.id, settings=settings)
    response = RedirectResponse("/practitioner", status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.access_token_minutes * 60,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response


@router.post("/practitioner/sign-out")
def sign_out(request: Request, _: PagePractitioner, csrf: Annotated[str, Form()]) -> Response:
    _check_csrf(request, csrf)
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
    return _page(
        request,
        "queue.html",
        title="Plans",
        practitioner=practitioner,
        summaries=summaries,
        chosen_status=chosen_status,
        chosen_role=chosen_role,
        statuses=STATUS_NAMES,
    )


@router.get("/practitioner/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(
    request: Request, plan_id: int, practitioner: PagePractitioner, session: SessionDep
) -> Response:
    plan = plans.get_plan(session=session, plan_id=plan_id)
    if plan is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no such plan.")
    linked = plans.linked_plans(session=session, plan=plan)
    side = (
        SideBySideOut.from_plans(plan, linked) if plan.role is PlanRole.PERSON and linked else None
    )
    return _page(
        request,
        "plan.html",
        title=f"Plan {plan.reference}",
        practitioner=practitioner,
        plan=PlanOut.from_plan(plan, linked=linked),
        sections=[(s.value, SECTION_HEADINGS[s.value]) for s in SECTIONS_FOR[plan.role]],
        side=side,
        statuses=STATUS_NAMES,
        flag_levels=FLAG_LEVELS,
        flag_sources=FLAG_SOURCES,
        practitioners=list_active_practitioners(session=session),
    )


@router.post("/practitioner/plans/{plan_id}")
def change_plan(
    request: Request,
    plan_id: int,
    practitioner: PagePractitioner,
    session: SessionDep,
    csrf: Annotated[str, Form()],
    action: Annotated[str, Form()],
    value: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """One form per change on the plan page: status, assignee, or a note."""
    _check_csrf(request, csrf)
    try:
        if action == "status":
            plans.update_plan(
                session=session, plan_id=plan_id, changes=PlanUpdate(status=PlanStatus(value))
            )
        elif action == "assign":
            assignee = int(value) if value else None
            plans.update_plan(
                session=session, plan_id=plan_id, changes=PlanUpdate(assigned_to_id=assignee)
            )
        elif action == "note" and value.strip():
            plans.add_note(
                session=session, plan_id=plan_id, author=practitioner, text=NoteIn(text=value).text
            )
    except (ValueError, plans.StatusMovesBackwardError, plans.UnknownAssigneeError) as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    return RedirectResponse(f"/practitioner/plans/{plan_id}", status_code=status.HTTP_303_SEE_OTHER)
