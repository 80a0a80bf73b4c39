"""Suggesting a person's plan to a carer's plan, with the carer's consent: which plans are
suggested, in which order, never to whom they must not be, and how names and towns compare."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from api.audit.models import AuditEvent
from api.plans import service
from api.plans.schemas import PlanIn
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import Database, quote


def _store(db: Database, payload: dict[str, Any]) -> int:
    with db.sessions() as session:
        plan = service.create_plan(session=session, payload=PlanIn.model_validate(payload))
        assert plan is not None
        return plan.id


def _person(db: Database, name: str | None, town: str | None = None, **extra: Any) -> int:
    sections = {}
    if name is not None:
        sections["call_me"] = [quote(name)]
    if town is not None:
        sections["town"] = [quote(town)]
    return _store(db, factories.plan_payload(sections=sections, **extra))


def _carer(db: Database, name: str = "Morag", town: str | None = "Kirkcaldy", **extra: Any) -> int:
    sections = {"cared_for_name": [quote(name)]}
    if town is not None:
        sections["cared_for_town"] = [quote(town)]
    return _store(
        db, factories.carer_payload(sections=sections, **{"match_consent": True, **extra})
    )


def _suggested(db: Database, carer_id: int) -> list[tuple[int, bool]]:
    with db.sessions() as session:
        plan = service.get_plan(session=session, plan_id=carer_id)
        assert plan is not None
        return [
            (m.plan_id, m.town_matches) for m in service.suggest_matches(session=session, plan=plan)
        ]


def test_name_and_town_come_first_then_name_only_newest_first_at_most_three(db: Database) -> None:
    name_only_old = _person(db, "Morag", "Leith")
    both = _person(db, "call me Morag!", "kirkcaldy.")
    _person(db, "Moira", "Kirkcaldy")  # the town alone is never enough
    name_only_new = _person(db, "It's MORAG", None)
    name_only_newest = _person(db, "my name is Morag Smith", "Fife")
    carer = _carer(db)

    assert _suggested(db, carer) == [
        (both, True),
        (name_only_newest, False),
        (name_only_new, False),
    ]
    assert name_only_old  # fourth: beyond the few shown


def test_without_consent_nothing_is_suggested(db: Database) -> None:
    _person(db, "Morag", "Kirkcaldy")

    assert _suggested(db, _carer(db, match_consent=False)) == []


def test_a_carer_already_linked_to_a_persons_plan_is_suggested_nothing(db: Database) -> None:
    person = factories.plan_payload(sections={"call_me": [quote("Morag")]})
    _store(db, person)
    _person(db, "Morag")

    assert _suggested(db, _carer(db, person_reference=person["reference"])) == []


def test_only_peoples_first_plans_are_suggested_never_a_carers_plan_or_a_review(
    db: Database,
) -> None:
    wanted = _person(db, "Morag")
    # Another carer, who is also called Morag (call_me) and cares for a Morag.
    _store(
        db,
        factories.carer_payload(
            sections={"call_me": [quote("Morag")], "cared_for_name": [quote("Morag")]},
            match_consent=True,
        ),
    )
    # A review whose person is called Morag (its plan is kind review, stored as it is).
    review = _person(db, "Morag")
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE plans SET kind = 'review' WHERE id = :id"), {"id": review})

    assert _suggested(db, _carer(db)) == [(wanted, False)]


def test_a_review_of_a_carers_plan_is_suggested_nothing(db: Database) -> None:
    _person(db, "Morag")
    carer = _carer(db)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE plans SET kind = 'review' WHERE id = :id"), {"id": carer})

    assert _suggested(db, carer) == []


def test_a_persons_plan_is_suggested_nothing(db: Database) -> None:
    _person(db, "Morag")
    person = _person(db, "Morag")

    assert _suggested(db, person) == []


def test_no_name_given_no_suggestion(db: Database) -> None:
    _person(db, "Morag")
    carer = _store(db, factories.carer_payload(match_consent=True))

    assert _suggested(db, carer) == []


@pytest.mark.parametrize(
    ("answer", "name"),
    [
        ("Morag", "morag"),
        ("  morag. ", "morag"),
        ("Call me Peggy", "peggy"),
        ("you can call me Peggy", "peggy"),
        ("It's Jean", "jean"),
        ("it\u2019s Jean", "jean"),
        ("her name is Jean Brown", "jean"),
        ("My name's Jean", "jean"),
        ("I'm Davie", "davie"),
        ("Mary-Jane", "mary"),
        ("O'Neil", "oneil"),
        ("Zoe\u0308", "zoë"),
        ("ZOË", "zoë"),
        ("call me", "call"),
        ("", None),
        ("...", None),
    ],
)
def test_the_first_name_of_an_answer(answer: str, name: str | None) -> None:
    assert service.first_name_in(answer) == name


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Kirkcaldy", " kirkcaldy.", True),
        ("St. Andrews", "st andrews", True),
        ("Newton-on-Ayr", "Newton on Ayr", True),
        ("Perth", "I live in Perth", False),
    ],
)
def test_towns_compare_without_case_spacing_or_punctuation(
    one: str, other: str, same: bool
) -> None:
    assert (service.town_in(one) == service.town_in(other)) is same


def test_the_api_suggests_with_no_ones_words_and_audits_each_plan_read(
    client: TestClient, db: Database, auth_headers: dict[str, str]
) -> None:
    both = _person(db, "Morag", "Kirkcaldy")
    name_only = _person(db, "Morag", "Leith")
    carer = _carer(db)
    other_carer = _carer(db, match_consent=False)

    response = client.get(f"{API_PREFIX}/plans/{carer}/matches", headers=auth_headers)
    no_consent = client.get(f"{API_PREFIX}/plans/{other_carer}/matches", headers=auth_headers)
    persons = client.get(f"{API_PREFIX}/plans/{both}/matches", headers=auth_headers)
    missing = client.get(f"{API_PREFIX}/plans/999/matches", headers=auth_headers)
    anonymous = client.get(f"{API_PREFIX}/plans/{carer}/matches")

    assert response.status_code == 200
    body = response.json()
    assert [(m["plan_id"], m["matched"]) for m in body] == [
        (both, ["first_name", "town"]),
        (name_only, ["first_name"]),
    ]
    assert set(body[0]) == {"plan_id", "reference", "received_at", "matched"}
    assert "Morag" not in response.text and "Kirkcaldy" not in response.text
    assert (no_consent.json(), persons.json()) == ([], [])
    assert (missing.status_code, anonymous.status_code) == (404, 401)
    with db.sessions() as session:
        events = session.execute(
            select(AuditEvent.plan_id, AuditEvent.detail).order_by(AuditEvent.id)
        ).all()
    assert events[:3] == [
        (carer, "suggested matches"),
        (both, "suggested matches"),
        (name_only, "suggested matches"),
    ]


def test_the_bot_never_hears_of_a_match(
    client: TestClient, db: Database, bot_headers: dict[str, str]
) -> None:
    _person(db, "Morag", "Kirkcaldy")
    payload = factories.carer_payload(
        match_consent=True, sections={"cared_for_name": [quote("Morag")]}
    )

    sent = client.post(f"{API_PREFIX}/plans", json=payload, headers=bot_headers)
    asked = client.get(f"{API_PREFIX}/plans/{sent.json()['id']}/matches", headers=bot_headers)

    assert sent.status_code == 201
    assert "matches" not in sent.json() and sent.json()["linked_plans"] == []
    assert asked.status_code == 401
