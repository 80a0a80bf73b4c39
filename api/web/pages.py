"""What the conversation pages and the practitioners' pages share: the templates, and the
token that forms anyone may post (sign-in, leaving a conversation) carry.

Everything a person typed reaches the browser through Jinja's autoescaping or, in the chat,
through `textContent`: never as HTML.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from api.core.config import Settings

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")

# Practitioners work in the UK: every time on a page is UK time (GMT or BST, as the clocks say).
UK = ZoneInfo("Europe/London")


def uk_time(moment: datetime, *, seconds: bool = False) -> str:
    """A stored time (UTC) as practitioners read it: "23 Nov 2026, 14:05" in UK local time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UK).strftime("%d %b %Y, %H:%M:%S" if seconds else "%d %b %Y, %H:%M")


templates.env.filters["uk_time"] = uk_time

# The forms anyone may post (sign-in, leaving a conversation) carry a token tied to this cookie.
FORM_COOKIE = "wm_form"


def secure(request: Request) -> bool:
    return request.url.scheme == "https"


def form_token(request: Request, settings: Settings) -> tuple[str, str]:
    """(cookie, hidden field) for a form anyone may post: the field is HMAC(key, cookie), so a
    page on another site, which can neither read nor set our cookie, cannot forge it."""
    cookie = request.cookies.get(FORM_COOKIE) or ""
    if not re.fullmatch(r"[A-Za-z0-9_-]{32}", cookie):
        cookie = secrets.token_urlsafe(24)
    return cookie, _form_field(cookie, settings)


def _form_field(cookie: str, settings: Settings) -> str:
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, f"form:{cookie}".encode(), hashlib.sha256).hexdigest()


def form_token_ok(request: Request, given: str, settings: Settings) -> bool:
    cookie = request.cookies.get(FORM_COOKIE) or ""
    return bool(cookie) and hmac.compare_digest(
        given.encode(), _form_field(cookie, settings).encode()
    )


def with_form_cookie(request: Request, response: Response, cookie: str) -> Response:
    response.set_cookie(
        FORM_COOKIE, cookie, httponly=True, samesite="strict", secure=secure(request)
    )
    return response
