"""Sign-out and password changes end a session: a signed, unexpired JWT is not enough."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.auth.models import PractitionerSession
from api.auth.service import change_password
from api.core.config import Settings
from api.core.security import create_access_token
from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import Database

ME = f"{API_PREFIX}/practitioners/me"


def _sign_in(client: TestClient) -> str:
    response = client.post(
        f"{API_PREFIX}/auth/token",
        data={"username": "alex@example.org", "password": factories.PASSWORD},
    )
    assert response.status_code == 200
    return str(response.json()["access_token"])


def test_a_token_is_refused_after_sign_out(client: TestClient, practitioner: Practitioner) -> None:
    token = _sign_in(client)
    headers = factories.bearer(token)
    assert client.get(ME, headers=headers).status_code == 200

    out = client.post(f"{API_PREFIX}/auth/sign-out", headers=headers)

    assert out.status_code == 204
    after = client.get(ME, headers=headers)
    assert after.status_code == 401
    assert after.json() == {"detail": "Invalid or expired token. Please sign in again."}
    # Signing out again with the same token is refused too: the session is gone.
    assert client.post(f"{API_PREFIX}/auth/sign-out", headers=headers).status_code == 401


def test_two_sign_ins_in_the_same_second_give_different_tokens(
    client: TestClient, practitioner: Practitioner, settings: Settings
) -> None:
    first, second = _sign_in(client), _sign_in(client)
    key = settings.secret_key.get_secret_value()
    claims = [jwt.decode(t, key, algorithms=["HS256"]) for t in (first, second)]

    assert first != second
    assert claims[0]["jti"] != claims[1]["jti"]
    # Signing out of one leaves the other open.
    client.post(f"{API_PREFIX}/auth/sign-out", headers=factories.bearer(first))
    assert client.get(ME, headers=factories.bearer(first)).status_code == 401
    assert client.get(ME, headers=factories.bearer(second)).status_code == 200


def test_a_password_change_ends_every_session(
    client: TestClient, practitioner: Practitioner, db: Database
) -> None:
    tokens = [_sign_in(client), _sign_in(client)]

    with db.sessions() as session:
        assert change_password(
            session=session, practitioner_id=practitioner.id, password="a new long passphrase"
        )

    assert [client.get(ME, headers=factories.bearer(t)).status_code for t in tokens] == [401, 401]


def test_a_signed_token_without_a_session_is_refused(
    client: TestClient, practitioner: Practitioner, settings: Settings
) -> None:
    # Signed with the real key, unexpired, but never issued by sign-in.
    forged = create_access_token(practitioner_id=practitioner.id, jti="made-up", settings=settings)

    assert client.get(ME, headers=factories.bearer(forged)).status_code == 401


def test_sessions_long_expired_are_deleted_at_the_next_sign_in(
    client: TestClient, practitioner: Practitioner, settings: Settings, db: Database
) -> None:
    long_ago = datetime.now(tz=UTC) - timedelta(days=30)
    factories.access_token(practitioner, settings, now=long_ago)
    _sign_in(client)

    with db.sessions() as session:
        kept = session.scalars(select(PractitionerSession.created_at)).all()
    assert len(kept) == 1 and kept[0] > long_ago + timedelta(days=29)
