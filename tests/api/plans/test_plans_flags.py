"""POST /api/v1/plans/flags: the bot flags a plan already sent, which makes it urgent."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from api.core.config import Settings
from api.plans import service
from api.plans.models import Plan, PlanFlag
from api.plans.schemas import FlagsIn
from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import AWKWARD_TEXTS, Database

SAID = "2026-11-22T10:00:00Z"
FLAGS_URL = f"{API_PREFIX}/plans/flags"


def _send_plan(client: TestClient, bot_headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(**overrides), headers=bot_headers
    )
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def _flag(client: TestClient, payload: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(FLAGS_URL, json=payload, headers=headers)


def _stored_flags(db: Database) -> list[tuple[int, str, str | None]]:
    with db.sessions() as session:
        rows = session.execute(
            select(PlanFlag.plan_id, PlanFlag.text, PlanFlag.message_id).order_by(PlanFlag.id)
        ).all()
    return [(plan_id, text, message_id) for plan_id, text, message_id in rows]


@pytest.fixture
def plan(client: TestClient, bot_headers: dict[str, str]) -> dict[str, Any]:
    return _send_plan(client, bot_headers, conversation_id="sender-1")


def test_flags_make_a_plan_urgent_and_come_back_with_the_whole_plan(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    plan: dict[str, Any],
) -> None:
    payload = factories.flags_payload(
        "sender-1",
        factories.flag("I want to die", categories=["suicide"], message_id="f1"),
        factories.flag("Nobody feeds me", categories=["neglect", "unsafe_home"], message_id=None),
        factories.flag("i cant do this anymore", categories=["other"], message_id="f3"),
    )

    response = _flag(client, payload, bot_headers)

    assert response.status_code == 200
    body = response.json()
    raised_at = body["safety_flags"][0]["raised_at"]
    assert body == factories.returned(
        {
            **plan,
            "urgent": True,
            "updated_at": raised_at,
            "safety_flags": [
                {
                    "quote": {"text": "I want to die", "message_id": "f1", "said_at": SAID},
                    "categories": ["suicide"],
                    "level": "life",
                    "source": "phrase_list",
                    "choices": [],
                    "raised_at": raised_at,
                },
                {
                    "quote": {"text": "Nobody feeds me", "message_id": None, "said_at": SAID},
                    "categories": ["neglect", "unsafe_home"],
                    "level": "life",
                    "source": "phrase_list",
                    "choices": [],
                    "raised_at": raised_at,
                },
                {
                    "quote": {
                        "text": "i cant do this anymore",
                        "message_id": "f3",
                        "said_at": SAID,
                    },
                    "categories": ["other"],
                    "level": "life",
                    "source": "phrase_list",
                    "choices": [],
                    "raised_at": raised_at,
                },
            ],
        }
    )
    assert raised_at.endswith("Z")
    assert raised_at >= plan["received_at"]
    assert client.get(f"{API_PREFIX}/plans/{plan['id']}", headers=auth_headers).json() == body


def test_a_flagged_plan_moves_to_the_top_of_the_list(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
    plan: dict[str, Any],
) -> None:
    newer = _send_plan(client, bot_headers)
    with db.sessions() as session:
        session.execute(
            update(Plan)
            .where(Plan.id == plan["id"])
            .values(received_at=datetime.now(tz=UTC) - timedelta(minutes=5))
        )
        session.commit()

    def listed() -> list[tuple[int, bool, int]]:
        response = client.get(f"{API_PREFIX}/plans", headers=auth_headers)
        return [(p["id"], p["urgent"], p["flag_count"]) for p in response.json()]

    before = listed()
    _flag(client, factories.flags_payload("sender-1"), bot_headers)

    assert before == [(newer["id"], False, 0), (plan["id"], False, 0)]
    assert listed() == [(plan["id"], True, 1), (newer["id"], False, 0)]


def test_flags_are_added_after_those_sent_with_the_plan_in_the_order_received(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    _send_plan(
        client,
        bot_headers,
        conversation_id="sender-2",
        safety_flags=[factories.flag("first", message_id="a")],
    )

    second = _flag(
        client,
        factories.flags_payload(
            "sender-2",
            factories.flag("second", message_id="b"),
            factories.flag("third", message_id="c"),
        ),
        bot_headers,
    )
    fourth = _flag(
        client,
        factories.flags_payload("sender-2", factories.flag("fourth", message_id="d")),
        bot_headers,
    )

    assert second.status_code == 200
    assert [flag["quote"]["text"] for flag in second.json()["safety_flags"]] == [
        "first",
        "second",
        "third",
    ]
    assert [flag["quote"]["text"] for flag in fourth.json()["safety_flags"]] == [
        "first",
        "second",
        "third",
        "fourth",
    ]
    times = [flag["raised_at"] for flag in fourth.json()["safety_flags"]]
    assert times == sorted(times)


def test_sending_the_same_flags_again_changes_nothing(
    client: TestClient, bot_headers: dict[str, str], db: Database, plan: dict[str, Any]
) -> None:
    payload = factories.flags_payload(
        "sender-1",
        factories.flag("I want to die", message_id="f1"),
        factories.flag("He hurts me", categories=["abuse"], message_id="f2"),
    )
    first = _flag(client, payload, bot_headers)

    again = _flag(client, payload, bot_headers)

    assert first.status_code == 200
    assert again.status_code == 200
    assert again.json() == first.json()
    assert _stored_flags(db) == [
        (plan["id"], "I want to die", "f1"),
        (plan["id"], "He hurts me", "f2"),
    ]


def test_only_messages_not_yet_flagged_are_added(
    client: TestClient, bot_headers: dict[str, str], db: Database
) -> None:
    sent = _send_plan(
        client,
        bot_headers,
        conversation_id="sender-3",
        safety_flags=[factories.flag("with the plan", message_id="f1")],
    )

    response = _flag(
        client,
        factories.flags_payload(
            "sender-3",
            # The same message again, even with other words or categories, is not added again.
            factories.flag("with the plan, again", categories=["abuse"], message_id="f1"),
            factories.flag("new", message_id="f2"),
        ),
        bot_headers,
    )

    assert response.status_code == 200
    assert [
        (flag["quote"]["text"], flag["categories"]) for flag in response.json()["safety_flags"]
    ] == [("with the plan", ["self_harm"]), ("new", ["self_harm"])]
    assert _stored_flags(db) == [
        (sent["id"], "with the plan", "f1"),
        (sent["id"], "new", "f2"),
    ]


def test_flags_without_a_message_id_are_always_added(
    client: TestClient, bot_headers: dict[str, str], db: Database, plan: dict[str, Any]
) -> None:
    payload = factories.flags_payload("sender-1", factories.flag("no id", message_id=None))

    _flag(client, payload, bot_headers)
    response = _flag(client, payload, bot_headers)

    assert response.status_code == 200
    assert [flag["quote"]["message_id"] for flag in response.json()["safety_flags"]] == [
        None,
        None,
    ]
    assert _stored_flags(db) == [(plan["id"], "no id", None), (plan["id"], "no id", None)]


def test_two_flags_for_one_message_in_one_request_become_one(
    client: TestClient, bot_headers: dict[str, str], plan: dict[str, Any]
) -> None:
    response = _flag(
        client,
        factories.flags_payload(
            "sender-1",
            factories.flag("once", categories=["abuse"], message_id="f1"),
            factories.flag("twice", categories=["domestic_abuse", "abuse"], message_id="f1"),
        ),
        bot_headers,
    )

    assert response.status_code == 200
    assert [
        (flag["quote"]["text"], flag["categories"]) for flag in response.json()["safety_flags"]
    ] == [("once", ["abuse", "domestic_abuse"])]


def test_an_idempotent_repeat_does_not_touch_updated_at(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    plan: dict[str, Any],
) -> None:
    flagged = _flag(client, factories.flags_payload("sender-1"), bot_headers).json()
    client.post(f"{API_PREFIX}/plans/{plan['id']}/notes", json={"text": "n"}, headers=auth_headers)
    noted = client.get(f"{API_PREFIX}/plans/{plan['id']}", headers=auth_headers).json()

    repeated = _flag(client, factories.flags_payload("sender-1"), bot_headers).json()

    assert noted["updated_at"] >= flagged["updated_at"]
    assert repeated == noted


def test_flags_leave_the_follow_up_alone(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    practitioner: Practitioner,
    plan: dict[str, Any],
) -> None:
    client.patch(
        f"{API_PREFIX}/plans/{plan['id']}",
        json={"status": "contacted", "assigned_to_id": practitioner.id},
        headers=auth_headers,
    )

    response = _flag(client, factories.flags_payload("sender-1"), bot_headers)

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["assigned_to"]["id"], body["urgent"]) == (
        "contacted",
        practitioner.id,
        True,
    )


def test_awkward_words_in_flags_come_back_byte_for_byte(
    client: TestClient, bot_headers: dict[str, str], db: Database, plan: dict[str, Any]
) -> None:
    payload = factories.flags_payload(
        "sender-1",
        *(factories.flag(text, message_id=f"m{i}") for i, text in enumerate(AWKWARD_TEXTS)),
    )

    response = _flag(client, payload, bot_headers)

    assert response.status_code == 200
    expected = [text.encode() for text in AWKWARD_TEXTS]
    texts = [flag["quote"]["text"].encode() for flag in response.json()["safety_flags"]]
    assert texts == expected
    assert [text.encode() for _, text, _ in _stored_flags(db)] == expected


def test_flags_for_a_conversation_without_a_plan_are_not_found(
    client: TestClient, bot_headers: dict[str, str], db: Database, plan: dict[str, Any]
) -> None:
    response = _flag(client, factories.flags_payload("sender-unknown"), bot_headers)

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no plan for this conversation."}
    assert _stored_flags(db) == []


def test_flags_sent_before_the_plan_are_accepted_once_it_arrives(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    early = _flag(client, factories.flags_payload("sender-late"), bot_headers)
    _send_plan(client, bot_headers, conversation_id="sender-late")

    retried = _flag(client, factories.flags_payload("sender-late"), bot_headers)

    assert early.status_code == 404
    assert retried.status_code == 200
    assert retried.json()["urgent"] is True


@pytest.mark.parametrize(
    ("payload", "location"),
    [
        ({"conversation_id": "sender-1", "flags": []}, ["body", "flags"]),
        ({"conversation_id": "sender-1", "flags": [factories.flag("x")] * 51}, ["body", "flags"]),
        ({"conversation_id": "sender-1"}, ["body", "flags"]),
        ({"flags": [factories.flag("x")]}, ["body", "conversation_id"]),
        ({"conversation_id": "", "flags": [factories.flag("x")]}, ["body", "conversation_id"]),
        (
            {"conversation_id": "sender-1", "flags": [factories.flag("x", categories=["sad"])]},
            ["body", "flags", 0, "categories", 0],
        ),
        (
            {"conversation_id": "sender-1", "flags": [factories.flag("x", categories=[])]},
            ["body", "flags", 0, "categories"],
        ),
        (
            {"conversation_id": "sender-1", "flags": [factories.flag("x\x00")]},
            ["body", "flags", 0, "quote", "text"],
        ),
    ],
    ids=[
        "no-flags",
        "51-flags",
        "missing-flags",
        "missing-conversation",
        "empty-conversation",
        "unknown-category",
        "no-categories",
        "nul-in-text",
    ],
)
def test_flags_outside_the_contract_are_refused(
    client: TestClient,
    bot_headers: dict[str, str],
    db: Database,
    plan: dict[str, Any],
    payload: dict[str, Any],
    location: list[str | int],
) -> None:
    response = _flag(client, payload, bot_headers)

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [location]
    assert _stored_flags(db) == []


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer not-the-token"},
        {"Authorization": f"Bearer {factories.BOT_SERVICE_TOKEN}x"},
        {"Authorization": f"Basic {factories.BOT_SERVICE_TOKEN}"},
    ],
    ids=["none", "empty", "wrong", "longer", "basic-scheme"],
)
def test_only_the_bot_token_may_send_flags(
    client: TestClient, db: Database, plan: dict[str, Any], headers: dict[str, str]
) -> None:
    response = _flag(client, factories.flags_payload("sender-1"), headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert _stored_flags(db) == []


def test_a_practitioner_token_may_not_send_flags(
    client: TestClient,
    db: Database,
    practitioner: Practitioner,
    settings: Settings,
    plan: dict[str, Any],
) -> None:
    headers = factories.bearer(factories.access_token(practitioner, settings))

    response = _flag(client, factories.flags_payload("sender-1"), headers)

    assert response.status_code == 401
    assert _stored_flags(db) == []


def test_concurrent_flags_for_one_message_store_one_flag(
    db: Database, client: TestClient, bot_headers: dict[str, str], plan: dict[str, Any]
) -> None:
    payload = FlagsIn.model_validate(factories.flags_payload("sender-1"))
    barrier = threading.Barrier(2)
    results: list[Plan | None] = []
    lock = threading.Lock()

    def add() -> None:
        with db.sessions() as session:
            barrier.wait()
            flagged = service.add_flags(
                session=session, conversation_id=payload.conversation_id, flags=payload.flags
            )
            with lock:
                results.append(flagged)

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [flagged is not None and flagged.urgent for flagged in results] == [True, True]
    assert _stored_flags(db) == [(plan["id"], "I don't want to be here any more", "f1")]


def test_a_flag_another_request_stored_first_is_skipped_on_retry(
    client: TestClient,
    bot_headers: dict[str, str],
    db: Database,
    plan: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _flag(
        client,
        factories.flags_payload("sender-1", factories.flag("a", message_id="f1")),
        bot_headers,
    )
    # As if another request stored f1 between our read and our insert: the first attempt does
    # not know f1 is flagged, so the unique constraint refuses it and the service reads again.
    real_new_flags = service._new_flags
    seen: list[set[str]] = []

    def new_flags_that_misses_once(*args: Any, **kwargs: Any) -> list[PlanFlag]:
        seen.append(set(kwargs["already_flagged"]))
        if len(seen) == 1:
            kwargs["already_flagged"] = set()
        return real_new_flags(*args, **kwargs)

    monkeypatch.setattr(service, "_new_flags", new_flags_that_misses_once)

    response = _flag(
        client,
        factories.flags_payload(
            "sender-1", factories.flag("a", message_id="f1"), factories.flag("b", message_id="f2")
        ),
        bot_headers,
    )

    assert response.status_code == 200
    assert [flag["quote"]["message_id"] for flag in response.json()["safety_flags"]] == ["f1", "f2"]
    assert seen == [{"f1"}, {"f1"}]
    assert _stored_flags(db) == [(plan["id"], "a", "f1"), (plan["id"], "b", "f2")]


def test_a_flag_that_keeps_clashing_is_an_error_and_stores_nothing(
    client: TestClient,
    bot_headers: dict[str, str],
    db: Database,
    plan: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _flag(
        client,
        factories.flags_payload("sender-1", factories.flag("a", message_id="f1")),
        bot_headers,
    )
    real_new_flags = service._new_flags
    calls: list[int] = []

    def new_flags_that_always_misses(*args: Any, **kwargs: Any) -> list[PlanFlag]:
        calls.append(1)
        return real_new_flags(*args, **{**kwargs, "already_flagged": set()})

    monkeypatch.setattr(service, "_new_flags", new_flags_that_always_misses)
    payload = FlagsIn.model_validate(
        factories.flags_payload(
            "sender-1", factories.flag("a", message_id="f1"), factories.flag("b", message_id="f2")
        )
    )

    with db.sessions() as session, pytest.raises(IntegrityError):
        service.add_flags(session=session, conversation_id="sender-1", flags=payload.flags)

    assert len(calls) == 3
    assert _stored_flags(db) == [(plan["id"], "a", "f1")]
