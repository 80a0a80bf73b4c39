"""Builders for the API tests: settings, practitioners, tokens, plan and flag payloads."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.auth.service import start_session
from api.core.config import Settings
from api.core.database import make_engine, make_sessionmaker
from api.practitioners.models import Practitioner, PractitionerRole

SECRET_KEY = "test-secret-key-that-is-long-enough-for-hs256-0123456789"
BOT_SERVICE_TOKEN = "test-bot-service-token-0123456789abcdefghijklmnop"
PASSWORD = "correct horse battery staple"
SAID_AT = "2026-11-22T10:00:00+00:00"
SENT_AT = "2026-11-22T10:15:00+00:00"

# Words a person might type, which a careless system would mangle.
AWKWARD_TEXTS = [
    "🌻🏴",
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland's flag, a tag sequence",
    "0[",
    "{name} {{braces}}",
    ("I would like help with the stairs, and with my shopping on a Friday. " * 300)[:20_000],
    "line1\nline2\r\n\ttabbed",
    "\x07\x1b[31m",
    "<script>alert(1)</script>",
    "no, I don't know, my daughter helps me",
    "Tha mi airson fuireach aig an taigh",
    "Zażółć gęślą jaźń",
    "میرے لیے میرا خاندان سب سے اہم ہے",
    "  leading and trailing spaces  ",
    "\"double\" and 'single' quotes, a back\\slash and \\n not a newline",
    "cafe\u0301 (decomposed) and café (composed)",
    "zero\u200bwidth, line\u2028separator, bom\ufeff",
    "\r",
    " ",
]

_sequence = itertools.count(1)
# Cheap argon2 parameters keep hundreds of tests fast; verification reads the parameters from
# the hash, and signing in upgrades such a hash to the real parameters.
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@dataclass(frozen=True)
class Database:
    """One migrated test database (see conftest.py): its backend, URL, engine and sessions."""

    backend: str
    url: str
    engine: Engine
    sessions: sessionmaker[Session]


def settings(
    *,
    database_url: str,
    secret_key: str = SECRET_KEY,
    bot_service_token: str = BOT_SERVICE_TOKEN,
    access_token_minutes: int = 60,
    rasa_url: str = "http://127.0.0.1:9",
    rasa_api_token: str = "test-rasa-token",
) -> Settings:
    """The tests' own settings: every field is given, so nothing from .env or the environment
    (which take lower priority) can leak in."""
    return Settings(
        database_url=database_url,
        secret_key=SecretStr(secret_key),
        bot_service_token=SecretStr(bot_service_token),
        access_token_minutes=access_token_minutes,
        rasa_url=rasa_url,
        rasa_api_token=SecretStr(rasa_api_token),
        rate_limit_storage_url="memory://",
    )


def create_practitioner(
    session_factory: sessionmaker[Session],
    *,
    email: str | None = None,
    password: str = PASSWORD,
    name: str | None = None,
    is_active: bool = True,
    role: PractitionerRole = PractitionerRole.PRACTITIONER,
) -> Practitioner:
    number = next(_sequence)
    practitioner = Practitioner(
        email=email or f"practitioner{number}@example.org",
        name=name or f"Practitioner {number}",
        password_hash=_fast_hasher.hash(password),
        is_active=is_active,
        role=role.value,
    )
    with session_factory() as session:
        session.add(practitioner)
        session.commit()
    return practitioner


@lru_cache(maxsize=8)
def _sessions_for(database_url: str) -> sessionmaker[Session]:
    return make_sessionmaker(make_engine(database_url))


def access_token(
    practitioner: Practitioner, settings: Settings, *, now: datetime | None = None
) -> str:
    """A token as signing in gives one: with its session open in the settings' database."""
    with _sessions_for(settings.database_url)() as session:
        return start_session(session=session, practitioner=practitioner, settings=settings, now=now)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def quote(
    text: str,
    *,
    message_id: str | None = "msg-1",
    said_at: str = SAID_AT,
    asked: str | None = None,
    follows: str | None = None,
) -> dict[str, Any]:
    """A quote with every field the API gives back, so a payload reads back equal to itself
    (a bot that sends no `asked` or `follows` gets them back as null)."""
    return {
        "text": text,
        "message_id": message_id,
        "said_at": said_at,
        "asked": asked,
        "follows": follows,
    }


def outcome(
    what: dict[str, Any],
    why: dict[str, Any] | None = None,
    *,
    added: list[dict[str, Any]] | None = None,
    help: dict[str, Any] | None = None,
    who: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An outcome with every field the API gives back."""
    return {"what": what, "why": why, "added": added or [], "help": help, "who": who}


def flag(
    text: str,
    *,
    categories: list[str] | None = None,
    message_id: str | None = "msg-1",
    said_at: str = SAID_AT,
    level: str = "life",
    source: str = "phrase_list",
    choices: list[str] | None = None,
) -> dict[str, Any]:
    """A safety flag: the message, what kind of risk, how serious, what raised it, and what
    the person chose."""
    return {
        "quote": quote(text, message_id=message_id, said_at=said_at),
        "categories": ["self_harm"] if categories is None else categories,
        "level": level,
        "source": source,
        "choices": choices or [],
    }


def flags_payload(conversation_id: str, *flags: dict[str, Any]) -> dict[str, Any]:
    """A body for POST /api/v1/plans/flags; one default flag unless flags are given."""
    return {
        "conversation_id": conversation_id,
        "flags": list(flags) or [flag("I don't want to be here any more", message_id="f1")],
    }


def reference() -> str:
    return f"WM-T{next(_sequence):06d}"


def plan_payload(**overrides: Any) -> dict[str, Any]:
    """A valid body for POST /api/v1/plans, unique per call; keywords replace top-level keys."""
    number = next(_sequence)
    payload: dict[str, Any] = {
        "conversation_id": f"conversation-{number}",
        "reference": f"WM-{number:06d}",
        "sent_at": SENT_AT,
        "outcomes": [
            outcome(
                quote("Seeing my grandchildren every week", message_id="m1"),
                quote("They keep me going", message_id="m2"),
            )
        ],
        "sections": {"working_well": [quote("My neighbour pops in", message_id="m3")]},
    }
    payload.update(overrides)
    return payload


def carer_payload(**overrides: Any) -> dict[str, Any]:
    """A valid carer's plan for POST /api/v1/plans; keywords replace top-level keys."""
    payload = plan_payload(
        role="carer",
        outcomes=[outcome(quote("A night's sleep", message_id="c1"))],
        sections={
            "cared_for": [quote("My mum, Jean, she's 84", message_id="c2")],
            "person_matters": [quote("Her garden, more than anything", message_id="c3")],
            "person_matters_why": [quote("it's where she feels like herself", message_id="c4")],
            "need_break": [quote("yes!! even one afternoon", message_id="c5")],
        },
    )
    payload.update(overrides)
    return payload


def hidden_field(html: str, name: str) -> str:
    """The value of a form's hidden field in a page."""
    marker = f'name="{name}" value="'
    assert marker in html, f"no hidden field {name}"
    return html.split(marker, 1)[1].split('"', 1)[0]


def sign_in_pages(client: TestClient, *, email: str = "alex@example.org") -> None:
    """Sign in through the practitioners' pages: the session cookie is then in the client."""
    form_token = hidden_field(client.get("/practitioner/sign-in").text, "form_token")
    response = client.post(
        "/practitioner/sign-in",
        data={"email": email, "password": PASSWORD, "form_token": form_token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def review_payload(*, reviews_plan: str, conversation_id: str, **overrides: Any) -> dict[str, Any]:
    """A valid review for POST /api/v1/plans (the conversation must have claimed an invitation
    to review `reviews_plan`); keywords replace top-level keys."""
    number = next(_sequence)
    payload: dict[str, Any] = {
        "conversation_id": conversation_id,
        "reference": f"WM-R{number:05d}",
        "sent_at": "2027-02-01T10:15:00+00:00",
        "kind": "review",
        "reviews_plan": reviews_plan,
        "reviewed": [
            {
                "position": 0,
                "now": quote("Much better, I see them on Sundays", message_id="r1"),
                "movement": "better",
                "helped": quote("My son drives me", message_id="r2"),
                "in_the_way": None,
                "still_matters": quote("Yes, more than ever", message_id="r3"),
            }
        ],
        "outcomes": [],
        "sections": {},
    }
    payload.update(overrides)
    return payload


def returned(sent: Any) -> Any:
    """What the API gives back for something sent without the fields a newer bot sends: every
    quote with `asked` and `follows` null, every outcome with nothing added and no help or who.
    Nothing else changes, so a test still compares the words byte for byte."""
    if isinstance(sent, list):
        return [returned(value) for value in sent]
    if not isinstance(sent, dict):
        return sent
    out = {key: returned(value) for key, value in sent.items()}
    if "said_at" in out and "text" in out:
        out = {**out, "asked": out.get("asked"), "follows": out.get("follows")}
    if "what" in out and "why" in out and not {"position", "review_id"} & set(out):
        out = {"added": [], "help": None, "who": None, **out}
    return out
