"""Carers' plans: separate from the person's, linked to it, and read side by side."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from contract.http import API_PREFIX
from contract.plan import BEFORE_WE_MEET
from tests.api import factories

SAID = "2026-11-22T10:00:00Z"


def _send(client: TestClient, bot_headers: dict[str, str], payload: dict[str, Any]) -> Any:
    response = client.post(f"{API_PREFIX}/plans", json=payload, headers=bot_headers)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def person(client: TestClient, bot_headers: dict[str, str]) -> Any:
    return _send(client, bot_headers, factories.plan_payload(conversation_id="person-1"))


def test_a_carer_who_gives_the_persons_reference_is_linked_to_their_plan(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], person: Any
) -> None:
    carer = _send(
        client,
        bot_headers,
        factories.carer_payload(conversation_id="carer-1", person_reference=person["reference"]),
    )

    # The bot is told nothing of the person's plan, not even that it exists.
    assert carer["linked_plans"] == []
    assert carer["role"] == "carer" and carer["person_reference"] == person["reference"]
    assert "Seeing my grandchildren" not in str(carer)

    as_read = client.get(f"{API_PREFIX}/plans/{carer['id']}", headers=auth_headers).json()
    assert as_read["linked_plans"] == [
        {"id": person["id"], "reference": person["reference"], "role": "person"}
    ]
    assert as_read["sections"] == factories.returned(
        {
            "call_me": [],
            "cared_for": [{"text": "My mum, Jean, she's 84", "message_id": "c2", "said_at": SAID}],
            "cared_for_name": [],
            "cared_for_town": [],
            "caring_role": [],
            "caring_impact": [],
            "person_matters": [
                {"text": "Her garden, more than anything", "message_id": "c3", "said_at": SAID}
            ],
            "person_matters_why": [
                {"text": "it's where she feels like herself", "message_id": "c4", "said_at": SAID}
            ],
            "working_well": [],
            "keep_caring": [],
            "emergency_plan": [],
            "future_care": [],
            "need_break": [
                {"text": "yes!! even one afternoon", "message_id": "c5", "said_at": SAID}
            ],
            "strengths": [],
            "people": [],
            "what_would_help": [],
            "who_could_help": [],
            "look_again": [],
            **{part.value: [] for part in BEFORE_WE_MEET},
            "anything_else": [],
        }
    )
    persons = client.get(f"{API_PREFIX}/plans/{person['id']}", headers=auth_headers).json()
    assert persons["linked_plans"] == [
        {"id": carer["id"], "reference": carer["reference"], "role": "carer"}
    ]
    # The person's own plan is unchanged by the carer's: nothing merged into it.
    assert {k: v for k, v in persons.items() if k not in ("linked_plans",)} == {
        k: v for k, v in person.items() if k not in ("linked_plans",)
    }


@pytest.mark.parametrize("given", ["WM-NOSUCH", "carer's own"])
def test_a_reference_that_is_not_a_persons_plan_links_nothing(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    person: Any,
    given: str,
) -> None:
    other_carer = _send(client, bot_headers, factories.carer_payload())
    reference = other_carer["reference"] if given == "carer's own" else given
    carer = _send(client, bot_headers, factories.carer_payload(person_reference=reference))
    as_read = client.get(f"{API_PREFIX}/plans/{carer['id']}", headers=auth_headers).json()
    assert (as_read["person_reference"], as_read["linked_plans"]) == (reference, [])


def test_the_side_by_side_view_keeps_each_voice_in_its_own_words(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], person: Any
) -> None:
    carer = _send(
        client, bot_headers, factories.carer_payload(person_reference=person["reference"])
    )

    response = client.get(f"{API_PREFIX}/plans/{person['id']}/side-by-side", headers=auth_headers)

    assert response.status_code == 200
    assert response.json() == factories.returned(
        {
            "person_plan": {"id": person["id"], "reference": person["reference"], "role": "person"},
            "what_matters_in_the_persons_words": person["outcomes"],
            "carers": [
                {
                    "plan": {"id": carer["id"], "reference": carer["reference"], "role": "carer"},
                    "what_matters_to_the_person": [
                        {
                            "text": "Her garden, more than anything",
                            "message_id": "c3",
                            "said_at": SAID,
                        }
                    ],
                    "why_it_matters_to_the_person": [
                        {
                            "text": "it's where she feels like herself",
                            "message_id": "c4",
                            "said_at": SAID,
                        }
                    ],
                    "the_carers_own_outcomes": [
                        {
                            "what": {
                                "text": "A night's sleep",
                                "message_id": "c1",
                                "said_at": SAID,
                            },
                            "why": None,
                        }
                    ],
                }
            ],
        }
    )
    carers_view = client.get(f"{API_PREFIX}/plans/{carer['id']}/side-by-side", headers=auth_headers)
    assert carers_view.status_code == 409


def test_practitioners_link_and_unlink_plans(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], person: Any
) -> None:
    carer = _send(client, bot_headers, factories.carer_payload())
    url = f"{API_PREFIX}/plans/{carer['id']}/links"

    first = client.post(url, json={"plan_id": person["id"]}, headers=auth_headers)
    again = client.post(url, json={"plan_id": person["id"]}, headers=auth_headers)

    link = {"id": person["id"], "reference": person["reference"], "role": "person"}
    assert (first.status_code, first.json()["linked_plans"]) == (200, [link])
    assert again.json()["linked_plans"] == [link]
    side = client.get(
        f"{API_PREFIX}/plans/{person['id']}/side-by-side", headers=auth_headers
    ).json()
    assert [view["plan"]["id"] for view in side["carers"]] == [carer["id"]]

    # Either way round.
    gone = client.delete(
        f"{API_PREFIX}/plans/{person['id']}/links/{carer['id']}", headers=auth_headers
    )
    assert (gone.status_code, gone.json()["linked_plans"]) == (200, [])
    assert (
        client.get(f"{API_PREFIX}/plans/{carer['id']}", headers=auth_headers).json()["linked_plans"]
        == []
    )


def test_only_a_person_and_a_carer_can_be_linked(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], person: Any
) -> None:
    other_person = _send(client, bot_headers, factories.plan_payload())
    same = client.post(
        f"{API_PREFIX}/plans/{person['id']}/links",
        json={"plan_id": other_person["id"]},
        headers=auth_headers,
    )
    missing = client.post(
        f"{API_PREFIX}/plans/{person['id']}/links", json={"plan_id": 999_999}, headers=auth_headers
    )
    assert (same.status_code, missing.status_code) == (422, 404)
    assert missing.json()["detail"] == "There is no plan with id 999999."


def test_the_list_filters_by_role(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], person: Any
) -> None:
    carer = _send(client, bot_headers, factories.carer_payload())
    for role, expected in (("carer", [carer["id"]]), ("person", [person["id"]])):
        listing = client.get(
            f"{API_PREFIX}/plans", params={"role": role}, headers=auth_headers
        ).json()
        assert [(row["id"], row["role"]) for row in listing] == [(i, role) for i in expected]
    bad = client.get(f"{API_PREFIX}/plans", params={"role": "friend"}, headers=auth_headers)
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("overrides", "loc"),
    [
        ({"person_reference": "WM-ABCDEF"}, ["body"]),
        ({"sections": {"need_break": [factories.quote("x")]}}, ["body"]),
        ({"role": "friend"}, ["body", "role"]),
    ],
)
def test_a_persons_plan_cannot_carry_a_carers_parts(
    client: TestClient, bot_headers: dict[str, str], overrides: dict[str, Any], loc: list[Any]
) -> None:
    response = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(**overrides), headers=bot_headers
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc


def test_a_carers_plan_cannot_carry_the_persons_parts(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = factories.carer_payload(sections={"not_working": [factories.quote("x")]})
    response = client.post(f"{API_PREFIX}/plans", json=payload, headers=bot_headers)
    assert response.status_code == 422
    assert "a carer is not asked about: not_working" in response.json()["detail"][0]["msg"]


def test_nothing_the_bot_can_call_reads_another_plan(
    client: TestClient, bot_headers: dict[str, str], person: Any
) -> None:
    """The bot is all a person or a carer ever talks to: its token opens no plan but its own."""
    carer = _send(
        client, bot_headers, factories.carer_payload(person_reference=person["reference"])
    )
    for method, url in [
        ("GET", f"{API_PREFIX}/plans"),
        ("GET", f"{API_PREFIX}/plans/{person['id']}"),
        ("GET", f"{API_PREFIX}/plans/{carer['id']}"),
        ("GET", f"{API_PREFIX}/plans/{person['id']}/side-by-side"),
        ("POST", f"{API_PREFIX}/plans/{carer['id']}/links"),
        ("DELETE", f"{API_PREFIX}/plans/{person['id']}/links/{carer['id']}"),
    ]:
        assert client.request(method, url, headers=bot_headers).status_code == 401, url
    # Flags sent for the carer's conversation come back with the carer's plan alone.
    flagged = client.post(
        f"{API_PREFIX}/plans/flags",
        json=factories.flags_payload(carer["conversation_id"], factories.flag("he hits me")),
        headers=bot_headers,
    ).json()
    assert (flagged["id"], flagged["linked_plans"]) == (carer["id"], [])
