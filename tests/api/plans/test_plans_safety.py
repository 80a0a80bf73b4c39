"""POST /api/v1/plans with questions, safety flags and skipped parts; urgent plans in the list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from api.plans.models import Plan, PlanFlag, PlanItem, PlanSkip
from contract.http import API_PREFIX
from contract.plan import OUTCOME_PARTS, PERSON_SECTIONS
from tests.api import factories
from tests.api.factories import AWKWARD_TEXTS, Database

SAID = "2026-11-22T10:00:00Z"
CATEGORIES = [
    "suicide",
    "self_harm",
    "abuse",
    "domestic_abuse",
    "neglect",
    "unsafe_home",
    "medical_emergency",
]
# Every part of a person's conversation: the outcome's two, then the free-text sections.
PARTS = [str(part) for part in (*OUTCOME_PARTS, *PERSON_SECTIONS)]


def _post(client: TestClient, payload: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(f"{API_PREFIX}/plans", json=payload, headers=headers)


def _send(client: TestClient, bot_headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = _post(client, factories.plan_payload(**overrides), bot_headers)
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def _received(db: Database, plan_id: int, minutes_ago: int) -> None:
    with db.sessions() as session:
        session.execute(
            update(Plan)
            .where(Plan.id == plan_id)
            .values(received_at=datetime.now(tz=UTC) - timedelta(minutes=minutes_ago))
        )
        session.commit()


def _ids(client: TestClient, headers: dict[str, str], **params: Any) -> list[int]:
    response = client.get(f"{API_PREFIX}/plans", params=params, headers=headers)
    assert response.status_code == 200
    return [plan["id"] for plan in response.json()]


def test_questions_flags_and_skipped_parts_are_stored_and_returned(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload(
        questions=[
            factories.quote("When is my assessment?", message_id="q1"),
            factories.quote("Can my daughter come?", message_id=None),
        ],
        safety_flags=[
            factories.flag("He hits me", categories=["domestic_abuse", "abuse"], message_id="f1"),
            factories.flag("I want to end it", categories=["suicide"], message_id=None),
        ],
        skipped=["strengths", "what_matters"],
    )

    created = _post(client, payload, bot_headers)
    fetched = client.get(f"{API_PREFIX}/plans/{created.json()['id']}", headers=auth_headers)

    assert created.status_code == 201
    body = created.json()
    assert body["urgent"] is True
    assert body["questions"] == factories.returned(
        [
            {"text": "When is my assessment?", "message_id": "q1", "said_at": SAID},
            {"text": "Can my daughter come?", "message_id": None, "said_at": SAID},
        ]
    )
    assert body["safety_flags"] == factories.returned(
        [
            {
                "quote": {"text": "He hits me", "message_id": "f1", "said_at": SAID},
                "categories": ["domestic_abuse", "abuse"],
                "level": "life",
                "source": "phrase_list",
                "choices": [],
                "raised_at": body["received_at"],
            },
            {
                "quote": {"text": "I want to end it", "message_id": None, "said_at": SAID},
                "categories": ["suicide"],
                "level": "life",
                "source": "phrase_list",
                "choices": [],
                "raised_at": body["received_at"],
            },
        ]
    )
    assert body["skipped"] == ["strengths", "what_matters"]
    # Questions are not part of any section.
    assert body["sections"] == {
        **{str(part): [] for part in PERSON_SECTIONS},
        "working_well": [factories.quote("My neighbour pops in", message_id="m3", said_at=SAID)],
    }
    assert fetched.status_code == 200
    assert fetched.json() == body


def test_questions_flags_and_skipped_parts_are_stored_relationally(
    client: TestClient, bot_headers: dict[str, str], db: Database
) -> None:
    payload = factories.plan_payload(
        outcomes=[],
        sections={},
        questions=[factories.quote("Q0"), factories.quote("Q1")],
        safety_flags=[factories.flag("F", categories=["neglect", "unsafe_home"])],
        skipped=["people", "anything_else"],
    )

    plan_id = _post(client, payload, bot_headers).json()["id"]

    with db.sessions() as session:
        items = session.execute(
            select(PlanItem.section, PlanItem.position, PlanItem.text)
            .where(PlanItem.plan_id == plan_id)
            .order_by(PlanItem.position)
        ).all()
        flags = session.execute(
            select(PlanFlag.text, PlanFlag.message_id, PlanFlag.categories).where(
                PlanFlag.plan_id == plan_id
            )
        ).all()
        skips = session.execute(
            select(PlanSkip.part, PlanSkip.position)
            .where(PlanSkip.plan_id == plan_id)
            .order_by(PlanSkip.position)
        ).all()
        urgent = session.scalar(select(Plan.urgent).where(Plan.id == plan_id))
    assert [(str(section), position, text) for section, position, text in items] == [
        ("question", 0, "Q0"),
        ("question", 1, "Q1"),
    ]
    assert [(text, message_id, [str(c) for c in cats]) for text, message_id, cats in flags] == [
        ("F", "msg-1", ["neglect", "unsafe_home"])
    ]
    assert [(str(part), position) for part, position in skips] == [
        ("people", 0),
        ("anything_else", 1),
    ]
    assert urgent is True


def test_awkward_words_in_questions_and_flags_come_back_byte_for_byte(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
) -> None:
    payload = factories.plan_payload(
        questions=[factories.quote(text, message_id=None) for text in AWKWARD_TEXTS],
        safety_flags=[
            factories.flag(text, categories=["self_harm"], message_id=f"m{index}")
            for index, text in enumerate(AWKWARD_TEXTS)
        ],
    )

    created = _post(client, payload, bot_headers)
    assert created.status_code == 201
    fetched = client.get(f"{API_PREFIX}/plans/{created.json()['id']}", headers=auth_headers)

    expected = [text.encode() for text in AWKWARD_TEXTS]
    for body in (created.json(), fetched.json()):
        assert [quote["text"].encode() for quote in body["questions"]] == expected
        assert [flag["quote"]["text"].encode() for flag in body["safety_flags"]] == expected
    with db.sessions() as session:
        stored_flags = session.scalars(select(PlanFlag.text).order_by(PlanFlag.id)).all()
        stored_questions = session.scalars(
            select(PlanItem.text).where(PlanItem.section == "question").order_by(PlanItem.position)
        ).all()
    assert [text.encode() for text in stored_flags] == expected
    assert [text.encode() for text in stored_questions] == expected


def test_every_category_and_every_part_is_accepted(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload(
        safety_flags=[factories.flag("x", categories=CATEGORIES)], skipped=PARTS
    )

    response = _post(client, payload, bot_headers)

    assert response.status_code == 201
    assert response.json()["safety_flags"][0]["categories"] == CATEGORIES
    assert response.json()["skipped"] == PARTS


def test_two_flags_for_one_message_become_one_with_both_categories(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload(
        safety_flags=[
            factories.flag("first", categories=["suicide", "self_harm"], message_id="m9"),
            factories.flag("second", categories=["self_harm", "neglect"], message_id="m9"),
        ]
    )

    response = _post(client, payload, bot_headers)

    assert response.status_code == 201
    body = response.json()
    assert body["safety_flags"] == factories.returned(
        [
            {
                "quote": {"text": "first", "message_id": "m9", "said_at": SAID},
                "categories": ["suicide", "self_harm", "neglect"],
                "level": "life",
                "source": "phrase_list",
                "choices": [],
                "raised_at": body["received_at"],
            }
        ]
    )


def test_a_plan_without_the_new_fields_is_not_urgent(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload()
    assert "questions" not in payload and "safety_flags" not in payload

    response = _post(client, payload, bot_headers)

    assert response.status_code == 201
    body = response.json()
    assert (body["urgent"], body["questions"], body["safety_flags"], body["skipped"]) == (
        False,
        [],
        [],
        [],
    )
    assert client.get(f"{API_PREFIX}/plans/{body['id']}", headers=auth_headers).json() == body


def test_empty_lists_are_the_same_as_leaving_the_fields_out(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    response = _post(
        client, factories.plan_payload(questions=[], safety_flags=[], skipped=[]), bot_headers
    )

    assert response.status_code == 201
    assert response.json()["urgent"] is False


@pytest.mark.parametrize(
    ("changes", "location"),
    [
        (
            {"safety_flags": [factories.flag("x", categories=["danger"])]},
            ["body", "safety_flags", 0, "categories", 0],
        ),
        (
            {"safety_flags": [factories.flag("x", categories=["Suicide"])]},
            ["body", "safety_flags", 0, "categories", 0],
        ),
        (
            {"safety_flags": [factories.flag("x", categories=[])]},
            ["body", "safety_flags", 0, "categories"],
        ),
        (
            {"safety_flags": [factories.flag("x", categories=["abuse", "abuse"])]},
            ["body", "safety_flags", 0, "categories"],
        ),
        (
            {"safety_flags": [factories.flag("x", categories=[*CATEGORIES, "abuse"])]},
            ["body", "safety_flags", 0, "categories"],
        ),
        (
            {"safety_flags": [{"quote": factories.quote("x")}]},
            ["body", "safety_flags", 0, "categories"],
        ),
        (
            {"safety_flags": [{"categories": ["abuse"]}]},
            ["body", "safety_flags", 0, "quote"],
        ),
        (
            {"safety_flags": [factories.flag("bad\x00")]},
            ["body", "safety_flags", 0, "quote", "text"],
        ),
        (
            {"safety_flags": [factories.flag("")]},
            ["body", "safety_flags", 0, "quote", "text"],
        ),
        ({"safety_flags": [factories.flag("x")] * 51}, ["body", "safety_flags"]),
        ({"safety_flags": None}, ["body", "safety_flags"]),
        ({"skipped": ["hobbies"]}, ["body", "skipped", 0]),
        ({"skipped": ["question"]}, ["body", "skipped", 0]),
        ({"skipped": ["people", "people"]}, ["body", "skipped"]),
        ({"skipped": [*PARTS, *PARTS, "people", "strengths", "people"]}, ["body", "skipped"]),
        ({"skipped": "people"}, ["body", "skipped"]),
        ({"questions": [factories.quote("x")] * 51}, ["body", "questions"]),
        (
            {"questions": [{"text": "x", "said_at": "2026-11-22T10:00:00"}]},
            ["body", "questions", 0, "said_at"],
        ),
        ({"questions": [factories.quote("")]}, ["body", "questions", 0, "text"]),
    ],
    ids=[
        "unknown-category",
        "capitalised-category",
        "no-categories",
        "repeated-category",
        "8-categories",
        "missing-categories",
        "missing-quote",
        "nul-in-flag",
        "empty-flag-text",
        "51-flags",
        "null-flags",
        "unknown-part",
        "question-is-not-a-part",
        "repeated-part",
        "21-parts",
        "parts-not-a-list",
        "51-questions",
        "naive-question-time",
        "empty-question",
    ],
)
def test_new_fields_outside_the_contract_are_refused(
    client: TestClient,
    bot_headers: dict[str, str],
    db: Database,
    changes: dict[str, Any],
    location: list[str | int],
) -> None:
    response = _post(client, factories.plan_payload(**changes), bot_headers)

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [location]
    with db.sessions() as session:
        assert session.scalars(select(Plan)).all() == []


def test_refused_flags_do_not_echo_the_persons_words(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload(
        safety_flags=[factories.flag("my private words", categories=["my private words"])],
        questions=[factories.quote("my private question\x00")],
    )

    response = _post(client, payload, bot_headers)

    assert response.status_code == 422
    assert "my private" not in response.text


def test_the_list_shows_urgent_plans_first_then_newest_first(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
) -> None:
    oldest_urgent = _send(client, bot_headers, safety_flags=[factories.flag("a")])
    old_calm = _send(client, bot_headers)
    newer_urgent = _send(
        client,
        bot_headers,
        safety_flags=[
            factories.flag("b", message_id="b1"),
            factories.flag("c", message_id="b2", categories=["neglect"]),
        ],
    )
    newest_calm = _send(client, bot_headers)
    for plan, minutes_ago in ((oldest_urgent, 40), (old_calm, 30), (newer_urgent, 20)):
        _received(db, plan["id"], minutes_ago)

    response = client.get(f"{API_PREFIX}/plans", headers=auth_headers)

    assert response.status_code == 200
    body = response.json()
    assert [plan["id"] for plan in body] == [
        newer_urgent["id"],
        oldest_urgent["id"],
        newest_calm["id"],
        old_calm["id"],
    ]
    assert [(plan["urgent"], plan["flag_count"]) for plan in body] == [
        (True, 2),
        (True, 1),
        (False, 0),
        (False, 0),
    ]
    assert body[0] == {
        "id": newer_urgent["id"],
        "reference": newer_urgent["reference"],
        "conversation_id": newer_urgent["conversation_id"],
        "role": "person",
        "kind": "plan",
        "reviews_plan_id": None,
        "status": "new",
        "urgent": True,
        "assigned_to": None,
        "sent_at": "2026-11-22T10:15:00Z",
        "received_at": body[0]["received_at"],
        "outcome_count": 1,
        "note_count": 0,
        "flag_count": 2,
    }
    assert _ids(client, auth_headers, limit=2, offset=1) == [oldest_urgent["id"], newest_calm["id"]]


def test_the_list_filters_by_urgency(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
) -> None:
    urgent = _send(client, bot_headers, safety_flags=[factories.flag("a")])
    calm = _send(client, bot_headers)
    closed_urgent = _send(client, bot_headers, safety_flags=[factories.flag("b")])
    with db.sessions() as session:
        session.execute(update(Plan).where(Plan.id == closed_urgent["id"]).values(status="closed"))
        session.commit()
    _received(db, urgent["id"], 10)

    assert _ids(client, auth_headers, urgent="true") == [closed_urgent["id"], urgent["id"]]
    assert _ids(client, auth_headers, urgent="false") == [calm["id"]]
    assert _ids(client, auth_headers, urgent="true", status="new") == [urgent["id"]]
    assert _ids(client, auth_headers, urgent="false", status="closed") == []
    assert sorted(_ids(client, auth_headers)) == sorted(
        [urgent["id"], calm["id"], closed_urgent["id"]]
    )


@pytest.mark.parametrize("value", ["maybe", "", "2"])
def test_a_bad_urgent_filter_is_refused(
    client: TestClient, auth_headers: dict[str, str], value: str
) -> None:
    response = client.get(f"{API_PREFIX}/plans", params={"urgent": value}, headers=auth_headers)

    assert response.status_code == 422


def test_only_harm_and_life_make_a_plan_urgent(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    worry = factories.flag("the bills frighten me", categories=["wellbeing"], level="concern",
                           source="classifier", message_id="w1")  # fmt: skip
    unanswered = factories.flag("my nephew sorts my money", categories=["financial_harm"],
                                level="check", source="classifier", message_id="c1")  # fmt: skip
    calm = _post(
        client,
        factories.plan_payload(conversation_id="calm", safety_flags=[worry, unanswered]),
        bot_headers,
    )
    assert calm.status_code == 201
    assert calm.json()["urgent"] is False
    assert [(f["level"], f["source"]) for f in calm.json()["safety_flags"]] == [
        ("concern", "classifier"),
        ("check", "classifier"),
    ]

    confirmed = factories.flag("my nephew sorts my money", categories=["financial_harm"],
                               level="harm", source="answer_to_check",
                               choices=["yes", "send_now"], message_id="c2")  # fmt: skip
    urgent = _post(
        client, factories.plan_payload(conversation_id="urgent", safety_flags=[confirmed]),
        bot_headers,
    )  # fmt: skip
    assert urgent.json()["urgent"] is True
    assert urgent.json()["safety_flags"][0]["choices"] == ["yes", "send_now"]


def test_a_flag_from_an_older_bot_is_read_as_the_old_urgent_response(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    old = {"quote": factories.quote("I want to die"), "categories": ["suicide"]}
    response = _post(client, factories.plan_payload(safety_flags=[old]), bot_headers)
    assert response.status_code == 201
    assert response.json()["urgent"] is True
    [flag] = response.json()["safety_flags"]
    assert (flag["level"], flag["source"], flag["choices"]) == ("life", "phrase_list", [])


def test_two_flags_for_one_message_keep_the_higher_level(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload(
        safety_flags=[
            factories.flag("x", categories=["wellbeing"], level="concern", source="classifier",
                           message_id="m1"),
            factories.flag("x", categories=["abuse"], level="harm", message_id="m1"),
        ]
    )  # fmt: skip
    body = _post(client, payload, bot_headers).json()
    assert [(f["level"], f["categories"]) for f in body["safety_flags"]] == [
        ("harm", ["wellbeing", "abuse"])
    ]
    assert body["urgent"] is True
