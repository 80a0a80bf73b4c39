"""A plan in depth: each answer's question and mark, what was added to each thing that matters
and its help and who, in the person's order; and a carer's consent to a match. Sent by the
bot, read back byte for byte; an older bot's payload is still taken."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.plans.models import PlanItem
from contract.http import API_PREFIX
from contract.plan import ASKED_LENGTH, MAX_ADDED
from tests.api import factories
from tests.api.factories import AWKWARD_TEXTS, Database

# Sent as the API gives it back (UTC, "Z"), so that whole quotes compare equal.
SAID = "2026-11-22T10:00:00Z"


def quote(text: str, **fields: Any) -> dict[str, Any]:
    return factories.quote(text, said_at=SAID, **fields)


def _post(client: TestClient, payload: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(f"{API_PREFIX}/plans", json=payload, headers=headers)


def _asked(number: int) -> str:
    # Every awkward text as a question too: the question is kept as exactly as the answer.
    return f"{AWKWARD_TEXTS[number % len(AWKWARD_TEXTS)][: ASKED_LENGTH - 10]} {{why}} 0["


def _deep() -> dict[str, Any]:
    texts = iter(range(1000))

    def said(follows: str | None = None) -> dict[str, Any]:
        n = next(texts)
        return quote(
            AWKWARD_TEXTS[n % len(AWKWARD_TEXTS)],
            message_id=f"m{n}",
            asked=_asked(n),
            follows=follows,
        )

    return factories.plan_payload(
        outcomes=[
            factories.outcome(
                said(),
                said("prompt"),
                added=[said(), said("safety_check"), said()],
                help=said(),
                who=said("prompt"),
            ),
            factories.outcome(said(), None, added=[said()], who=said()),
            factories.outcome(said(), said(), help=said("safety_check")),
        ],
        sections={
            "call_me": [said()],
            "working_well": [said("prompt"), said()],
            "town": [said()],
            "anything_else": [said("safety_check")],
        },
        questions=[said()],
        safety_flags=[{**factories.flag("x", message_id="f1"), "quote": said("safety_check")}],
    )


def test_every_quote_comes_back_with_its_question_and_mark_byte_for_byte(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    payload = _deep()

    created = _post(client, payload, bot_headers)
    assert created.status_code == 201, created.text
    read = client.get(f"{API_PREFIX}/plans/{created.json()['id']}", headers=auth_headers)

    for body in (created.json(), read.json()):
        # In the person's order of priority, each with everything it was sent with.
        assert body["outcomes"] == payload["outcomes"]
        assert {k: v for k, v in body["sections"].items() if v} == payload["sections"]
        assert body["questions"] == payload["questions"]
        assert body["safety_flags"][0]["quote"] == payload["safety_flags"][0]["quote"]
        assert body["match_consent"] is False
    # Byte for byte: the raw JSON text of each question is the text sent.
    sent = [o["what"]["asked"].encode("utf-8") for o in payload["outcomes"]]
    assert [o["what"]["asked"].encode("utf-8") for o in read.json()["outcomes"]] == sent


def test_what_was_added_is_stored_one_row_each_in_order_at_the_outcomes_place(
    client: TestClient, bot_headers: dict[str, str], db: Database
) -> None:
    assert _post(client, _deep(), bot_headers).status_code == 201

    with db.sessions() as session:
        rows = session.execute(
            select(PlanItem.section, PlanItem.position, PlanItem.ordinal, PlanItem.follows)
            .where(PlanItem.section.in_(["outcome_added", "outcome_help", "outcome_who"]))
            .order_by(PlanItem.section, PlanItem.position, PlanItem.ordinal)
        ).all()

    assert [(s, p, o, f.value if f else None) for s, p, o, f in rows] == [
        ("outcome_added", 0, 0, None),
        ("outcome_added", 0, 1, "safety_check"),
        ("outcome_added", 0, 2, None),
        ("outcome_added", 1, 0, None),
        ("outcome_help", 0, 0, None),
        ("outcome_help", 2, 0, "safety_check"),
        ("outcome_who", 0, 0, "prompt"),
        ("outcome_who", 1, 0, None),
    ]


def test_an_older_bots_plan_is_taken_and_read_back_with_nothing_new(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    old = {"text": "my garden", "message_id": "m1", "said_at": factories.SAID_AT}
    payload = factories.plan_payload(outcomes=[{"what": old}], sections={"people": [old]})

    response = _post(client, payload, bot_headers)

    assert response.status_code == 201, response.text
    back = {**old, "said_at": "2026-11-22T10:00:00Z", "asked": None, "follows": None}
    assert response.json()["outcomes"] == [
        {"what": back, "why": None, "added": [], "help": None, "who": None}
    ]
    assert response.json()["sections"]["people"] == [back]
    assert response.json()["match_consent"] is False


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda p: p["outcomes"][0]["what"].update(follows="example"), "follows"),
        (lambda p: p["outcomes"][0]["what"].update(asked="x" * (ASKED_LENGTH + 1)), "asked"),
        (lambda p: p["outcomes"][0]["what"].update(asked="nul\x00"), "asked"),
        (
            lambda p: p["outcomes"][0].update(added=[quote("more")] * (MAX_ADDED + 1)),
            "added",
        ),
        (lambda p: p["outcomes"][0].update(help=[quote("two")]), "help"),
        (lambda p: p.update(match_consent=True), "match_consent belongs to a carer"),
    ],
)
def test_what_cannot_be_stored_as_sent_is_refused(
    change: Any, problem: str, client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload()
    change(payload)

    response = _post(client, payload, bot_headers)

    assert response.status_code == 422
    assert problem in response.text


def test_the_longest_question_and_most_additions_are_taken(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    longest = "ä" * ASKED_LENGTH
    payload = factories.plan_payload(
        outcomes=[
            factories.outcome(
                quote("a", asked=longest),
                added=[quote(f"more {n}", message_id=f"a{n}") for n in range(MAX_ADDED)],
            )
        ]
    )

    response = _post(client, payload, bot_headers)

    assert response.status_code == 201, response.text
    assert response.json()["outcomes"] == payload["outcomes"]


def test_a_carer_may_consent_to_a_match_and_says_so_with_the_plan(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    payload = factories.carer_payload(
        match_consent=True,
        sections={
            "call_me": [quote("Davie")],
            "cared_for_name": [quote("Morag")],
            "cared_for_town": [quote("Kirkcaldy")],
        },
    )

    created = _post(client, payload, bot_headers)

    assert created.status_code == 201, created.text
    read = client.get(f"{API_PREFIX}/plans/{created.json()['id']}", headers=auth_headers).json()
    assert read["match_consent"] is True
    assert read["sections"]["cared_for_name"] == payload["sections"]["cared_for_name"]
    assert read["sections"]["cared_for_town"] == payload["sections"]["cared_for_town"]
