"""The practitioners' pages for reviews: invite from the plan page (the code shown once), the
plan's invitations, the queue marking reviews, a review's page and the history page."""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.practitioners.models import Practitioner
from contract.formats import ALPHABET
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import AWKWARD_TEXTS, Database
from tests.api.reviews.test_reviews_claim import claim
from tests.api.reviews.test_reviews_receive import invited_plan, post

CODE = re.compile(rf"[{ALPHABET}]{{4}}(?:-[{ALPHABET}]{{4}}){{3}}")


def _page_invite(client: TestClient, plan_id: int, **form: str) -> Any:
    page = client.get(f"/practitioner/plans/{plan_id}")
    csrf = factories.hidden_field(page.text, "csrf")
    return client.post(
        f"/practitioner/plans/{plan_id}/reviews",
        data={"csrf": csrf, **form},
        follow_redirects=False,
    )


def test_the_plan_page_invites_and_shows_the_code_once(
    client: TestClient,
    practitioner: Practitioner,
    bot_headers: dict[str, str],
    db: Database,
) -> None:
    plan = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(), headers=bot_headers
    ).json()
    factories.sign_in_pages(client)
    page = client.get(f"/practitioner/plans/{plan['id']}")
    assert 'id="invite"' in page.text and 'for="invite-note"' in page.text
    note = "We set up the lift <b>to the lunch club</b>\r\n in March."

    response = _page_invite(client, plan["id"], note=note, expires_in_days="10")

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    codes = set(CODE.findall(response.text))
    assert len(codes) == 1
    code = codes.pop()
    # Where to go, in full; the code; the note escaped and otherwise exactly as typed.
    assert ">http://testserver/<" in response.text
    assert html.escape(note, quote=False) in response.text
    assert "<b>to the lunch club</b>" not in response.text
    assert "data-print" in response.text and "@media print" not in response.text
    with db.engine.connect() as connection:
        row = connection.execute(text("SELECT code_digest, note FROM review_invitations")).one()
    assert tuple(row) == (hashlib.sha256(code.encode()).hexdigest(), note)
    # The plan page lists it, without its code.
    again = client.get(f"/practitioner/plans/{plan['id']}")
    assert "Not used yet" in again.text
    assert code not in again.text
    # And the code works.
    assert claim(client, code, "conv-page", bot_headers).status_code == 200


def test_an_empty_note_is_no_note(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str], db: Database
) -> None:
    plan = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(), headers=bot_headers
    ).json()
    factories.sign_in_pages(client)

    response = _page_invite(client, plan["id"], note="  \r\n ")

    assert response.status_code == 200
    with db.engine.connect() as connection:
        row = connection.execute(text("SELECT note FROM review_invitations")).one()
    assert tuple(row) == (None,)
    assert 'id="invitation-note"' not in response.text


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        ({"expires_in_days": "0"}, "invite_invalid"),
        ({"expires_in_days": "91"}, "invite_invalid"),
        ({"expires_in_days": "a month"}, "invite_invalid"),
        ({"note": "x" * 501}, "invite_invalid"),
    ],
)
def test_an_invitation_out_of_bounds_is_refused_kindly(
    client: TestClient,
    practitioner: Practitioner,
    bot_headers: dict[str, str],
    form: dict[str, str],
    problem: str,
) -> None:
    plan = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(), headers=bot_headers
    ).json()
    factories.sign_in_pages(client)

    response = _page_invite(client, plan["id"], **form)

    assert response.status_code == 303
    assert response.headers["location"] == (
        f"/practitioner/plans/{plan['id']}?problem={problem}&control=invite#invite"
    )
    shown = client.get(response.headers["location"])
    assert "No invitation was made" in shown.text
    assert "The note can be up to 500 characters" in shown.text


def test_a_closed_plan_offers_no_invitation_and_refuses_one(
    client: TestClient,
    practitioner: Practitioner,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
) -> None:
    plan = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(), headers=bot_headers
    ).json()
    factories.sign_in_pages(client)
    csrf = factories.hidden_field(client.get(f"/practitioner/plans/{plan['id']}").text, "csrf")
    client.patch(
        f"{API_PREFIX}/plans/{plan['id']}", json={"status": "closed"}, headers=auth_headers
    )

    page = client.get(f"/practitioner/plans/{plan['id']}")
    posted = client.post(
        f"/practitioner/plans/{plan['id']}/reviews",
        data={"csrf": csrf},
        follow_redirects=False,
    )

    assert 'id="invite"' not in page.text
    assert "This plan is closed, so it cannot be reviewed." in page.text
    assert posted.headers["location"].endswith("?problem=invite_closed&control=invite#invite")


def test_an_invitation_needs_the_pages_csrf_and_a_practitioner(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str], db: Database
) -> None:
    plan = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(), headers=bot_headers
    ).json()
    path = f"/practitioner/plans/{plan['id']}/reviews"

    signed_out = client.post(path, data={"csrf": "x"}, follow_redirects=False)
    factories.sign_in_pages(client)
    forged = client.post(path, data={"csrf": "forged"}, follow_redirects=False)

    assert (signed_out.status_code, signed_out.headers["location"]) == (
        303,
        "/practitioner/sign-in",
    )
    assert forged.status_code == 403
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM review_invitations")).scalar() == 0


def test_the_queue_marks_reviews_and_a_reviews_page_quotes_the_first_words(
    client: TestClient,
    practitioner: Practitioner,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
) -> None:
    plan = invited_plan(
        client,
        bot_headers,
        auth_headers,
        "rev-page",
        outcomes=[
            {"what": factories.quote(AWKWARD_TEXTS[7], message_id="w"), "why": None},
            {"what": factories.quote("Sleeping through", message_id="w2"), "why": None},
        ],
    )
    review = post(
        client,
        factories.review_payload(
            reviews_plan=plan["reference"],
            conversation_id="rev-page",
            reviewed=[
                {
                    "position": 0,
                    "now": factories.quote(AWKWARD_TEXTS[3], message_id="n"),
                    "movement": "worse",
                }
            ],
        ),
        bot_headers,
    ).json()
    factories.sign_in_pages(client)

    queue = client.get("/practitioner")
    review_page = client.get(f"/practitioner/plans/{review['id']}")
    plan_page = client.get(f"/practitioner/plans/{plan['id']}")

    assert f'Review</strong> <a href="/practitioner/plans/{review["id"]}">' in queue.text
    assert (
        f'Review of <a href="/practitioner/plans/{plan["id"]}">{plan["reference"]}</a>'
        in queue.text
    )
    assert f"Review {review['reference']} of plan {plan['reference']}" in review_page.text
    assert html.escape(AWKWARD_TEXTS[7], quote=False) in review_page.text
    assert html.escape(AWKWARD_TEXTS[3], quote=False) in review_page.text
    assert "<script>alert(1)</script>" not in review_page.text
    assert "Worse" in review_page.text
    assert 'id="invite"' not in review_page.text
    assert f'href="/practitioner/plans/{review["id"]}">Review {review["reference"]}' in (
        plan_page.text
    )
    assert "Review sent" in plan_page.text


def test_the_history_page_sets_each_review_beside_the_first_words(
    client: TestClient,
    practitioner: Practitioner,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
    lead_headers: dict[str, str],
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "rev-hist")
    review = post(
        client,
        factories.review_payload(
            reviews_plan=plan["reference"],
            conversation_id="rev-hist",
            reviewed=[
                {
                    "position": 1,
                    "now": factories.quote(AWKWARD_TEXTS[3], message_id="n"),
                    "movement": "same",
                    "helped": factories.quote("My son", message_id="h"),
                }
            ],
            outcomes=[{"what": factories.quote("Learning the tablet", message_id="t")}],
            sections={"anything_else": [factories.quote(AWKWARD_TEXTS[7], message_id="a")]},
        ),
        bot_headers,
    ).json()
    factories.sign_in_pages(client)

    page = client.get(f"/practitioner/plans/{plan['id']}/history")
    from_review = client.get(f"/practitioner/plans/{review['id']}/history")
    missing = client.get("/practitioner/plans/999/history")

    assert page.status_code == 200 and from_review.text.count("Sleeping through the night") == 1
    body = page.text
    first = body.index("Getting back to the bowling club on a Tuesday")
    assert (
        first
        < body.index("Sleeping through the night")
        < body.index(html.escape(AWKWARD_TEXTS[3], quote=False))
    )
    assert "About the same" in body and "“My son”" in body
    assert f"Review {review['reference']}, 01 Feb 2027, 10:15</dt>" in body
    assert "Learning the tablet" in body and html.escape(AWKWARD_TEXTS[7], quote=False) in body
    assert "<script>alert(1)</script>" not in body
    assert 'id="outcome-1-reviews"' in body and 'id="outcome-0-reviews"' not in body
    assert missing.status_code == 404
    log = client.get(f"{API_PREFIX}/audit", headers=lead_headers).json()
    assert [(e["action"], e["plan_id"], e["detail"]) for e in log[:2]] == [
        ("read", review["id"], "history"),
        ("read", plan["id"], "history"),
    ]
