"""GET /api/v1/plans/{id}/history: each thing that mattered in the first words, and each
review's answers beside it, oldest first; new things that matter; a carer's parts over time."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.audit.models import AuditEvent
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import AWKWARD_TEXTS, Database
from tests.api.reviews.test_reviews_claim import claim
from tests.api.reviews.test_reviews_invite import invite
from tests.api.reviews.test_reviews_receive import invited_plan, post

SAID = "2026-11-22T10:00:00Z"


def said(words: str, message_id: str | None) -> dict[str, Any]:
    return {"text": words, "message_id": message_id, "said_at": SAID}


def review(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    plan: dict[str, Any],
    conversation_id: str,
    **payload: Any,
) -> Any:
    code = invite(client, plan["id"], auth_headers).json()["code"]
    assert claim(client, code, conversation_id, bot_headers).status_code == 200
    response = post(
        client,
        factories.review_payload(
            reviews_plan=plan["reference"], conversation_id=conversation_id, **payload
        ),
        bot_headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_the_history_is_ordered_and_complete_with_two_reviews(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "unused-claim")
    # Sent second but talked first: the history goes by when each was sent.
    later = review(
        client,
        bot_headers,
        auth_headers,
        plan,
        "rev-later",
        sent_at="2027-06-01T09:00:00+00:00",
        reviewed=[
            {
                "position": 1,
                "now": factories.quote(AWKWARD_TEXTS[2], message_id="L1"),
                "movement": "rather_not_say",
            },
            {
                "position": 0,
                "now": factories.quote(AWKWARD_TEXTS[9], message_id="L2"),
                "movement": "same",
                "still_matters": factories.quote("No, let it go", message_id="L3"),
            },
        ],
        sections={"anything_else": [factories.quote("Later words", message_id="L4")]},
    )
    earlier = review(
        client,
        bot_headers,
        auth_headers,
        plan,
        "rev-earlier",
        sent_at="2027-02-01T09:00:00+00:00",
        reviewed=[
            {
                "position": 0,
                "now": factories.quote(AWKWARD_TEXTS[0], message_id="E1"),
                "movement": "better",
                "helped": factories.quote(AWKWARD_TEXTS[3], message_id="E2"),
                "in_the_way": factories.quote(AWKWARD_TEXTS[7], message_id="E3"),
            }
        ],
        outcomes=[
            {
                "what": factories.quote(AWKWARD_TEXTS[11], message_id="E4"),
                "why": None,
            },
            {
                "what": factories.quote("Learning to use the tablet", message_id="E5"),
                "why": factories.quote(AWKWARD_TEXTS[13], message_id="E6"),
            },
        ],
    )

    response = client.get(f"{API_PREFIX}/plans/{plan['id']}/history", headers=auth_headers)

    assert response.status_code == 200
    e_at, l_at = "2027-02-01T09:00:00Z", "2027-06-01T09:00:00Z"
    e_ref, l_ref = earlier["reference"], later["reference"]
    assert response.json() == factories.returned(
        {
            "plan": {
                "id": plan["id"],
                "reference": plan["reference"],
                "role": "person",
                "sent_at": "2026-11-22T10:15:00Z",
            },
            "outcomes": [
                {
                    "position": 0,
                    "what": said("Getting back to the bowling club on a Tuesday", "o1"),
                    "why": said("It's where my pals are", "o2"),
                    "reviews": [
                        {
                            "review_id": earlier["id"],
                            "reference": e_ref,
                            "sent_at": e_at,
                            "now": said(AWKWARD_TEXTS[0], "E1"),
                            "movement": "better",
                            "helped": said(AWKWARD_TEXTS[3], "E2"),
                            "in_the_way": said(AWKWARD_TEXTS[7], "E3"),
                            "still_matters": None,
                        },
                        {
                            "review_id": later["id"],
                            "reference": l_ref,
                            "sent_at": l_at,
                            "now": said(AWKWARD_TEXTS[9], "L2"),
                            "movement": "same",
                            "helped": None,
                            "in_the_way": None,
                            "still_matters": said("No, let it go", "L3"),
                        },
                    ],
                },
                {
                    "position": 1,
                    "what": said("Sleeping through the night", "o3"),
                    "why": None,
                    "reviews": [
                        {
                            "review_id": later["id"],
                            "reference": l_ref,
                            "sent_at": l_at,
                            "now": said(AWKWARD_TEXTS[2], "L1"),
                            "movement": "rather_not_say",
                            "helped": None,
                            "in_the_way": None,
                            "still_matters": None,
                        }
                    ],
                },
            ],
            "new_outcomes": [
                {
                    "review_id": earlier["id"],
                    "reference": e_ref,
                    "sent_at": e_at,
                    "what": said(AWKWARD_TEXTS[11], "E4"),
                    "why": None,
                },
                {
                    "review_id": earlier["id"],
                    "reference": e_ref,
                    "sent_at": e_at,
                    "what": said("Learning to use the tablet", "E5"),
                    "why": said(AWKWARD_TEXTS[13], "E6"),
                },
            ],
            "sections": {
                "anything_else": [
                    {"review_id": later["id"], "sent_at": l_at, "quote": said("Later words", "L4")}
                ]
            },
            "reviews": [
                {"id": earlier["id"], "reference": e_ref, "sent_at": e_at, "status": "new"},
                {"id": later["id"], "reference": l_ref, "sent_at": l_at, "status": "new"},
            ],
        }
    )
    # Given a review's id, the same history: that of the plan it reviews.
    from_review = client.get(f"{API_PREFIX}/plans/{later['id']}/history", headers=auth_headers)
    assert from_review.json() == response.json()


def test_a_carers_history_shows_the_s9_parts_over_time(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    carer = client.post(
        f"{API_PREFIX}/plans",
        json=factories.carer_payload(
            sections={
                "cared_for": [factories.quote("My mum", message_id="c2")],
                "keep_caring": [factories.quote("I can manage", message_id="k0")],
                "need_break": [factories.quote("yes!! even one afternoon", message_id="c5")],
                "anything_else": [factories.quote("first anything else", message_id="a0")],
            }
        ),
        headers=bot_headers,
    ).json()
    first = review(
        client,
        bot_headers,
        auth_headers,
        carer,
        "carer-rev",
        role="carer",
        reviewed=[],
        sections={
            "keep_caring": [factories.quote("Harder now", message_id="k1")],
            "emergency_plan": [factories.quote("My sister", message_id="e1")],
            "anything_else": [factories.quote("Thank you", message_id="a1")],
        },
    )

    body = client.get(f"{API_PREFIX}/plans/{carer['id']}/history", headers=auth_headers).json()

    plan_at, review_at = "2026-11-22T10:15:00Z", "2027-02-01T10:15:00Z"
    assert body["sections"] == factories.returned(
        {
            "keep_caring": [
                {"review_id": None, "sent_at": plan_at, "quote": said("I can manage", "k0")},
                {"review_id": first["id"], "sent_at": review_at, "quote": said("Harder now", "k1")},
            ],
            "emergency_plan": [
                {"review_id": first["id"], "sent_at": review_at, "quote": said("My sister", "e1")}
            ],
            "future_care": [],
            "need_break": [
                {
                    "review_id": None,
                    "sent_at": plan_at,
                    "quote": said("yes!! even one afternoon", "c5"),
                }
            ],
            "anything_else": [
                {"review_id": first["id"], "sent_at": review_at, "quote": said("Thank you", "a1")}
            ],
        }
    )
    assert body["outcomes"] == factories.returned(
        [{"position": 0, "what": said("A night's sleep", "c1"), "why": None, "reviews": []}]
    )


def test_a_plan_with_no_reviews_has_a_history_of_its_own_words(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(), headers=bot_headers
    ).json()

    body = client.get(f"{API_PREFIX}/plans/{plan['id']}/history", headers=auth_headers).json()

    assert body["outcomes"] == factories.returned(
        [
            {
                "position": 0,
                "what": said("Seeing my grandchildren every week", "m1"),
                "why": said("They keep me going", "m2"),
                "reviews": [],
            }
        ]
    )
    assert (body["new_outcomes"], body["sections"], body["reviews"]) == (
        [],
        {"anything_else": []},
        [],
    )


def test_the_history_is_for_practitioners_and_recorded_as_a_read_of_each_plan(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "unused")
    done = review(client, bot_headers, auth_headers, plan, "rev-audit")
    path = f"{API_PREFIX}/plans/{plan['id']}/history"

    answers = [
        client.get(path).status_code,
        client.get(path, headers=bot_headers).status_code,
        client.get(f"{API_PREFIX}/plans/424242/history", headers=auth_headers).status_code,
        client.get(path, headers=auth_headers).status_code,
    ]

    assert answers == [401, 401, 404, 200]
    with db.sessions() as session:
        reads = session.scalars(
            select(AuditEvent).where(AuditEvent.detail == "history").order_by(AuditEvent.id)
        ).all()
    assert [(event.action, event.plan_id) for event in reads] == [
        ("read", plan["id"]),
        ("read", done["id"]),
    ]
