"""POST /api/v1/plans with kind review: a review is received only from the conversation that
claimed an invitation for that plan, as a record of its own; the plan it reviews never changes."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import AWKWARD_TEXTS, Database
from tests.api.reviews.test_reviews_claim import claim
from tests.api.reviews.test_reviews_invite import invite, send_plan

SAID = "2026-11-22T10:00:00Z"


def _two_outcomes() -> list[dict[str, Any]]:
    return [
        {
            "what": factories.quote(
                "Getting back to the bowling club on a Tuesday", message_id="o1"
            ),
            "why": factories.quote("It's where my pals are", message_id="o2"),
        },
        {"what": factories.quote("Sleeping through the night", message_id="o3"), "why": None},
    ]


def invited_plan(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    conversation_id: str,
    **overrides: Any,
) -> Any:
    """A plan sent, an invitation to review it, and the code claimed by this conversation."""
    plan = send_plan(client, bot_headers, **({"outcomes": _two_outcomes()} | overrides))
    code = invite(client, plan["id"], auth_headers).json()["code"]
    assert claim(client, code, conversation_id, bot_headers).status_code == 200
    return plan


def post(client: TestClient, payload: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(f"{API_PREFIX}/plans", json=payload, headers=headers)


def _rows(db: Database, plan_id: int) -> list[tuple[Any, ...]]:
    with db.engine.connect() as connection:
        return [
            tuple(row)
            for query in (
                "SELECT * FROM plans WHERE id = :id",
                "SELECT * FROM plan_items WHERE plan_id = :id ORDER BY id",
                "SELECT * FROM plan_skips WHERE plan_id = :id ORDER BY id",
                "SELECT * FROM plan_flags WHERE plan_id = :id ORDER BY id",
                "SELECT * FROM plan_notes WHERE plan_id = :id ORDER BY id",
                "SELECT * FROM plan_links WHERE person_plan_id = :id OR carer_plan_id = :id",
                "SELECT * FROM reviewed_outcomes WHERE plan_id = :id",
            )
            for row in connection.execute(text(query), {"id": plan_id}).all()
        ]


def test_a_review_is_stored_as_its_own_record_and_read_back_exactly(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], db: Database
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "rev-1")
    before = _rows(db, plan["id"])
    payload = factories.review_payload(
        reviews_plan=plan["reference"],
        conversation_id="rev-1",
        reviewed=[
            {
                "position": 1,
                "now": factories.quote(AWKWARD_TEXTS[1], message_id="n1"),
                "movement": "worse",
                "helped": None,
                "in_the_way": factories.quote(AWKWARD_TEXTS[5], message_id="n2"),
                "still_matters": factories.quote(AWKWARD_TEXTS[12], message_id=None),
            },
            {
                "position": 0,
                "now": factories.quote(AWKWARD_TEXTS[0], message_id="n3"),
                "movement": "better",
                "helped": factories.quote(AWKWARD_TEXTS[3], message_id="n4"),
                "in_the_way": factories.quote(AWKWARD_TEXTS[6], message_id="n5"),
                "still_matters": None,
            },
        ],
        outcomes=[
            {
                "what": factories.quote(AWKWARD_TEXTS[14], message_id="new1"),
                "why": factories.quote(AWKWARD_TEXTS[16], message_id="new2"),
            }
        ],
        sections={"anything_else": [factories.quote(AWKWARD_TEXTS[7], message_id="ae")]},
        questions=[factories.quote("Will the same worker come?", message_id="q1")],
        skipped=["review_helped"],
    )

    response = post(client, payload, bot_headers)

    assert response.status_code == 201, response.text
    review = response.json()
    read = client.get(f"{API_PREFIX}/plans/{review['id']}", headers=auth_headers).json()
    assert read == review | {"linked_plans": []}
    assert (review["kind"], review["reviews_plan_id"], review["role"]) == (
        "review",
        plan["id"],
        "person",
    )

    def said(words: str, message_id: str | None) -> dict[str, Any]:
        return {"text": words, "message_id": message_id, "said_at": SAID}

    assert review["reviewed"] == factories.returned(
        [
            {
                "position": 0,
                "now": said(AWKWARD_TEXTS[0], "n3"),
                "movement": "better",
                "helped": said(AWKWARD_TEXTS[3], "n4"),
                "in_the_way": said(AWKWARD_TEXTS[6], "n5"),
                "still_matters": None,
            },
            {
                "position": 1,
                "now": said(AWKWARD_TEXTS[1], "n1"),
                "movement": "worse",
                "helped": None,
                "in_the_way": said(AWKWARD_TEXTS[5], "n2"),
                "still_matters": said(AWKWARD_TEXTS[12], None),
            },
        ]
    )
    assert review["outcomes"] == factories.returned(
        [{"what": said(AWKWARD_TEXTS[14], "new1"), "why": said(AWKWARD_TEXTS[16], "new2")}]
    )
    # A person's review has only the sections a review asks.
    assert review["sections"] == factories.returned(
        {"anything_else": [said(AWKWARD_TEXTS[7], "ae")]}
    )
    assert review["questions"] == factories.returned([said("Will the same worker come?", "q1")])
    assert (review["skipped"], review["reviews"], review["status"]) == (
        ["review_helped"],
        [],
        "new",
    )
    # The plan it reviews: not one of its rows changed, and it now lists the review.
    assert _rows(db, plan["id"]) == before
    reviewed_plan = client.get(f"{API_PREFIX}/plans/{plan['id']}", headers=auth_headers).json()
    assert reviewed_plan["reviews"] == [
        {"id": review["id"], "reference": review["reference"], "sent_at": "2027-02-01T10:15:00Z"}
    ]
    assert {k: v for k, v in reviewed_plan.items() if k != "reviews"} == factories.returned(
        {k: v for k, v in plan.items() if k != "reviews"}
    )
    with db.engine.connect() as connection:
        marked = connection.execute(text("SELECT review_plan_id FROM review_invitations")).all()
    assert [tuple(row) for row in marked] == [(review["id"],)]


def test_a_review_sent_again_is_the_same_review(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], db: Database
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "rev-again")
    payload = factories.review_payload(reviews_plan=plan["reference"], conversation_id="rev-again")

    first = post(client, payload, bot_headers)
    again = post(client, payload, bot_headers)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    with db.engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM plans")).scalar()
    assert count == 2


def test_a_review_from_a_conversation_that_claimed_nothing_is_refused(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], db: Database
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "the-claimant")
    payloads = [
        # Another conversation than the one that claimed the code.
        factories.review_payload(reviews_plan=plan["reference"], conversation_id="not-claimant"),
        # A plan nobody was invited to review.
        factories.review_payload(
            reviews_plan=send_plan(client, bot_headers)["reference"],
            conversation_id="the-claimant",
        ),
        # A plan that does not exist.
        factories.review_payload(reviews_plan="WM-ZZZZZZ", conversation_id="the-claimant"),
    ]

    answers = [post(client, payload, bot_headers) for payload in payloads]

    assert [answer.status_code for answer in answers] == [409, 409, 409]
    assert answers[0].json() == factories.returned(
        {
            "detail": f"This conversation has claimed no invitation to review plan "
            f"{plan['reference']}, so its review cannot be received."
        }
    )
    with db.engine.connect() as connection:
        kinds = connection.execute(text("SELECT kind FROM plans")).scalars().all()
    assert kinds == ["plan", "plan"]


def test_a_review_of_another_role_is_refused(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "rev-role")
    payload = factories.review_payload(
        reviews_plan=plan["reference"], conversation_id="rev-role", role="carer"
    )

    response = post(client, payload, bot_headers)

    assert (response.status_code, response.json()) == (
        422,
        {"detail": f"Plan {plan['reference']} is a person's plan: its review must be one too."},
    )


def test_a_review_of_an_outcome_the_plan_does_not_have_is_refused(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "rev-pos")
    payload = factories.review_payload(
        reviews_plan=plan["reference"],
        conversation_id="rev-pos",
        reviewed=[{"position": 1}, {"position": 2}, {"position": 7}],
    )

    response = post(client, payload, bot_headers)

    assert (response.status_code, response.json()) == (
        422,
        {"detail": f"Plan {plan['reference']} has no outcome at position 2, 7."},
    )
    # Nothing was kept: the same conversation may send a corrected review.
    fixed = factories.review_payload(
        reviews_plan=plan["reference"], conversation_id="rev-pos", reviewed=[{"position": 1}]
    )
    resent = post(client, fixed, bot_headers)
    assert resent.status_code == 201
    assert resent.json()["reviewed"] == factories.returned(
        [
            {
                "position": 1,
                "now": None,
                "movement": None,
                "helped": None,
                "in_the_way": None,
                "still_matters": None,
            }
        ]
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sections": {"working_well": [factories.quote("x")]}}, "not asked about: working_well"),
        ({"sections": {"keep_caring": [factories.quote("x")]}}, "not asked about: keep_caring"),
        ({"reviews_plan": None}, "a review names the plan it reviews"),
        ({"reviewed": [{"position": 0}, {"position": 0}]}, "must not repeat a value"),
        ({"reviewed": [{"position": -1}]}, "greater than or equal to 0"),
        ({"reviewed": [{"position": 0, "movement": "fine"}]}, "Input should be"),
        ({"kind": "plan"}, "reviews_plan and reviewed belong to a review"),
    ],
)
def test_a_review_that_breaks_the_contract_is_refused(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    changes: dict[str, Any],
    message: str,
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "rev-bad")
    payload = factories.review_payload(reviews_plan=plan["reference"], conversation_id="rev-bad")
    payload.update(changes)

    response = post(client, payload, bot_headers)

    assert response.status_code == 422
    assert message in str(response.json()["detail"])


def test_a_first_plan_with_review_answers_is_refused(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = factories.plan_payload(reviewed=[{"position": 0}])

    response = post(client, payload, bot_headers)

    assert response.status_code == 422
    assert "reviews_plan and reviewed belong to a review" in str(response.json()["detail"])


def test_a_carers_review_takes_the_s9_parts_again(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], db: Database
) -> None:
    carer = client.post(
        f"{API_PREFIX}/plans", json=factories.carer_payload(), headers=bot_headers
    ).json()
    code = invite(client, carer["id"], auth_headers).json()["code"]
    assert claim(client, code, "carer-rev", bot_headers).status_code == 200
    before = _rows(db, carer["id"])
    sections = {
        "keep_caring": [factories.quote("Not like before", message_id="k")],
        "emergency_plan": [factories.quote("My sister would come", message_id="e")],
        "future_care": [factories.quote("We've talked it over {finally}", message_id="f")],
        "need_break": [factories.quote("Still yes", message_id="b")],
        "anything_else": [factories.quote("Thanks", message_id="a")],
    }

    response = post(
        client,
        factories.review_payload(
            reviews_plan=carer["reference"],
            conversation_id="carer-rev",
            role="carer",
            sections=sections,
        ),
        bot_headers,
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["sections"] == factories.returned(
        {
            part: [
                {"text": q["text"], "message_id": q["message_id"], "said_at": SAID} for q in quotes
            ]
            for part, quotes in sections.items()
        }
    )
    assert body["linked_plans"] == []
    assert _rows(db, carer["id"]) == before


def test_the_list_filters_by_kind_and_names_the_plan_a_review_reviews(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "rev-list")
    other = send_plan(client, bot_headers)
    review = post(
        client,
        factories.review_payload(reviews_plan=plan["reference"], conversation_id="rev-list"),
        bot_headers,
    ).json()

    def listed(query: str) -> list[tuple[int, str, int | None]]:
        body = client.get(f"{API_PREFIX}/plans{query}", headers=auth_headers).json()
        return [(p["id"], p["kind"], p["reviews_plan_id"]) for p in body]

    assert listed("?kind=review") == [(review["id"], "review", plan["id"])]
    assert listed("?kind=plan") == [(other["id"], "plan", None), (plan["id"], "plan", None)]
    assert listed("") == [
        (review["id"], "review", plan["id"]),
        (other["id"], "plan", None),
        (plan["id"], "plan", None),
    ]
    assert client.get(f"{API_PREFIX}/plans?kind=draft", headers=auth_headers).status_code == 422
