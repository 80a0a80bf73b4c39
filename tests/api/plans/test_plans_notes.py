"""POST /api/v1/plans/{id}/notes: practitioners' notes, returned with the plan."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.core.config import Settings
from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import Database


@pytest.fixture
def plan(client: TestClient, bot_headers: dict[str, str]) -> dict[str, Any]:
    response = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(), headers=bot_headers
    )
    body: dict[str, Any] = response.json()
    return body


def test_a_note_is_added_with_its_author(
    client: TestClient,
    auth_headers: dict[str, str],
    plan: dict[str, Any],
    practitioner: Practitioner,
) -> None:
    text = "Phoned her daughter 🌻\n  left a message {{later}}  "

    response = client.post(
        f"{API_PREFIX}/plans/{plan['id']}/notes", json={"text": text}, headers=auth_headers
    )

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "text": text,
        "author": {"id": practitioner.id, "email": "alex@example.org", "name": "Alex Morgan"},
        "created_at": body["created_at"],
    }
    assert body["created_at"].endswith("Z")
    stored = client.get(f"{API_PREFIX}/plans/{plan['id']}", headers=auth_headers).json()
    assert stored["notes"] == [body]
    assert stored["updated_at"] == body["created_at"]


def test_notes_come_back_oldest_first(
    client: TestClient,
    auth_headers: dict[str, str],
    plan: dict[str, Any],
    db: Database,
    settings: Settings,
) -> None:
    colleague = factories.create_practitioner(db.sessions, name="Sam Reid")
    colleague_headers = factories.bearer(factories.access_token(colleague, settings))
    for text, headers in [
        ("first", auth_headers),
        ("second", colleague_headers),
        ("third", auth_headers),
    ]:
        client.post(f"{API_PREFIX}/plans/{plan['id']}/notes", json={"text": text}, headers=headers)

    notes = client.get(f"{API_PREFIX}/plans/{plan['id']}", headers=auth_headers).json()["notes"]

    assert [(note["text"], note["author"]["name"]) for note in notes] == [
        ("first", "Alex Morgan"),
        ("second", "Sam Reid"),
        ("third", "Alex Morgan"),
    ]


@pytest.mark.parametrize(
    ("text", "status_code"),
    [("x", 201), ("x" * 20_000, 201), ("", 422), ("x" * 20_001, 422), ("a\x00b", 422)],
    ids=["one-char", "longest", "empty", "too-long", "nul"],
)
def test_note_length_and_content(
    client: TestClient,
    auth_headers: dict[str, str],
    plan: dict[str, Any],
    text: str,
    status_code: int,
) -> None:
    response = client.post(
        f"{API_PREFIX}/plans/{plan['id']}/notes", json={"text": text}, headers=auth_headers
    )

    assert response.status_code == status_code
    if status_code == 201:
        assert response.json()["text"] == text


def test_a_note_on_an_unknown_plan_is_not_found(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    response = client.post(
        f"{API_PREFIX}/plans/999999/notes", json={"text": "hello"}, headers=auth_headers
    )

    assert response.status_code == 404
