"""POST /api/v1/plans: the bot sends a plan the person chose to send."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.core.config import Settings
from api.plans import service
from api.plans.models import Plan, PlanItem
from api.plans.schemas import PlanIn
from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from contract.plan import PERSON_SECTIONS
from tests.api import factories
from tests.api.factories import AWKWARD_TEXTS, Database

# A person's free-text sections, as the API lists them: the contract's, in the order asked.
SECTION_KEYS = [str(part) for part in PERSON_SECTIONS]


def _post(client: TestClient, payload: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(f"{API_PREFIX}/plans", json=payload, headers=headers)


def test_a_new_plan_is_stored_and_returned_whole(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload(
        conversation_id="4f0c2a",
        reference="WM-7K3P9Q",
        sent_at="2026-11-22T11:15:00+01:00",
        outcomes=[
            {
                "what": factories.quote("Getting out to the garden", message_id="m1"),
                "why": factories.quote("It calms me", message_id="m2"),
            },
            {"what": factories.quote("Church on Sunday", message_id=None), "why": None},
        ],
        sections={
            "strengths": [factories.quote("I'm stubborn", message_id="m3")],
            "people": [
                factories.quote("My daughter", message_id="m4"),
                factories.quote("My neighbour", message_id="m5"),
            ],
        },
    )

    response = _post(client, payload, bot_headers)

    assert response.status_code == 201
    body = response.json()
    said = "2026-11-22T10:00:00Z"
    assert body == factories.returned({
        "id": body["id"],
        "reference": "WM-7K3P9Q",
        "conversation_id": "4f0c2a",
        "role": "person",
        "kind": "plan",
        "reviews_plan_id": None,
        "person_reference": None,
        "match_consent": False,
        "linked_plans": [],
        "status": "new",
        "urgent": False,
        "assigned_to": None,
        "sent_at": "2026-11-22T10:15:00Z",
        "received_at": body["received_at"],
        "updated_at": body["received_at"],
        "outcomes": [
            {
                "what": {"text": "Getting out to the garden", "message_id": "m1", "said_at": said},
                "why": {"text": "It calms me", "message_id": "m2", "said_at": said},
            },
            {
                "what": {"text": "Church on Sunday", "message_id": None, "said_at": said},
                "why": None,
            },
        ],
        "sections": {
            **{key: [] for key in SECTION_KEYS},
            "strengths": [{"text": "I'm stubborn", "message_id": "m3", "said_at": said}],
            "people": [
                {"text": "My daughter", "message_id": "m4", "said_at": said},
                {"text": "My neighbour", "message_id": "m5", "said_at": said},
            ],
        },
        "questions": [],
        "safety_flags": [],
        "skipped": [],
        "notes": [],
        "reviewed": [],
        "reviews": [],
    })  # fmt: skip
    assert isinstance(body["id"], int)
    assert body["received_at"].endswith("Z")


def test_a_plan_is_stored_relationally_one_row_per_quote(
    client: TestClient, bot_headers: dict[str, str], db: Database
) -> None:
    payload = factories.plan_payload(
        outcomes=[
            {"what": factories.quote("A"), "why": factories.quote("because")},
            {"what": factories.quote("B"), "why": None},
        ],
        sections={"people": [factories.quote("P0"), factories.quote("P1")]},
    )

    plan_id = _post(client, payload, bot_headers).json()["id"]

    with db.sessions() as session:
        rows = session.execute(
            select(PlanItem.section, PlanItem.position, PlanItem.text)
            .where(PlanItem.plan_id == plan_id)
            .order_by(PlanItem.section, PlanItem.position)
        ).all()
    assert sorted((str(section), position, text) for section, position, text in rows) == [
        ("people", 0, "P0"),
        ("people", 1, "P1"),
        ("what_matters", 0, "A"),
        ("what_matters", 1, "B"),
        ("why_it_matters", 0, "because"),
    ]


def test_awkward_words_come_back_byte_for_byte(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
) -> None:
    payload = factories.plan_payload(
        outcomes=[
            {"what": factories.quote(text), "why": factories.quote(text)} for text in AWKWARD_TEXTS
        ],
        sections={key: [factories.quote(text) for text in AWKWARD_TEXTS] for key in SECTION_KEYS},
    )

    created = _post(client, payload, bot_headers)
    assert created.status_code == 201
    fetched = client.get(f"{API_PREFIX}/plans/{created.json()['id']}", headers=auth_headers)

    for body in (created.json(), fetched.json()):
        whats = [outcome["what"]["text"] for outcome in body["outcomes"]]
        whys = [outcome["why"]["text"] for outcome in body["outcomes"]]
        assert [text.encode() for text in whats] == [text.encode() for text in AWKWARD_TEXTS]
        assert [text.encode() for text in whys] == [text.encode() for text in AWKWARD_TEXTS]
        for key in SECTION_KEYS:
            texts = [quote["text"].encode() for quote in body["sections"][key]]
            assert texts == [text.encode() for text in AWKWARD_TEXTS], key
    with db.sessions() as session:
        stored = session.scalars(
            select(PlanItem.text)
            .where(PlanItem.section == "what_matters")
            .order_by(PlanItem.position)
        ).all()
    assert [text.encode() for text in stored] == [text.encode() for text in AWKWARD_TEXTS]


def test_the_longest_allowed_answer_is_kept_whole(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    longest = ("ab🌻\n" * 25_000)[:100_000]
    payload = factories.plan_payload(sections={"anything_else": [factories.quote(longest)]})

    response = _post(client, payload, bot_headers)

    assert response.status_code == 201
    assert response.json()["sections"]["anything_else"][0]["text"] == longest


@pytest.mark.parametrize(
    "text",
    ["", "x" * 100_001, "before\x00after", "\x00", "lone \ud800 surrogate"],
    ids=["empty", "too-long", "nul-inside", "nul-only", "lone-surrogate"],
)
def test_unstorable_text_is_refused(
    client: TestClient, bot_headers: dict[str, str], text: str
) -> None:
    payload = factories.plan_payload(sections={"people": [factories.quote(text)]})

    response = client.post(
        f"{API_PREFIX}/plans",
        # json.dumps escapes a lone surrogate as \\ud800, as any JSON sender would.
        content=json.dumps(payload),
        headers={**bot_headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert client.get(f"{API_PREFIX}/health").status_code == 200


def test_nul_in_the_reason_is_refused_and_nothing_is_stored(
    client: TestClient, bot_headers: dict[str, str], db: Database
) -> None:
    payload = factories.plan_payload(
        outcomes=[{"what": factories.quote("fine"), "why": factories.quote("bad\x00")}]
    )

    response = _post(client, payload, bot_headers)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "outcomes", 0, "why", "text"]
    with db.sessions() as session:
        assert session.scalars(select(Plan)).all() == []


def test_validation_errors_do_not_echo_the_persons_words(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload(sections={"people": [factories.quote("my private words\x00")]})

    response = _post(client, payload, bot_headers)

    assert response.status_code == 422
    assert "my private words" not in response.text


@pytest.mark.parametrize(
    ("changes", "location"),
    [
        ({"sections": {"hobbies": []}}, ["body", "sections", "hobbies", "[key]"]),
        ({"reference": "wm-lower"}, ["body", "reference"]),
        ({"reference": "WM-1"}, ["body", "reference"]),
        ({"reference": "WM-7K3P9Q\n"}, ["body", "reference"]),
        ({"conversation_id": ""}, ["body", "conversation_id"]),
        ({"conversation_id": "c" * 256}, ["body", "conversation_id"]),
        ({"conversation_id": "c\x00"}, ["body", "conversation_id"]),
        ({"sent_at": "2026-11-22T10:15:00"}, ["body", "sent_at"]),
        (
            {"outcomes": [{"what": {"text": "x", "said_at": "2026-11-22T10:00:00"}}]},
            ["body", "outcomes", 0, "what", "said_at"],
        ),
        (
            {"outcomes": [{"what": factories.quote("x", message_id="m" * 256)}]},
            ["body", "outcomes", 0, "what", "message_id"],
        ),
        ({"outcomes": [{"what": factories.quote("x")}] * 51}, ["body", "outcomes"]),
        ({"sections": {"people": [factories.quote("x")] * 51}}, ["body", "sections", "people"]),
    ],
    ids=[
        "unknown-section",
        "lower-case-reference",
        "short-reference",
        "reference-newline",
        "empty-conversation",
        "long-conversation",
        "nul-conversation",
        "naive-sent-at",
        "naive-said-at",
        "long-message-id",
        "51-outcomes",
        "51-quotes",
    ],
)
def test_payloads_outside_the_contract_are_refused(
    client: TestClient,
    bot_headers: dict[str, str],
    changes: dict[str, Any],
    location: list[str | int],
) -> None:
    response = _post(client, factories.plan_payload(**changes), bot_headers)

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [location]


def test_a_minimal_plan_without_outcomes_or_sections_is_accepted(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = {"conversation_id": "c-min", "reference": "WM-MIN001", "sent_at": factories.SENT_AT}

    response = _post(client, payload, bot_headers)

    assert response.status_code == 201
    assert response.json()["outcomes"] == []
    assert response.json()["sections"] == {key: [] for key in SECTION_KEYS}
    assert response.json()["urgent"] is False
    assert response.json()["questions"] == []
    assert response.json()["safety_flags"] == []
    assert response.json()["skipped"] == []


def test_sending_again_for_the_same_conversation_returns_the_first_plan_unchanged(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload(conversation_id="retry-me")
    first = _post(client, payload, bot_headers)
    changed = {**payload, "reference": "WM-OTHER1", "outcomes": []}

    again = _post(client, payload, bot_headers)
    different_body = _post(client, changed, bot_headers)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert different_body.status_code == 200
    assert different_body.json() == first.json()
    listed = client.get(
        f"{API_PREFIX}/plans", params={"conversation_id": "retry-me"}, headers=auth_headers
    ).json()
    assert [plan["id"] for plan in listed] == [first.json()["id"]]
    assert len(client.get(f"{API_PREFIX}/plans", headers=auth_headers).json()) == 1


def test_a_reference_used_by_another_conversation_is_a_conflict(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    _post(client, factories.plan_payload(reference="WM-SAME01"), bot_headers)

    response = _post(client, factories.plan_payload(reference="WM-SAME01"), bot_headers)

    assert response.status_code == 409
    assert response.json() == {"detail": "Reference WM-SAME01 is already used by another plan."}
    assert len(client.get(f"{API_PREFIX}/plans", headers=auth_headers).json()) == 1


def test_losing_a_race_for_the_same_conversation_returns_the_winners_plan(
    client: TestClient, bot_headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = factories.plan_payload()
    winner = _post(client, payload, bot_headers).json()
    # As if the other request committed between our look-up and our insert.
    real_lookup = service.get_plan_by_conversation_id
    calls: list[str] = []

    def lookup_that_misses_once(**kwargs: Any) -> Plan | None:
        calls.append(kwargs["conversation_id"])
        return None if len(calls) == 1 else real_lookup(**kwargs)

    monkeypatch.setattr(service, "get_plan_by_conversation_id", lookup_that_misses_once)

    response = _post(client, payload, bot_headers)

    assert response.status_code == 200
    assert response.json() == winner
    assert len(calls) == 2


def test_concurrent_inserts_for_one_conversation_store_one_plan(db: Database) -> None:
    payload = PlanIn.model_validate(factories.plan_payload())
    barrier = threading.Barrier(2)
    results: list[Plan | None] = []
    lock = threading.Lock()

    def insert() -> None:
        with db.sessions() as session:
            barrier.wait()
            plan = service.create_plan(session=session, payload=payload)
            with lock:
                results.append(plan)

    threads = [threading.Thread(target=insert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(plan is None for plan in results) == [False, True]
    with db.sessions() as session:
        assert len(session.scalars(select(Plan)).all()) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer not-the-token"},
        {"Authorization": f"Bearer {factories.BOT_SERVICE_TOKEN}x"},
        {"Authorization": f"Basic {factories.BOT_SERVICE_TOKEN}"},
        {"Authorization": factories.BOT_SERVICE_TOKEN},
    ],
    ids=["none", "empty", "wrong", "longer", "basic-scheme", "no-scheme"],
)
def test_only_the_bot_token_may_send_plans(
    client: TestClient, headers: dict[str, str], db: Database
) -> None:
    response = _post(client, factories.plan_payload(), headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    with db.sessions() as session:
        assert session.scalars(select(Plan)).all() == []


def test_a_practitioner_token_may_not_send_plans(
    client: TestClient, practitioner: Practitioner, settings: Settings
) -> None:
    headers = factories.bearer(factories.access_token(practitioner, settings))

    response = _post(client, factories.plan_payload(), headers)

    assert response.status_code == 401
