"""The audit log: every practitioner read, export, change and link of a plan; leads read it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from api.audit.models import AuditEvent, AuditLogIsAppendOnlyError
from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import Database


def _entries(client: TestClient, lead_headers: dict[str, str], **filters: Any) -> list[Any]:
    response = client.get(f"{API_PREFIX}/audit", params=filters, headers=lead_headers)
    assert response.status_code == 200
    return [
        (e["practitioner_name"], e["action"], e["plan_id"], e["detail"]) for e in response.json()
    ]


def _plans(client: TestClient, bot_headers: dict[str, str]) -> tuple[int, int]:
    person = client.post(f"{API_PREFIX}/plans", json=factories.plan_payload(), headers=bot_headers)
    carer = client.post(f"{API_PREFIX}/plans", json=factories.carer_payload(), headers=bot_headers)
    return person.json()["id"], carer.json()["id"]


def test_reads_changes_notes_and_links_are_recorded_newest_first(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    lead_headers: dict[str, str],
) -> None:
    person, carer = _plans(client, bot_headers)
    client.get(f"{API_PREFIX}/plans/{person}", headers=auth_headers)
    client.patch(
        f"{API_PREFIX}/plans/{person}", json={"status": "in_progress"}, headers=auth_headers
    )
    client.post(f"{API_PREFIX}/plans/{person}/notes", json={"text": "Phoned"}, headers=auth_headers)
    client.post(f"{API_PREFIX}/plans/{person}/links", json={"plan_id": carer}, headers=auth_headers)
    client.get(f"{API_PREFIX}/plans/{person}/side-by-side", headers=auth_headers)
    client.delete(f"{API_PREFIX}/plans/{person}/links/{carer}", headers=auth_headers)

    alex = "Alex Morgan"
    assert _entries(client, lead_headers) == [
        (alex, "unlink", carer, f"plans {person} and {carer}"),
        (alex, "unlink", person, f"plans {person} and {carer}"),
        (alex, "read", carer, "side by side"),
        (alex, "read", person, "side by side"),
        (alex, "link", carer, f"plans {person} and {carer}"),
        (alex, "link", person, f"plans {person} and {carer}"),
        (alex, "note", person, None),
        (alex, "change", person, "status: in_progress"),
        (alex, "read", person, None),
    ]


def test_what_failed_is_not_recorded_and_the_bot_is_not_a_practitioner(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    lead_headers: dict[str, str],
) -> None:
    person, _ = _plans(client, bot_headers)
    client.get(f"{API_PREFIX}/plans/999999", headers=auth_headers)
    client.patch(f"{API_PREFIX}/plans/{person}", json={"status": "bogus"}, headers=auth_headers)
    client.get(f"{API_PREFIX}/plans/{person}", headers=bot_headers)

    assert _entries(client, lead_headers) == []


def test_the_log_filters_by_practitioner_and_plan(
    client: TestClient,
    db: Database,
    settings: Any,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    practitioner: Practitioner,
    lead: Practitioner,
    lead_headers: dict[str, str],
) -> None:
    person, carer = _plans(client, bot_headers)
    client.get(f"{API_PREFIX}/plans/{person}", headers=auth_headers)
    client.get(f"{API_PREFIX}/plans/{carer}", headers=auth_headers)
    client.get(f"{API_PREFIX}/plans/{carer}", headers=lead_headers)

    assert _entries(client, lead_headers, practitioner_id=practitioner.id, plan_id=carer) == [
        ("Alex Morgan", "read", carer, None)
    ]
    plan_audit = client.get(f"{API_PREFIX}/plans/{carer}/audit", headers=lead_headers).json()
    assert [(e["practitioner_name"], e["plan_reference"]) for e in plan_audit] == [
        ("Lee Lead", plan_audit[0]["plan_reference"]),
        ("Alex Morgan", plan_audit[0]["plan_reference"]),
    ]
    assert client.get(f"{API_PREFIX}/plans/999999/audit", headers=lead_headers).status_code == 404


@pytest.mark.parametrize("path", [f"{API_PREFIX}/audit", f"{API_PREFIX}/plans/1/audit"])
def test_only_a_lead_reads_the_audit_log(
    client: TestClient, auth_headers: dict[str, str], bot_headers: dict[str, str], path: str
) -> None:
    _plans(client, bot_headers)
    forbidden = client.get(path, headers=auth_headers)

    assert forbidden.status_code == 403
    assert forbidden.json() == {"detail": "Only a lead practitioner may read the audit log."}
    assert client.get(path).status_code == 401
    assert client.get(path, headers=bot_headers).status_code == 401


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "path", [f"{API_PREFIX}/audit", f"{API_PREFIX}/plans/1/audit", f"{API_PREFIX}/audit/1"]
)
def test_nobody_can_write_the_log_through_the_api(
    client: TestClient, lead_headers: dict[str, str], method: str, path: str
) -> None:
    response = client.request(method, path, json={"action": "read"}, headers=lead_headers)

    assert response.status_code in (404, 405)


def test_an_entry_cannot_be_changed_or_deleted_through_the_models(
    client: TestClient,
    db: Database,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
) -> None:
    person, _ = _plans(client, bot_headers)
    client.get(f"{API_PREFIX}/plans/{person}", headers=auth_headers)

    with db.sessions() as session:
        entry = session.scalars(select(AuditEvent)).one()
        entry.action = "change"
        with pytest.raises(AuditLogIsAppendOnlyError):
            session.flush()
        session.rollback()
        session.delete(session.scalars(select(AuditEvent)).one())
        with pytest.raises(AuditLogIsAppendOnlyError):
            session.flush()


def test_postgresql_itself_refuses_to_change_an_entry(
    client: TestClient,
    db: Database,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
) -> None:
    if db.backend != "postgresql":
        pytest.skip("the database trigger is PostgreSQL's; SQLite has the models' guard")
    person, _ = _plans(client, bot_headers)
    client.get(f"{API_PREFIX}/plans/{person}", headers=auth_headers)

    for statement in (update(AuditEvent).values(action="change"), text("DELETE FROM audit_events")):
        with db.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
            connection.execute(statement)
