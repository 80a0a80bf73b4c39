"""POST /api/v1/reviews/claim: the bot claims a review code for one conversation and gets what
the review quotes back, exactly as the person sent it."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from contract.http import API_PREFIX, REVIEW_CLAIM_PATH
from tests.api import factories
from tests.api.factories import AWKWARD_TEXTS, Database
from tests.api.reviews.test_reviews_invite import invite, send_plan

SAID = "2026-11-22T10:00:00Z"


def claim(client: TestClient, code: str, conversation_id: str, headers: dict[str, str]) -> Any:
    return client.post(
        REVIEW_CLAIM_PATH,
        json={"code": code, "conversation_id": conversation_id},
        headers=headers,
    )


def test_a_claim_quotes_the_plans_outcomes_byte_for_byte(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    outcomes = [
        {
            "what": factories.quote(words, message_id=f"w{n}"),
            "why": factories.quote(AWKWARD_TEXTS[-1 - n], message_id=None) if n % 3 else None,
        }
        for n, words in enumerate(AWKWARD_TEXTS)
    ]
    plan = send_plan(client, bot_headers, outcomes=outcomes)
    note = "We set up the lift to the lunch club in March.\r\n  {name} 0["
    code = invite(client, plan["id"], auth_headers, note=note).json()["code"]

    response = claim(client, code, "conv-A", bot_headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body == factories.returned(
        {
            "invitation_id": 1,
            "plan_reference": plan["reference"],
            "role": "person",
            "last_talked_at": "2026-11-22T10:15:00Z",
            "note": note,
            "outcomes": [
                {
                    "position": n,
                    "what": {"text": words, "message_id": f"w{n}", "said_at": SAID},
                    "why": (
                        {"text": AWKWARD_TEXTS[-1 - n], "message_id": None, "said_at": SAID}
                        if n % 3
                        else None
                    ),
                }
                for n, words in enumerate(AWKWARD_TEXTS)
            ],
            "sections": {},
        }
    )
    # Byte for byte, in the raw JSON too (no normalisation on the way out).
    for words in AWKWARD_TEXTS:
        assert words in [o["what"]["text"] for o in response.json()["outcomes"]]


def test_a_carers_claim_quotes_the_s9_parts_it_asks_again(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = client.post(
        f"{API_PREFIX}/plans",
        json=factories.carer_payload(
            sections={
                "cared_for": [factories.quote("My mum", message_id="c2")],
                "keep_caring": [factories.quote("  I can, for now\r\n", message_id="k1")],
                "need_break": [
                    factories.quote("yes!! 🌻", message_id="b1"),
                    factories.quote("<b>soon</b>", message_id="b2"),
                ],
                "anything_else": [factories.quote("not quoted back", message_id="a1")],
            }
        ),
        headers=bot_headers,
    ).json()
    code = invite(client, plan["id"], auth_headers).json()["code"]

    body = claim(client, code, "carer-conv", bot_headers).json()

    assert (body["role"], body["note"]) == ("carer", None)
    assert body["outcomes"] == factories.returned(
        [
            {
                "position": 0,
                "what": {"text": "A night's sleep", "message_id": "c1", "said_at": SAID},
                "why": None,
            }
        ]
    )
    assert body["sections"] == factories.returned(
        {
            "keep_caring": [{"text": "  I can, for now\r\n", "message_id": "k1", "said_at": SAID}],
            "emergency_plan": [],
            "future_care": [],
            "need_break": [
                {"text": "yes!! 🌻", "message_id": "b1", "said_at": SAID},
                {"text": "<b>soon</b>", "message_id": "b2", "said_at": SAID},
            ],
        }
    )


@pytest.mark.parametrize(
    "typed",
    [
        "{code}",
        "{lower}",
        "review {lower}",
        "{bare}",
        "  {spaced}  ",
    ],
)
def test_a_code_is_found_however_it_is_typed(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    typed: str,
) -> None:
    plan = send_plan(client, bot_headers)
    code = invite(client, plan["id"], auth_headers).json()["code"]
    bare = code.replace("-", "")

    response = claim(
        client,
        typed.format(code=code, lower=code.lower(), bare=bare, spaced=code.replace("-", " ")),
        "conv-typed",
        bot_headers,
    )

    assert response.status_code == 200, response.text


@pytest.mark.parametrize("typed", ["", "review", "ABCD-EFGH-JKLM-NPQR", "x" * 200, "\x00"])
def test_a_code_that_names_nothing_is_unknown(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], typed: str
) -> None:
    plan = send_plan(client, bot_headers)
    invite(client, plan["id"], auth_headers)

    response = claim(client, typed, "conv-guess", bot_headers)

    assert (response.status_code, response.json()) == (
        404,
        {
            "detail": "That review code was not found. Please check it with your worker.",
            "reason": "unknown",
        },
    )


def test_a_code_works_for_one_conversation_only_and_again_for_it(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], db: Database
) -> None:
    plan = send_plan(client, bot_headers)
    code = invite(client, plan["id"], auth_headers).json()["code"]

    first = claim(client, code, "conv-first", bot_headers)
    other = claim(client, code.lower(), "conv-other", bot_headers)
    again = claim(client, code, "conv-first", bot_headers)

    assert first.status_code == 200
    assert (other.status_code, other.json()) == (
        409,
        {"detail": "That review code has already been used.", "reason": "used"},
    )
    assert (again.status_code, again.json()) == (200, first.json())
    with db.engine.connect() as connection:
        claimed_by = connection.execute(text("SELECT claimed_by FROM review_invitations")).all()
    assert [tuple(row) for row in claimed_by] == [("conv-first",)]


def test_a_code_whose_review_was_sent_is_used_even_for_its_own_conversation(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)
    code = invite(client, plan["id"], auth_headers).json()["code"]
    assert claim(client, code, "conv-sent", bot_headers).status_code == 200
    sent = client.post(
        f"{API_PREFIX}/plans",
        json=factories.review_payload(reviews_plan=plan["reference"], conversation_id="conv-sent"),
        headers=bot_headers,
    )
    assert sent.status_code == 201, sent.text

    response = claim(client, code, "conv-sent", bot_headers)

    assert (response.status_code, response.json()["reason"]) == (409, "used")


def test_two_conversations_racing_for_one_code_one_wins(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], db: Database
) -> None:
    plan = send_plan(client, bot_headers)
    code = invite(client, plan["id"], auth_headers).json()["code"]
    start = threading.Barrier(4)
    answers: dict[str, int] = {}

    def claim_as(conversation_id: str) -> None:
        start.wait()
        answers[conversation_id] = claim(client, code, conversation_id, bot_headers).status_code

    threads = [threading.Thread(target=claim_as, args=(f"racer-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers.values()) == [200, 409, 409, 409]
    winner = next(c for c, answer in answers.items() if answer == 200)
    with db.engine.connect() as connection:
        claimed_by = connection.execute(text("SELECT claimed_by FROM review_invitations")).scalar()
    assert claimed_by == winner


def test_a_code_expires(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = send_plan(client, bot_headers)
    made = [invite(client, plan["id"], auth_headers, expires_in_days=2).json() for _ in range(2)]
    expires = datetime.fromisoformat(made[0]["expires_at"])

    monkeypatch.setattr("api.reviews.service.utcnow", lambda: expires - timedelta(seconds=1))
    in_time = claim(client, made[0]["code"], "conv-in-time", bot_headers)
    monkeypatch.setattr("api.reviews.service.utcnow", lambda: expires + timedelta(days=5))
    too_late = claim(client, made[1]["code"], "conv-late", bot_headers)
    # Once claimed, the conversation that owns the code keeps it while the person talks.
    still_ours = claim(client, made[0]["code"], "conv-in-time", bot_headers)

    assert in_time.status_code == 200
    assert (too_late.status_code, too_late.json()) == (
        410,
        {"detail": "That review code has expired.", "reason": "expired"},
    )
    assert still_ours.status_code == 200


def test_a_code_for_a_plan_closed_since_is_refused(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)
    code = invite(client, plan["id"], auth_headers).json()["code"]
    client.patch(
        f"{API_PREFIX}/plans/{plan['id']}", json={"status": "closed"}, headers=auth_headers
    )

    response = claim(client, code, "conv-closed", bot_headers)

    assert (response.status_code, response.json()) == (
        409,
        {"detail": "The plan this review code is for is closed.", "reason": "closed"},
    )


def test_only_the_bot_may_claim(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)
    code = invite(client, plan["id"], auth_headers).json()["code"]

    answers = [
        claim(client, code, "conv-x", {}).status_code,
        claim(client, code, "conv-x", auth_headers).status_code,
        claim(client, code, "conv-x", factories.bearer("not-the-token")).status_code,
    ]

    assert answers == [401, 401, 401]
    assert claim(client, code, "conv-x", bot_headers).status_code == 200


def test_a_conversation_guessing_codes_is_slowed_down(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)
    code = invite(client, plan["id"], auth_headers).json()["code"]

    guesses = [
        claim(client, f"AAAA-AAAA-AAAA-AA{a}{b}", "guesser", bot_headers).status_code
        for a, b in zip("ABCDEFGHJK", "2345678923", strict=True)
    ]
    refused = claim(client, code, "guesser", bot_headers)
    another = claim(client, code, "someone-else", bot_headers)

    assert guesses == [404] * 10
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "Too many review codes were tried. Please wait and try again.",
        "reason": "too_many",
    }
    assert int(refused.headers["Retry-After"]) > 0
    # Another conversation is not held up by this one's guesses.
    assert another.status_code == 200


def test_after_a_review_the_last_talk_is_the_reviews(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)
    first = invite(client, plan["id"], auth_headers).json()["code"]
    assert claim(client, first, "conv-1", bot_headers).status_code == 200
    client.post(
        f"{API_PREFIX}/plans",
        json=factories.review_payload(
            reviews_plan=plan["reference"],
            conversation_id="conv-1",
            sent_at="2027-03-04T09:00:00+00:00",
        ),
        headers=bot_headers,
    )
    second = invite(client, plan["id"], auth_headers).json()["code"]

    body = claim(client, second, "conv-2", bot_headers).json()

    assert body["last_talked_at"] == "2027-03-04T09:00:00Z"
    # Still the plan's own outcomes, never the review's words.
    assert [o["what"]["text"] for o in body["outcomes"]] == ["Seeing my grandchildren every week"]


def test_a_claim_logs_neither_code_nor_conversation(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    plan = send_plan(client, bot_headers)
    code = invite(client, plan["id"], auth_headers).json()["code"]

    with caplog.at_level(logging.DEBUG):
        claim(client, code, "conv-secret-id", bot_headers)
        claim(client, code, "conv-other-id", bot_headers)
        claim(client, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "conv-third-id", bot_headers)

    logged = caplog.text
    assert code not in logged and code.replace("-", "") not in logged
    assert "ZZZZ" not in logged
    assert "conv-" not in logged
