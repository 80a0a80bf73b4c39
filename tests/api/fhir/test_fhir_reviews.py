"""A review as a FHIR document: for each thing that mattered that it went over, the first words
(a copy of the reviewed plan's Goal) and one Observation of the answers, byte for byte."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.audit.models import AuditEvent
from api.fhir.service import TARGET_ELEMENT
from tests.api import factories
from tests.api.factories import AWKWARD_TEXTS, Database
from tests.api.fhir.test_fhir_export import _export, _resources
from tests.api.reviews.test_reviews_receive import invited_plan, post


def _review(client: TestClient, bot_headers: dict[str, str], plan: dict[str, Any]) -> Any:
    response = post(
        client,
        factories.review_payload(
            reviews_plan=plan["reference"],
            conversation_id="rev-fhir",
            reviewed=[
                {
                    "position": 1,
                    "now": factories.quote(AWKWARD_TEXTS[1], message_id="n1"),
                    "movement": "worse",
                    "in_the_way": factories.quote(AWKWARD_TEXTS[5], message_id="w1"),
                },
                {
                    "position": 0,
                    "now": factories.quote(AWKWARD_TEXTS[0], message_id="n0"),
                    "movement": "better",
                    "helped": factories.quote(AWKWARD_TEXTS[12], message_id=None),
                    "still_matters": factories.quote(AWKWARD_TEXTS[16], message_id="s0"),
                },
            ],
            outcomes=[{"what": factories.quote(AWKWARD_TEXTS[14], message_id="new")}],
            sections={"anything_else": [factories.quote(AWKWARD_TEXTS[3], message_id="ae")]},
        ),
        bot_headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_a_review_exports_then_and_now_byte_for_byte(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "rev-fhir")
    review = _review(client, bot_headers, plan)
    plan_before = _export(client, auth_headers, plan["id"])

    document = _export(client, auth_headers, review["id"])

    by_url = {entry["fullUrl"]: entry["resource"] for entry in document["entry"]}
    observations = _resources(document, "Observation")
    assert [
        [(c["code"]["text"], c.get("valueString")) for c in o["component"]] for o in observations
    ] == [
        [
            ("How it is now", AWKWARD_TEXTS[0]),
            ("What has helped", AWKWARD_TEXTS[12]),
            ("Whether it still matters", AWKWARD_TEXTS[16]),
            ("Their choice", None),
        ],
        [
            ("How it is now", AWKWARD_TEXTS[1]),
            ("What has got in the way", AWKWARD_TEXTS[5]),
            ("Their choice", None),
        ],
    ]
    assert [o["component"][-1]["valueCodeableConcept"]["text"] for o in observations] == [
        "Better",
        "Worse",
    ]
    # Each Observation's focus is a Goal holding the first words, which points back at it.
    goals = [by_url[o["focus"][0]["reference"]] for o in observations]
    assert [g["description"]["text"] for g in goals] == [
        "Getting back to the bowling club on a Tuesday",
        "Sleeping through the night",
    ]
    assert [g["identifier"][0]["value"] for g in goals] == [
        f"{plan['reference']}/1",
        f"{plan['reference']}/2",
    ]
    observation_urls = [
        e["fullUrl"] for e in document["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    assert [g["outcomeReference"][0]["reference"] for g in goals] == observation_urls
    # The review's new thing that matters is a Goal of its own, as in any plan.
    assert AWKWARD_TEXTS[14] in [g["description"]["text"] for g in _resources(document, "Goal")]
    # Every answer has its Provenance, at its component.
    cited = {
        (p["target"][0]["reference"], p["target"][0]["extension"][0]["valueUri"])
        for p in _resources(document, "Provenance")
        if p["target"][0]["extension"][0]["url"] == TARGET_ELEMENT
    }
    for url, observation in zip(observation_urls, observations, strict=True):
        for component in observation["component"]:
            if "valueString" in component:
                assert (url, component["id"]) in cited
    composition = document["entry"][0]["resource"]
    assert composition["section"][0]["title"] == (
        "Then and now: each thing that mattered, and the review's answers"
    )
    assert composition["type"]["text"].startswith(
        f"A review of a personal outcomes plan ({plan['reference']})"
    )
    # The plan's own document is as it was, save the moment it was made.
    plan_after = _export(client, auth_headers, plan["id"])
    assert {**plan_after, "timestamp": None} == {**plan_before, "timestamp": None}


def test_exporting_a_review_is_recorded_for_both_plans(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str], db: Database
) -> None:
    plan = invited_plan(client, bot_headers, auth_headers, "rev-fhir")
    review = _review(client, bot_headers, plan)

    _export(client, auth_headers, review["id"])

    with db.sessions() as session:
        exports = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)
        ).all()
    assert [(event.plan_id, event.detail) for event in exports] == [
        (review["id"], "FHIR"),
        (plan["id"], "FHIR"),
    ]
