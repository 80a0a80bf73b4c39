"""Integers beyond what the database holds are refused (422), never a server error."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories

TOO_BIG = 2**63  # 9223372036854775808
LARGEST = 2**31 - 1  # PostgreSQL's INTEGER


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", f"{API_PREFIX}/plans/{TOO_BIG}", None),
        ("GET", f"{API_PREFIX}/plans/{TOO_BIG}/side-by-side", None),
        ("GET", f"{API_PREFIX}/plans/{TOO_BIG}/audit", None),
        ("PATCH", f"{API_PREFIX}/plans/{TOO_BIG}", {"status": "closed"}),
        ("POST", f"{API_PREFIX}/plans/{TOO_BIG}/notes", {"text": "a note"}),
        ("POST", f"{API_PREFIX}/plans/{TOO_BIG}/links", {"plan_id": 1}),
        ("POST", f"{API_PREFIX}/plans/1/links", {"plan_id": TOO_BIG}),
        ("DELETE", f"{API_PREFIX}/plans/1/links/{TOO_BIG}", None),
        ("PATCH", f"{API_PREFIX}/plans/1", {"assigned_to_id": TOO_BIG}),
        ("GET", f"{API_PREFIX}/plans?offset={TOO_BIG}", None),
        ("GET", f"{API_PREFIX}/plans?limit={TOO_BIG}", None),
        ("GET", f"{API_PREFIX}/audit?plan_id={TOO_BIG}", None),
        ("GET", f"{API_PREFIX}/plans/{LARGEST + 1}", None),
        ("GET", f"{API_PREFIX}/plans/0", None),
        ("GET", f"{API_PREFIX}/plans/-1", None),
    ],
)
def test_out_of_range_integers_are_422(
    client: TestClient,
    lead_headers: dict[str, str],
    method: str,
    path: str,
    body: dict[str, object] | None,
) -> None:
    # A lead, who may call every one of these routes, audit included.
    response = client.request(method, path, json=body, headers=lead_headers)

    assert response.status_code == 422


def test_the_largest_id_is_simply_not_found(
    client: TestClient, lead_headers: dict[str, str]
) -> None:
    response = client.get(f"{API_PREFIX}/plans/{LARGEST}", headers=lead_headers)

    assert response.status_code == 404
    assert response.json() == {"detail": f"There is no plan with id {LARGEST}."}


def test_the_plan_page_refuses_an_id_too_big(
    client: TestClient, practitioner: Practitioner
) -> None:
    factories.sign_in_pages(client)
    assert client.get(f"/practitioner/plans/{TOO_BIG}").status_code == 422
    assert client.get(f"/practitioner/plans/{LARGEST}").status_code == 404


def test_assigning_an_id_too_big_on_the_plan_page_is_refused_on_the_page(
    client: TestClient, bot_headers: dict[str, str], practitioner: Practitioner
) -> None:
    plan = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(), headers=bot_headers
    ).json()
    factories.sign_in_pages(client)
    page = client.get(f"/practitioner/plans/{plan['id']}")
    form = {
        "csrf": factories.hidden_field(page.text, "csrf"),
        "action": "assign",
        "value": str(TOO_BIG),
    }

    refused = client.post(f"/practitioner/plans/{plan['id']}", data=form, follow_redirects=False)

    # Said on the plan page, beside the form: never the API's raw answer.
    assert refused.status_code == 303
    assert refused.headers["location"] == (
        f"/practitioner/plans/{plan['id']}?problem=invalid&control=assign"
    )
    page = client.get(refused.headers["location"])
    assert "That change cannot be made. Please choose from the list." in page.text
    assert "Assigned to: nobody yet." in page.text
