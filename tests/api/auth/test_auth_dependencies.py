"""Every practitioner endpoint refuses anything but a valid practitioner token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from fastapi.testclient import TestClient

from api.core.config import Settings
from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import Database

PRACTITIONER_ENDPOINTS = [
    ("GET", f"{API_PREFIX}/practitioners/me", None),
    ("GET", f"{API_PREFIX}/practitioners", None),
    ("GET", f"{API_PREFIX}/plans", None),
    ("GET", f"{API_PREFIX}/plans/1", None),
    ("PATCH", f"{API_PREFIX}/plans/1", {"status": "closed"}),
    ("POST", f"{API_PREFIX}/plans/1/notes", {"text": "hello"}),
]


def _forged(practitioner: Practitioner, **claims: object) -> str:
    now = datetime.now(tz=UTC)
    values = {"sub": str(practitioner.id), "type": "access", "iat": now}
    values["exp"] = now + timedelta(hours=1)
    values.update(claims)
    return jwt.encode(values, factories.SECRET_KEY, algorithm="HS256")


def _bad_tokens(practitioner: Practitioner, settings: Settings) -> dict[str, dict[str, str]]:
    hour_ago = datetime.now(tz=UTC) - timedelta(hours=2)
    good = factories.access_token(practitioner, settings)
    return {
        "none": {},
        "empty": {"Authorization": "Bearer "},
        "malformed": factories.bearer("not.a.jwt"),
        "expired": factories.bearer(factories.access_token(practitioner, settings, now=hour_ago)),
        "wrong-signature": factories.bearer(
            jwt.encode(
                jwt.decode(good, options={"verify_signature": False}),
                "another-secret-key-that-is-long-enough-0123456789",
                algorithm="HS256",
            )
        ),
        "unsigned": factories.bearer(
            jwt.encode({"sub": str(practitioner.id)}, key=None, algorithm="none")
        ),
        "not-an-access-token": factories.bearer(_forged(practitioner, type="refresh")),
        "no-expiry": factories.bearer(_forged(practitioner, exp=None)),
        "unknown-practitioner": factories.bearer(_forged(practitioner, sub="999999")),
        "non-numeric-subject": factories.bearer(_forged(practitioner, sub="alex")),
        "service-token": factories.bearer(factories.BOT_SERVICE_TOKEN),
        "basic-scheme": {"Authorization": f"Basic {good}"},
    }


BAD_TOKEN_NAMES = [
    "none",
    "empty",
    "malformed",
    "expired",
    "wrong-signature",
    "unsigned",
    "not-an-access-token",
    "no-expiry",
    "unknown-practitioner",
    "non-numeric-subject",
    "service-token",
    "basic-scheme",
]


@pytest.mark.parametrize("token_name", BAD_TOKEN_NAMES)
@pytest.mark.parametrize(
    ("method", "path", "body"),
    PRACTITIONER_ENDPOINTS,
    ids=[f"{method} {path}" for method, path, _ in PRACTITIONER_ENDPOINTS],
)
def test_practitioner_endpoints_need_a_valid_practitioner_token(
    client: TestClient,
    practitioner: Practitioner,
    settings: Settings,
    method: str,
    path: str,
    body: dict[str, str] | None,
    token_name: str,
) -> None:
    headers = _bad_tokens(practitioner, settings)[token_name]

    response = client.request(method, path, json=body, headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_deactivated_practitioners_token_stops_working(
    client: TestClient, db: Database, settings: Settings
) -> None:
    leaver = factories.create_practitioner(db.sessions)
    headers = factories.bearer(factories.access_token(leaver, settings))
    assert client.get(f"{API_PREFIX}/practitioners/me", headers=headers).status_code == 200
    with db.sessions() as session:
        session.get(Practitioner, leaver.id).is_active = False  # type: ignore[union-attr]
        session.commit()

    response = client.get(f"{API_PREFIX}/practitioners/me", headers=headers)

    assert response.status_code == 401
