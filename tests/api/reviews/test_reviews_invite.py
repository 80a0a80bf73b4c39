"""POST and GET /api/v1/plans/{id}/reviews: a practitioner invites a review, and sees the plan's
invitations (never their codes)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from api.audit.models import AuditEvent
from api.reviews import service
from api.reviews.models import ReviewInvitation
from contract.formats import ALPHABET
from contract.http import API_PREFIX, REVIEW_CLAIM_PATH
from contract.plan import REVIEW_NOTE_LENGTH
from tests.api import factories
from tests.api.factories import Database

CODE = re.compile(rf"^[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}$")


def send_plan(client: TestClient, bot_headers: dict[str, str], **overrides: Any) -> Any:
    response = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(**overrides), headers=bot_headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def invite(client: TestClient, plan_id: int, headers: dict[str, str], **body: Any) -> Any:
    return client.post(f"{API_PREFIX}/plans/{plan_id}/reviews", json=body, headers=headers)


def test_an_invitation_gives_its_code_once_and_stores_only_its_digest(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], db: Database
) -> None:
    plan = send_plan(client, bot_headers)
    note = "We set up the lift to the lunch club in March. 🚐 <b>"

    before = datetime.now().astimezone()
    response = invite(client, plan["id"], auth_headers, note=note, expires_in_days=14)

    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"id", "plan_id", "code", "note", "created_at", "expires_at"}
    assert (body["plan_id"], body["note"]) == (plan["id"], note)
    assert CODE.match(body["code"]), body["code"]
    created = datetime.fromisoformat(body["created_at"])
    assert before - timedelta(seconds=5) <= created <= before + timedelta(seconds=60)
    assert datetime.fromisoformat(body["expires_at"]) - created == timedelta(days=14)
    with db.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT code_digest, note, claimed_by, review_plan_id FROM review_invitations")
        ).all()
    digest = hashlib.sha256(body["code"].encode()).hexdigest()
    assert [tuple(row) for row in stored] == [(digest, note, None, None)]
    # The code itself is nowhere in the database.
    with db.engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM review_invitations")).one()
    assert body["code"] not in [str(value) for value in row]


def test_an_invitation_lasts_thirty_days_unless_chosen_otherwise(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)

    body = invite(client, plan["id"], auth_headers).json()

    assert body["note"] is None
    expires = datetime.fromisoformat(body["expires_at"])
    assert expires - datetime.fromisoformat(body["created_at"]) == timedelta(days=30)


def test_each_invitation_has_a_new_code(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)

    codes = {invite(client, plan["id"], auth_headers).json()["code"] for _ in range(5)}

    assert len(codes) == 5


def test_a_plan_never_sent_cannot_be_invited(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    response = invite(client, 999, auth_headers)

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "There is no plan with id 999."},
    )


def test_a_closed_plan_cannot_be_invited(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)
    client.patch(
        f"{API_PREFIX}/plans/{plan['id']}", json={"status": "closed"}, headers=auth_headers
    )

    response = invite(client, plan["id"], auth_headers)

    assert (response.status_code, response.json()) == (
        409,
        {"detail": f"Plan {plan['reference']} is closed: it cannot be reviewed."},
    )


def test_a_review_cannot_be_invited_to_a_review(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)
    code = invite(client, plan["id"], auth_headers).json()["code"]
    claimed = client.post(
        REVIEW_CLAIM_PATH, json={"code": code, "conversation_id": "review-1"}, headers=bot_headers
    )
    assert claimed.status_code == 200
    review = client.post(
        f"{API_PREFIX}/plans",
        json=factories.review_payload(reviews_plan=plan["reference"], conversation_id="review-1"),
        headers=bot_headers,
    ).json()

    response = invite(client, review["id"], auth_headers)

    assert (response.status_code, response.json()) == (
        409,
        {"detail": "This is a review: invite to a review from the plan it reviews."},
    )


@pytest.mark.parametrize(
    "body",
    [
        {"note": ""},
        {"note": "a" * (REVIEW_NOTE_LENGTH + 1)},
        {"note": "nul \x00"},
        {"expires_in_days": 0},
        {"expires_in_days": 91},
        {"expires_in_days": "soon"},
    ],
)
def test_a_note_or_expiry_out_of_bounds_is_refused(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
    body: dict[str, Any],
) -> None:
    plan = send_plan(client, bot_headers)

    response = invite(client, plan["id"], auth_headers, **body)

    assert response.status_code == 422
    with db.sessions() as session:
        assert session.scalars(select(ReviewInvitation)).all() == []


def test_a_note_of_the_longest_length_is_kept_exactly(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)
    note = ("  Lift to the lunch club\r\n🌻 " * 100)[:REVIEW_NOTE_LENGTH]

    response = invite(client, plan["id"], auth_headers, note=note, expires_in_days=90)

    assert (response.status_code, response.json()["note"]) == (201, note)


def test_only_a_practitioner_may_invite_or_list_invitations(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    plan = send_plan(client, bot_headers)
    path = f"{API_PREFIX}/plans/{plan['id']}/reviews"

    answers = [
        client.post(path, json={}).status_code,
        client.post(path, json={}, headers=bot_headers).status_code,
        client.get(path).status_code,
        client.get(path, headers=bot_headers).status_code,
    ]

    assert answers == [401, 401, 401, 401]


def test_an_invitation_is_in_the_audit_log(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    db: Database,
    practitioner: Any,
) -> None:
    plan = send_plan(client, bot_headers)
    invitation = invite(client, plan["id"], auth_headers, expires_in_days=7).json()

    with db.sessions() as session:
        events = session.scalars(select(AuditEvent)).all()

    assert [(e.practitioner_id, e.action, e.plan_id, e.detail) for e in events] == [
        (practitioner.id, "change", plan["id"], f"review invitation {invitation['id']}, for 7 days")
    ]


def test_the_plans_invitations_show_their_state_and_never_their_code(
    client: TestClient,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = send_plan(client, bot_headers)
    made = [
        invite(client, plan["id"], auth_headers, note=f"note {n}", expires_in_days=n).json()
        for n in (1, 2, 3, 4)
    ]
    claim = {"code": made[1]["code"], "conversation_id": "c-claimed"}
    assert client.post(REVIEW_CLAIM_PATH, json=claim, headers=bot_headers).status_code == 200
    sent_claim = {"code": made[2]["code"], "conversation_id": "c-sent"}
    assert client.post(REVIEW_CLAIM_PATH, json=sent_claim, headers=bot_headers).status_code == 200
    review = client.post(
        f"{API_PREFIX}/plans",
        json=factories.review_payload(reviews_plan=plan["reference"], conversation_id="c-sent"),
        headers=bot_headers,
    ).json()
    # A day and a half later: the one-day invitation has expired, unclaimed.
    later = datetime.fromisoformat(made[0]["created_at"]) + timedelta(days=1, hours=12)
    monkeypatch.setattr("api.reviews.service.utcnow", lambda: later)

    response = client.get(f"{API_PREFIX}/plans/{plan['id']}/reviews", headers=auth_headers)

    assert response.status_code == 200
    body = response.json()
    assert [(i["id"], i["note"], i["state"], i["review_plan_id"]) for i in body] == [
        (made[0]["id"], "note 1", "expired", None),
        (made[1]["id"], "note 2", "claimed", None),
        (made[2]["id"], "note 3", "sent", review["id"]),
        (made[3]["id"], "note 4", "open", None),
    ]
    assert body[0]["created_by"] == {"id": 1, "email": "alex@example.org", "name": "Alex Morgan"}
    assert set(body[0]) == {
        "id",
        "note",
        "created_by",
        "created_at",
        "expires_at",
        "state",
        "review_plan_id",
    }
    assert not any(invitation["code"] in response.text for invitation in made)


def test_the_invitations_of_a_plan_never_sent_are_404(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    response = client.get(f"{API_PREFIX}/plans/5/reviews", headers=auth_headers)

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "There is no plan with id 5."},
    )


def test_the_digest_is_of_the_code_as_given(db: Database) -> None:
    assert (
        service.code_digest("ABCD-EFGH-JKLM-NPQR")
        == hashlib.sha256(b"ABCD-EFGH-JKLM-NPQR").hexdigest()
    )
