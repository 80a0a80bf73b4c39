"""GET /api/v1/plans and /api/v1/plans/{id}: what practitioners read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from api.plans.models import Plan
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import Database


def _send(client: TestClient, bot_headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(**overrides), headers=bot_headers
    )
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def _set_status(db: Database, plan_id: int, status: str) -> None:
    with db.sessions() as session:
        session.execute(update(Plan).where(Plan.id == plan_id).values(status=status))
        session.commit()


def test_the_list_shows_summaries_newest_first(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
) -> None:
    older = _send(
        client,
        bot_headers,
        outcomes=[{"what": factories.quote("a")}, {"what": factories.quote("b")}],
    )
    newer = _send(client, bot_headers, outcomes=[])
    # Received a minute apart, whatever the clock resolution.
    with db.sessions() as session:
        session.execute(
            update(Plan)
            .where(Plan.id == older["id"])
            .values(received_at=datetime.now(tz=UTC) - timedelta(minutes=1))
        )
        session.commit()
    client.post(f"{API_PREFIX}/plans/{older['id']}/notes", json={"text": "n"}, headers=auth_headers)

    response = client.get(f"{API_PREFIX}/plans", headers=auth_headers)

    assert response.status_code == 200
    body = response.json()
    assert [plan["id"] for plan in body] == [newer["id"], older["id"]]
    assert body[0] == {
        "id": newer["id"],
        "reference": newer["reference"],
        "conversation_id": newer["conversation_id"],
        "role": "person",
        "kind": "plan",
        "reviews_plan_id": None,
        "status": "new",
        "urgent": False,
        "assigned_to": None,
        "sent_at": "2026-11-22T10:15:00Z",
        "received_at": newer["received_at"],
        "outcome_count": 0,
        "note_count": 0,
        "flag_count": 0,
    }
    assert (body[1]["outcome_count"], body[1]["note_count"]) == (2, 1)


def test_the_list_filters_by_status(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
) -> None:
    fresh = _send(client, bot_headers)
    contacted = _send(client, bot_headers)
    _set_status(db, contacted["id"], "contacted")

    def ids(status: str) -> list[int]:
        response = client.get(
            f"{API_PREFIX}/plans", params={"status": status}, headers=auth_headers
        )
        return [plan["id"] for plan in response.json()]

    assert ids("new") == [fresh["id"]]
    assert ids("contacted") == [contacted["id"]]
    assert ids("closed") == []


def test_the_list_filters_by_conversation_id(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    _send(client, bot_headers, conversation_id="sender-a")
    wanted = _send(client, bot_headers, conversation_id="sender-b 🌻")

    response = client.get(
        f"{API_PREFIX}/plans", params={"conversation_id": "sender-b 🌻"}, headers=auth_headers
    )

    assert [plan["id"] for plan in response.json()] == [wanted["id"]]


def test_the_list_pages_with_limit_and_offset(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    sent = [_send(client, bot_headers)["id"] for _ in range(5)]
    everything = [
        plan["id"] for plan in client.get(f"{API_PREFIX}/plans", headers=auth_headers).json()
    ]

    page = client.get(f"{API_PREFIX}/plans", params={"limit": 2, "offset": 1}, headers=auth_headers)

    assert sorted(everything) == sorted(sent)
    assert [plan["id"] for plan in page.json()] == everything[1:3]


def test_the_list_pages_by_cursor_through_every_plan_once_in_order(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
) -> None:
    # Seven plans, two urgent, and ties in received_at that only the id can order.
    sent = [_send(client, bot_headers)["id"] for _ in range(7)]
    same_time = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    with db.sessions() as session:
        session.execute(update(Plan).values(received_at=same_time))
        session.execute(update(Plan).where(Plan.id.in_(sent[2:4])).values(urgent=True))
        session.commit()
    everything = [
        plan["id"] for plan in client.get(f"{API_PREFIX}/plans", headers=auth_headers).json()
    ]
    assert everything == [sent[3], sent[2], *reversed(sent[4:]), sent[1], sent[0]]

    walked: list[int] = []
    url: str | None = f"{API_PREFIX}/plans?limit=3"
    pages = 0
    while url is not None:
        response = client.get(url, headers=auth_headers)
        assert response.status_code == 200
        walked += [plan["id"] for plan in response.json()]
        pages += 1
        url = response.links.get("next", {}).get("url")

    assert walked == everything
    # 3 + 3 + 1: the last page is short, and has no next.
    assert pages == 3


def test_a_page_after_the_last_plan_is_empty_and_has_no_next(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    _send(client, bot_headers)
    first = client.get(f"{API_PREFIX}/plans", params={"limit": 1}, headers=auth_headers)
    after = first.links["next"]["url"]

    response = client.get(after, headers=auth_headers)

    assert response.status_code == 200
    assert response.json() == []
    assert "Link" not in response.headers


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"status": "draft"},
        {"after": "not-a-cursor"},
        # A cursor of ours in shape, but naive of time zone.
        {"after": "MXwyMDI2LTExLTIyVDEwOjAwOjAwfDE"},
        {"after": "MHwyMDI2LTExLTIyVDEwOjAwOjAwKzAwOjAwfDE", "offset": 1},
    ],
    ids=[
        "limit-0",
        "limit-201",
        "negative-offset",
        "unknown-status",
        "bad-cursor",
        "naive-cursor",
        "cursor-and-offset",
    ],
)
def test_bad_list_parameters_are_refused(
    client: TestClient, auth_headers: dict[str, str], params: dict[str, Any]
) -> None:
    response = client.get(f"{API_PREFIX}/plans", params=params, headers=auth_headers)

    assert response.status_code == 422


def test_the_largest_page_is_allowed(client: TestClient, auth_headers: dict[str, str]) -> None:
    response = client.get(f"{API_PREFIX}/plans", params={"limit": 200}, headers=auth_headers)

    assert response.status_code == 200
    assert response.json() == []


def test_one_plan_is_returned_whole(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    sent = _send(client, bot_headers)

    response = client.get(f"{API_PREFIX}/plans/{sent['id']}", headers=auth_headers)

    assert response.status_code == 200
    assert response.json() == sent


def test_an_unknown_plan_is_not_found(client: TestClient, auth_headers: dict[str, str]) -> None:
    response = client.get(f"{API_PREFIX}/plans/999999", headers=auth_headers)

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no plan with id 999999."}
