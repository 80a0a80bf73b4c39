"""GET /api/v1/practitioners/me and /api/v1/practitioners."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import Database


def test_me_is_the_signed_in_practitioner(
    client: TestClient, practitioner: Practitioner, auth_headers: dict[str, str]
) -> None:
    response = client.get(f"{API_PREFIX}/practitioners/me", headers=auth_headers)

    assert response.status_code == 200
    assert response.json() == {
        "id": practitioner.id,
        "email": "alex@example.org",
        "name": "Alex Morgan",
        "role": "practitioner",
    }


def test_the_list_shows_active_practitioners_by_name(
    client: TestClient, practitioner: Practitioner, auth_headers: dict[str, str], db: Database
) -> None:
    zoe = factories.create_practitioner(db.sessions, email="zoe@example.org", name="Zoe Bell")
    bea = factories.create_practitioner(db.sessions, email="bea@example.org", name="Bea Grant")
    factories.create_practitioner(db.sessions, email="left@example.org", is_active=False)

    response = client.get(f"{API_PREFIX}/practitioners", headers=auth_headers)

    assert response.status_code == 200
    assert response.json() == [
        {"id": practitioner.id, "email": "alex@example.org", "name": "Alex Morgan"},
        {"id": bea.id, "email": "bea@example.org", "name": "Bea Grant"},
        {"id": zoe.id, "email": "zoe@example.org", "name": "Zoe Bell"},
    ]
