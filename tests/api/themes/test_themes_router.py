"""GET /api/v1/themes, the lead's themes page and CSV, and outcome areas on the plan page."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from api.plans import service as plans
from api.plans.models import Plan
from api.practitioners.models import Practitioner
from api.themes import service
from api.themes.areas import Area
from api.themes.models import OutcomeArea
from tests.api import factories
from tests.api.factories import Database

THEMES = "/api/v1/themes"
WORDS = "Getting back to the bowling club with my pals"


def _send(
    client: TestClient,
    bot_headers: dict[str, str],
    *,
    count: int,
    role: str = "person",
    flagged: bool = False,
) -> list[int]:
    ids = []
    for _ in range(count):
        make = factories.carer_payload if role == "carer" else factories.plan_payload
        payload = make(
            outcomes=[{"what": factories.quote(WORDS, message_id="m1"), "why": None}],
            safety_flags=[factories.flag("I feel unsafe", level="concern")] if flagged else [],
        )
        response = client.post("/api/v1/plans", json=payload, headers=bot_headers)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def _confirm(db: Database, who: Practitioner, plan_ids: list[int], *areas: Area) -> None:
    with db.sessions() as session:
        for plan_id in plan_ids:
            plan = plans.get_plan(session=session, plan_id=plan_id)
            assert plan is not None
            item = next(i for i in plan.items if i.section == "what_matters")
            service.confirm(
                session=session, plan=plan, item_id=item.id, areas=list(areas), practitioner=who
            )


def _received_in(db: Database, plan_ids: list[int], year: int, month: int) -> None:
    with db.sessions() as session:
        session.execute(
            update(Plan)
            .where(Plan.id.in_(plan_ids))
            .values(received_at=datetime(year, month, 10, 12, tzinfo=UTC))
        )
        session.commit()


def _row(figures: dict[str, Any], table: str, area: Area) -> dict[str, Any]:
    row: dict[str, Any] = next(r for r in figures[table]["areas"] if r["area"] == area.value)
    return row


def test_only_a_lead_reads_the_themes(
    client: TestClient, auth_headers: dict[str, str], lead_headers: dict[str, str],
    bot_headers: dict[str, str],
) -> None:  # fmt: skip
    assert client.get(THEMES).status_code == 401
    assert client.get(THEMES, headers=bot_headers).status_code == 401
    refused = client.get(THEMES, headers=auth_headers)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only a lead practitioner may read the themes."}
    assert client.get(THEMES, headers=lead_headers).status_code == 200


@pytest.mark.parametrize(("plans_in_area", "shown"), [(4, None), (5, 5), (6, 6)])
def test_a_count_of_plans_shows_only_from_5(
    plans_in_area: int,
    shown: int | None,
    client: TestClient,
    db: Database,
    lead: Practitioner,
    lead_headers: dict[str, str],
    bot_headers: dict[str, str],
) -> None:
    ids = _send(client, bot_headers, count=plans_in_area)
    _confirm(db, lead, ids, Area.SEEING_PEOPLE, Area.THINGS_TO_DO)
    _received_in(db, ids, 2026, 10)

    figures = client.get(THEMES, headers=lead_headers).json()

    assert figures["minimum"] == 5
    assert figures["people"]["months"] == ["2026-10"]
    for area in (Area.SEEING_PEOPLE, Area.THINGS_TO_DO):
        assert _row(figures, "people", area)["by_month"] == [shown]
        assert _row(figures, "people", area)["total"] == shown
    # An area nobody has counts none, which is a small number too.
    assert _row(figures, "people", Area.MOBILITY) == {
        "area": "mobility",
        "name": "Improved mobility",
        "group": "Change",
        "by_month": [None],
        "total": None,
    }
    assert figures["carers"] == {"months": [], "areas": figures["carers"]["areas"]}


def test_reviews_are_not_counted_as_plans(
    client: TestClient,
    db: Database,
    lead: Practitioner,
    lead_headers: dict[str, str],
    bot_headers: dict[str, str],
) -> None:
    # Six plans with the area; one of them is a review (its own record about the same person,
    # made so here by hand): five plans are counted, not six.
    ids = _send(client, bot_headers, count=6, flagged=True)
    others = _send(client, bot_headers, count=5)
    _confirm(db, lead, ids, Area.SEEING_PEOPLE)
    _received_in(db, ids + others, 2026, 10)
    with db.sessions() as session:
        session.execute(update(Plan).where(Plan.id == ids[-1]).values(kind="review"))
        session.commit()

    figures = client.get(THEMES, headers=lead_headers).json()

    assert _row(figures, "people", Area.SEEING_PEOPLE)["total"] == 5
    line = figures["safety"]["by_month"][0]
    assert (line["plans"], line["with_concern"], line["without_concern"]) == (10, 5, 5)


def test_a_month_that_subtraction_would_give_away_is_hidden_too(
    client: TestClient,
    db: Database,
    lead: Practitioner,
    lead_headers: dict[str, str],
    bot_headers: dict[str, str],
) -> None:
    october = _send(client, bot_headers, count=6)
    november = _send(client, bot_headers, count=3)
    december = _send(client, bot_headers, count=7)
    _confirm(db, lead, october + november + december, Area.FEELING_SAFE)
    _received_in(db, october, 2026, 10)
    _received_in(db, november, 2026, 11)
    _received_in(db, december, 2026, 12)

    figures = client.get(THEMES, headers=lead_headers).json()

    # 16 in all: showing 6 and 7 would give November's 3 away, so the 6 is hidden as well.
    assert _row(figures, "people", Area.FEELING_SAFE)["by_month"] == [None, None, 7]
    assert _row(figures, "people", Area.FEELING_SAFE)["total"] == 16


def test_the_share_with_a_safety_concern_is_suppressed_like_any_count(
    client: TestClient, lead_headers: dict[str, str], bot_headers: dict[str, str]
) -> None:
    _send(client, bot_headers, count=5, flagged=True)
    _send(client, bot_headers, count=4, role="carer", flagged=True)
    _send(client, bot_headers, count=6)

    safety = client.get(THEMES, headers=lead_headers).json()["safety"]

    month = datetime.now(UTC).strftime("%Y-%m")
    assert safety["by_month"] == [
        {
            "month": month,
            "plans": 15,
            "with_concern": 9,
            "without_concern": 6,
            "share": 0.6,
        }
    ]
    assert safety["all_months"] == {**safety["by_month"][0], "month": "all"}


def test_a_concern_in_fewer_than_5_plans_is_not_shown_nor_its_complement(
    client: TestClient, lead_headers: dict[str, str], bot_headers: dict[str, str]
) -> None:
    _send(client, bot_headers, count=2, flagged=True)
    _send(client, bot_headers, count=8)

    safety = client.get(THEMES, headers=lead_headers).json()["safety"]

    assert [
        (line["plans"], line["with_concern"], line["without_concern"], line["share"])
        for line in (*safety["by_month"], safety["all_months"])
    ] == [(10, None, None, None), (10, None, None, None)]


def test_the_page_and_csv_are_for_leads_and_carry_no_words(
    client: TestClient,
    db: Database,
    lead: Practitioner,
    practitioner: Practitioner,
    bot_headers: dict[str, str],
) -> None:
    ids = _send(client, bot_headers, count=5)
    _confirm(db, lead, ids, Area.SEEING_PEOPLE)

    factories.sign_in_pages(client, email="alex@example.org")
    assert client.get("/practitioner/themes").status_code == 403
    assert client.get("/practitioner/themes.csv").status_code == 403

    factories.sign_in_pages(client, email="lee@example.org")
    page = client.get("/practitioner/themes")
    assert page.status_code == 200
    assert '<svg role="img" aria-labelledby="chart-people-title"' in page.text
    assert '<table class="ds_table" id="people">' in page.text
    download = client.get("/practitioner/themes.csv")
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.text)))
    assert rows[0] == ["table", "group", "area", "month", "measure", "value"]
    month = datetime.now(UTC).strftime("%Y-%m")
    assert ["people", "Quality of life", "Seeing people", month, "plans", "5"] in rows
    assert ["people", "Quality of life", "Seeing people", "all", "plans", "5"] in rows
    assert ["people", "Change", "Improved mobility", month, "plans", "suppressed"] in rows
    for text in (page.text, download.text):
        assert WORDS not in text
        assert "bowling" not in text


def test_the_plan_page_suggests_areas_and_a_practitioner_confirms_them(
    client: TestClient,
    db: Database,
    practitioner: Practitioner,
    bot_headers: dict[str, str],
) -> None:
    [plan_id] = _send(client, bot_headers, count=1)
    factories.sign_in_pages(client)

    page = client.get(f"/practitioner/plans/{plan_id}")
    assert "Outcome areas for planning:\n    suggested, not yet confirmed" in page.text
    with db.sessions() as session:
        rows = session.scalars(select(OutcomeArea).order_by(OutcomeArea.id)).all()
        item_id = rows[0].item_id
        assert [(r.area, r.suggested, r.confirmed) for r in rows] == [
            (Area.THINGS_TO_DO, True, False),
            (Area.SEEING_PEOPLE, True, False),
        ]
    assert 'value="things_to_do" id="area-' in page.text
    csrf = factories.hidden_field(page.text, "csrf")

    saved = client.post(
        f"/practitioner/plans/{plan_id}/areas",
        data={"csrf": csrf, "item_id": str(item_id), "area": ["seeing_people", "mobility"]},
        follow_redirects=False,
    )

    assert saved.status_code == 303
    assert saved.headers["location"] == f"/practitioner/plans/{plan_id}#areas-{item_id}"
    with db.sessions() as session:
        rows = session.scalars(select(OutcomeArea).order_by(OutcomeArea.id)).all()
        assert [(r.area, r.suggested, r.confirmed) for r in rows] == [
            (Area.THINGS_TO_DO, True, False),
            (Area.SEEING_PEOPLE, True, True),
            (Area.MOBILITY, False, True),
        ]
        assert {r.confirmed_by_id for r in rows} == {practitioner.id}
    again = client.get(f"/practitioner/plans/{plan_id}")
    assert "Outcome areas for planning:\n    confirmed</summary>" in again.text
    # A carer's area on a person's outcome, another plan's outcome, or a forged form: refused.
    for data, expected in (
        ({"csrf": csrf, "item_id": str(item_id), "area": ["carer_finances"]}, 422),
        ({"csrf": csrf, "item_id": str(item_id + 1000), "area": ["mobility"]}, 422),
        ({"csrf": "forged", "item_id": str(item_id), "area": ["mobility"]}, 403),
    ):
        response = client.post(f"/practitioner/plans/{plan_id}/areas", data=data)
        assert response.status_code == expected


def test_the_bot_and_the_person_never_see_areas(
    client: TestClient,
    db: Database,
    lead: Practitioner,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
) -> None:
    payload = factories.plan_payload()
    sent = client.post("/api/v1/plans", json=payload, headers=bot_headers)
    _confirm(db, lead, [sent.json()["id"]], Area.SEEING_PEOPLE)

    again = client.post("/api/v1/plans", json=payload, headers=bot_headers)
    read = client.get(f"/api/v1/plans/{sent.json()['id']}", headers=auth_headers)

    for body in (again.text, read.text):
        assert "seeing_people" not in body
        assert "Seeing people" not in body
