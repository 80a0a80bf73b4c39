"""The conversation page: the person's chat with the assistant, and their own plan.

The API is the single public front door: the browser talks to these routes, which relay each
message to Rasa on loopback (api/web/relay.py).
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from api.core.config import Settings
from api.core.dependencies import SettingsDep, ThrottleDep, client_address
from api.core.security import (
    conversation_sender_id,
    is_conversation_secret,
    new_conversation_secret,
)
from api.core.throttle import Limit
from api.plans.models import PlanRole
from api.web import relay
from api.web.pages import form_token, form_token_ok, secure, templates, with_form_cookie
from api.web.pictures import annotate
from contract.formats import CODE_SYMBOL, CODE_SYMBOLS
from contract.plan import (
    FLAGS_FIRST_PERSON,
    HEADINGS_FIRST_PERSON,
    MOVEMENT_FIRST_PERSON,
    OUTCOME_FIELDS,
    QUESTIONS_FIRST_PERSON,
    REVIEWED_FIRST_PERSON,
    SKIPPED_FIRST_PERSON,
)

router = APIRouter(include_in_schema=False)

CONVERSATION_COOKIE = "wm_conversation"
# The cookie is an unguessable bearer secret: whoever has it can carry on talking. Rasa only
# ever sees conversation_sender_id(cookie), so the id on a plan cannot be turned back into it.
_CONVERSATION_DAYS = 60
# The page's Easy Read choice ("1" or "0"), set by easy_read.js: a preference, not a secret.
EASY_READ_COOKIE = "wm_easy_read"


class MessageIn(BaseModel):
    text: Annotated[str, Field(min_length=1, max_length=25_000)]
    role: PlanRole | None = None
    # The page's own key for this message, the same each time it sends it again because no
    # answer came (`again`): the message is then taken once, however often it is sent.
    key: Annotated[str | None, Field(pattern=r"^[A-Za-z0-9_-]{16,64}$")] = None
    again: bool = False


def _browser_secret(request: Request) -> str | None:
    """The conversation secret this browser holds, if it has the shape we give it."""
    secret = request.cookies.get(CONVERSATION_COOKIE) or ""
    return secret if is_conversation_secret(secret) else None


def browser_sender(request: Request, settings: Settings) -> str | None:
    """Rasa's id for the conversation this browser holds; None if it holds none."""
    secret = _browser_secret(request)
    return conversation_sender_id(secret=secret, settings=settings) if secret else None


# "resume …", or something shaped like a code (16 symbols of its alphabet, which has no I or
# O, so long words are seldom mistaken for one): an attempt at a resume code.
_CODE_SHAPED = (
    rf"(?<![a-z0-9])(?:{CODE_SYMBOL}[\s-]*){{{CODE_SYMBOLS - 1}}}{CODE_SYMBOL}(?![a-z0-9])"
)
_RESUME_ATTEMPT = re.compile(rf"\bresume\b|{_CODE_SHAPED}", re.IGNORECASE)


@router.get("/", response_class=HTMLResponse)
def conversation_page(request: Request, settings: SettingsDep) -> Response:
    cookie, field = form_token(request, settings)
    response = templates.TemplateResponse(
        request, "conversation.html", {"title": "What Matters", "form_token": field}
    )
    return with_form_cookie(request, response, cookie)


@router.get("/conversation/history")
async def conversation_history(request: Request, settings: SettingsDep) -> JSONResponse:
    """The conversation this browser holds, to show again after a reload; [] if none."""
    sender = browser_sender(request, settings)
    if not sender:
        return JSONResponse({"turns": []})
    try:
        turns = await relay.history(settings=settings, sender=sender)
    except relay.AssistantUnavailableError:
        return JSONResponse({"error": "unavailable"}, status_code=status.HTTP_502_BAD_GATEWAY)
    part, easy_read = (
        await relay.page_state(settings=settings, sender=sender) if turns else ("", None)
    )
    return JSONResponse({"turns": annotate(turns), "progress": part, "easy_read": easy_read})


@router.post("/conversation/messages")
async def conversation_message(
    request: Request, message: MessageIn, settings: SettingsDep, throttle: ThrottleDep
) -> JSONResponse:
    """Pass one message to the assistant. The first one gives this browser its conversation.

    A cookie we did not give (wrong shape) is ignored: the browser gets a new conversation."""
    if _RESUME_ATTEMPT.search(message.text):
        # Guessing resume codes: ten attempts per client in 15 minutes.
        client = client_address(request)
        refusal = throttle.check(Limit.RESUME_CLIENT, client)
        if refusal is not None:
            return JSONResponse(
                {"error": "too_many", "retry_after": refusal.retry_after_seconds},
                status_code=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(refusal.retry_after_seconds)},
            )
        throttle.count(Limit.RESUME_CLIENT, client)
    secret = _browser_secret(request) or new_conversation_secret()
    sender = conversation_sender_id(secret=secret, settings=settings)
    metadata: dict[str, str | bool] = {"role": message.role.value} if message.role else {}
    # Easy Read, as chosen on the page (easy_read.js keeps it in this cookie): the assistant
    # keeps it for the conversation (action_read_mode).
    if request.cookies.get(EASY_READ_COOKIE) in ("0", "1"):
        metadata["easy_read"] = request.cookies[EASY_READ_COOKIE] == "1"
    try:
        turns = await relay.say(
            settings=settings,
            sender=sender,
            text=message.text,
            metadata=metadata,
            key=message.key,
            again=message.again,
        )
    except relay.AssistantUnavailableError:
        return JSONResponse({"error": "unavailable"}, status_code=status.HTTP_502_BAD_GATEWAY)
    part, easy_read = await relay.page_state(settings=settings, sender=sender)
    response = JSONResponse({"turns": annotate(turns), "progress": part, "easy_read": easy_read})
    response.set_cookie(
        CONVERSATION_COOKIE,
        secret,
        max_age=_CONVERSATION_DAYS * 24 * 3600,
        httponly=True,
        samesite="strict",
        secure=secure(request),
    )
    return response


@router.get("/conversation/plan", response_class=HTMLResponse)
async def my_plan(request: Request, settings: SettingsDep) -> Response:
    """The person's own draft (or sent plan) as a document, in their words, to read and print.

    Only the conversation this browser holds: there is no way to ask for anyone else's.
    """
    sender = browser_sender(request, settings)
    try:
        state = await relay.slots(settings=settings, sender=sender) if sender else {}
    except relay.AssistantUnavailableError:
        # Said as it is: their plan is not lost, it cannot be read just now.
        return templates.TemplateResponse(
            request,
            "my_plan.html",
            {"title": "My plan", "unavailable": True},
            status_code=status.HTTP_502_BAD_GATEWAY,
        )
    plan = relay.plan_view(state)
    return templates.TemplateResponse(
        request,
        "my_plan.html",
        {
            "title": "My plan",
            "found": bool(
                plan.outcomes or plan.sections or plan.questions or plan.flags or plan.reviewed
            ),
            "sent": plan.sent,
            "reference": plan.reference,
            "outcomes_heading": plan.outcomes_heading,
            "outcomes": plan.outcomes,
            # In their own voice, as the chat showed them (contract.plan.OUTCOME_FIELDS).
            "outcome_headings": {
                field: HEADINGS_FIRST_PERSON[part]
                for field, part in OUTCOME_FIELDS.items()
                if field != "what"
            },
            "reviewed_heading": REVIEWED_FIRST_PERSON,
            "reviewed": plan.reviewed,
            "movement_heading": MOVEMENT_FIRST_PERSON,
            "outcomes_skipped": plan.outcomes_skipped,
            "sections": plan.sections,
            "questions_heading": QUESTIONS_FIRST_PERSON,
            "questions": plan.questions,
            "flags_heading": FLAGS_FIRST_PERSON,
            "flags": plan.flags,
            "skipped": SKIPPED_FIRST_PERSON,
        },
    )


@router.post("/conversation/forget")
def forget_conversation(
    request: Request, settings: SettingsDep, form_token: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    """Leave this conversation on this device (it stays saved: a resume code brings it back)."""
    if not form_token_ok(request, form_token, settings):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="This form has expired.")
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(CONVERSATION_COOKIE)
    return response
