"""PATCH /api/v1/plans/{id}: follow-up status and assignment."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

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


def _patch(client: TestClient, plan_id: int, headers: dict[str, str], **changes: Any) -> Any:
    return client.patch(f"{API_PREFIX}/plans/{plan_id}", json=changes, headers=headers)


@pytest.mark.parametrize(
    "steps",
    [
        ["in_progress", "contacted", "closed"],
        ["contacted"],
        ["closed"],
        ["new"],
        ["in_progress", "in_progress"],
    ],
    ids=["every-step", "skip-one", "skip-to-closed", "stay-new", "same-again"],
)
def test_the_status_moves_forward(
    client: TestClient,
    auth_headers: dict[str, str],
    plan: dict[str, Any],
    steps: list[str],
) -> None:
    for step in steps:
        response = _patch(client, plan["id"], auth_headers, status=step)
        assert response.status_code == 200
        assert response.json()["status"] == step

    stored = client.get(f"{API_PREFIX}/plans/{plan['id']}", headers=auth_headers).json()
    assert stored["status"] == steps[-1]
    assert stored["updated_at"] >= plan["updated_at"]
    assert {**stored, "status": "new", "updated_at": plan["updated_at"]} == plan


@pytest.mark.parametrize(
    ("current", "requested"),
    [("in_progress", "new"), ("closed", "contacted"), ("closed", "new")],
)
def test_the_status_never_moves_backwards(
    client: TestClient,
    auth_headers: dict[str, str],
    plan: dict[str, Any],
    current: str,
    requested: str,
) -> None:
    _patch(client, plan["id"], auth_headers, status=current)

    response = _patch(client, plan["id"], auth_headers, status=requested)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "A plan's status only moves forward (new -> in_progress -> contacted -> "
        f"closed): it is '{current}', so it cannot go back to '{requested}'."
    }
    stored = client.get(f"{API_PREFIX}/plans/{plan['id']}", headers=auth_headers).json()
    assert stored["status"] == current


def test_a_refused_change_changes_nothing(
    client: TestClient,
    auth_headers: dict[str, str],
    plan: dict[str, Any],
    practitioner: Practitioner,
) -> None:
    _patch(client, plan["id"], auth_headers, status="contacted")

    response = _patch(
        client, plan["id"], auth_headers, status="new", assigned_to_id=practitioner.id
    )

    assert response.status_code == 409
    stored = client.get(f"{API_PREFIX}/plans/{plan['id']}", headers=auth_headers).json()
    assert (stored["status"], stored["assigned_to"]) == ("contacted", None)


def test_a_plan_is_assigned_and_unassigned(
    client: TestClient,
    auth_headers: dict[str, str],
    plan: dict[str, Any],
    db: Database,
) -> None:
    colleague = factories.create_practitioner(db.sessions, email="sam@example.org", name="Sam Reid")

    assigned = _patch(client, plan["id"], auth_headers, assigned_to_id=colleague.id)
    status_only = _patch(client, plan["id"], auth_headers, status="in_progress")
    unassigned = _patch(client, plan["id"], auth_headers, assigned_to_id=None)

    sam = {"id": colleague.id, "email": "sam@example.org", "name": "Sam Reid"}
    assert assigned.status_code == 200
    assert assigned.json()["assigned_to"] == sam
    assert status_only.json()["assigned_to"] == sam
    assert unassigned.status_code == 200
    assert (unassigned.json()["assigned_to"], unassigned.json()["status"]) == (
        None,
        "in_progress",
    )
    summary = client.get(f"{API_PREFIX}/plans", headers=auth_headers).json()[0]
    assert summary["assigned_to"] is None


def test_an_unknown_or_inactive_assignee_is_refused(
    client: TestClient,
    auth_headers: dict[str, str],
    plan: dict[str, Any],
    db: Database,
) -> None:
    gone = factories.create_practitioner(db.sessions, is_active=False)

    unknown = _patch(client, plan["id"], auth_headers, assigned_to_id=999999)
    inactive = _patch(client, plan["id"], auth_headers, assigned_to_id=gone.id)

    assert unknown.status_code == 422
    assert unknown.json() == {"detail": "There is no active practitioner with id 999999."}
    assert inactive.status_code == 422
    stored = client.get(f"{API_PREFIX}/plans/{plan['id']}", headers=auth_headers).json()
    assert stored["assigned_to"] is None


@pytest.mark.parametrize(
    "body",
    [{"status": "draft"}, {"status": None}, {"assignee": 1}, {"assigned_to_id": "sam"}],
    ids=["unknown-status", "null-status", "unknown-field", "non-integer-assignee"],
)
def test_malformed_changes_are_refused(
    client: TestClient, auth_headers: dict[str, str], plan: dict[str, Any], body: dict[str, Any]
) -> None:
    response = client.patch(f"{API_PREFIX}/plans/{plan['id']}", json=body, headers=auth_headers)

    assert response.status_code == 422


def test_changing_an_unknown_plan_is_not_found(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    response = _patch(client, 999999, auth_headers, status="closed")

    assert response.status_code == 404
