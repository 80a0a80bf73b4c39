"""POST /api/v1/auth/token: practitioners sign in with email and password."""

from __future__ import annotations

import jwt
import pytest
from fastapi.testclient import TestClient

from api.core.config import Settings
from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import Database

WRONG = {"detail": "Incorrect email or password."}


def _sign_in(client: TestClient, username: str, password: str) -> object:
    return client.post(
        f"{API_PREFIX}/auth/token", data={"username": username, "password": password}
    )


def test_signing_in_gives_a_bearer_token_for_the_practitioner(
    client: TestClient, practitioner: Practitioner, settings: Settings
) -> None:
    response = client.post(
        f"{API_PREFIX}/auth/token",
        data={"username": "alex@example.org", "password": factories.PASSWORD},
    )

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "access_token": body["access_token"],
        "token_type": "bearer",
        "expires_in": 3600,
    }
    claims = jwt.decode(body["access_token"], factories.SECRET_KEY, algorithms=["HS256"])
    assert claims["sub"] == str(practitioner.id)
    assert claims["exp"] - claims["iat"] == 3600
    me = client.get(
        f"{API_PREFIX}/practitioners/me", headers=factories.bearer(body["access_token"])
    )
    assert me.json()["email"] == "alex@example.org"


def test_the_email_is_not_case_sensitive(client: TestClient, practitioner: Practitioner) -> None:
    response = client.post(
        f"{API_PREFIX}/auth/token",
        data={"username": " Alex@Example.ORG ", "password": factories.PASSWORD},
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("alex@example.org", "wrong password!!"),
        ("alex@example.org", factories.PASSWORD.upper()),
        ("nobody@example.org", factories.PASSWORD),
    ],
    ids=["wrong-password", "wrong-case-password", "unknown-email"],
)
def test_wrong_credentials_are_refused_alike(
    client: TestClient, practitioner: Practitioner, username: str, password: str
) -> None:
    response = client.post(
        f"{API_PREFIX}/auth/token", data={"username": username, "password": password}
    )

    assert response.status_code == 401
    assert response.json() == WRONG
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_an_inactive_practitioner_cannot_sign_in(client: TestClient, db: Database) -> None:
    factories.create_practitioner(db.sessions, email="left@example.org", is_active=False)

    response = client.post(
        f"{API_PREFIX}/auth/token",
        data={"username": "left@example.org", "password": factories.PASSWORD},
    )

    assert response.status_code == 401
    assert response.json() == WRONG


def test_sign_in_needs_both_fields(client: TestClient) -> None:
    response = client.post(f"{API_PREFIX}/auth/token", data={"username": "alex@example.org"})

    assert response.status_code == 422
