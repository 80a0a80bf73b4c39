"""GET /api/v1/plans/{id}/fhir: every shape of plan as a FHIR R4 document that fhir.resources
(R4B) reads back without error, with every quote byte for byte and its Provenance."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import select

from api.audit.models import AuditEvent
from api.fhir.service import MEDIA_TYPE, PROFILES, TARGET_ELEMENT
from api.plans.models import PlanFlag, PlanItem
from tests.api import factories
from tests.api.factories import AWKWARD_TEXTS, Database, quote

API = "/api/v1/plans"


def _awkward(start: int, prefix: str) -> list[dict[str, Any]]:
    # Several of the texts no careless system survives, each from its own message.
    return [
        quote(text, message_id=f"{prefix}{number}")
        for number, text in enumerate(AWKWARD_TEXTS[start : start + 3])
    ]


def _person() -> dict[str, Any]:
    return factories.plan_payload(
        outcomes=[
            {"what": quote(AWKWARD_TEXTS[0], message_id="w0"),
             "why": quote(AWKWARD_TEXTS[1], message_id="y0")},
            {"what": quote(AWKWARD_TEXTS[2], message_id="w1"), "why": None},
            {"what": quote(AWKWARD_TEXTS[12], message_id=None),
             "why": quote(AWKWARD_TEXTS[13], message_id="y2")},
        ],
        sections={
            "working_well": _awkward(3, "ww"),
            "not_working": _awkward(6, "nw"),
            "strengths": _awkward(9, "st"),
            "what_would_help": _awkward(14, "wh"),
            "who_could_help": _awkward(15, "wc"),
            "anything_else": [quote(AWKWARD_TEXTS[17], message_id="ae")],
        },
    )  # fmt: skip


SHAPES: dict[str, Callable[[], dict[str, Any]]] = {
    "person": _person,
    "carer": lambda: factories.carer_payload(
        sections={
            "cared_for": _awkward(0, "cf"),
            "caring_impact": _awkward(5, "ci"),
            "person_matters": _awkward(10, "pm"),
            "person_matters_why": [quote(AWKWARD_TEXTS[15], message_id="pw")],
            "need_break": [quote(AWKWARD_TEXTS[16], message_id="nb")],
        }
    ),
    "urgent": lambda: factories.plan_payload(
        safety_flags=[
            factories.flag(AWKWARD_TEXTS[7], message_id="f1", level="life"),
            factories.flag(
                AWKWARD_TEXTS[14],
                categories=["financial_harm", "psychological_harm"],
                message_id=None,
                level="harm",
                source="answer_to_check",
                choices=["yes", "carry_on"],
            ),
        ]
    ),
    "with skips": lambda: factories.plan_payload(
        outcomes=[{"what": quote("Staying in my own home", message_id="m1"), "why": None}],
        sections={},
        skipped=["why_it_matters", "working_well", "people"],
    ),
    "with questions": lambda: factories.plan_payload(
        questions=[quote(text, message_id=f"q{n}") for n, text in enumerate(AWKWARD_TEXTS[4:8])]
    ),
    "nothing but a reference": lambda: factories.plan_payload(outcomes=[], sections={}),
    "in depth": lambda: _in_depth(),
}

# A question as the person read it, with a name filled in and words no system may touch.
ASKED = "What would help with “0[” {why}, Morag? 🌻"


def _in_depth() -> dict[str, Any]:
    """Each thing that matters with what was added, its help and who, every answer with the
    question it answered and some with a mark, in the person's order of priority."""
    return factories.plan_payload(
        outcomes=[
            factories.outcome(
                quote(AWKWARD_TEXTS[0], message_id="w0", asked=ASKED),
                quote(AWKWARD_TEXTS[1], message_id="y0", asked="Why?", follows="prompt"),
                added=[
                    quote(AWKWARD_TEXTS[2], message_id="a0", asked="Anything to add?"),
                    quote(AWKWARD_TEXTS[3], message_id="a1", asked="Anything else to add?"),
                ],
                help=quote(AWKWARD_TEXTS[4], message_id="h0", asked=ASKED),
                who=quote(AWKWARD_TEXTS[5], message_id="o0", follows="safety_check"),
            ),
            factories.outcome(
                quote(AWKWARD_TEXTS[6], message_id="w1"),
                help=quote(AWKWARD_TEXTS[8], message_id="h1"),
            ),
        ],
        sections={
            "call_me": [quote("Morag", message_id="cm", asked="What should I call you?")],
            "town": [quote(AWKWARD_TEXTS[9], message_id="tn", asked="Where do you live?")],
        },
        safety_flags=[
            {
                **factories.flag(AWKWARD_TEXTS[10], message_id="f1", level="harm"),
                "quote": quote(
                    AWKWARD_TEXTS[10], message_id="f1", asked=ASKED, follows="safety_check"
                ),
            }
        ],
    )


def _send(client: TestClient, bot_headers: dict[str, str], payload: dict[str, Any]) -> int:
    response = client.post(API, json=payload, headers=bot_headers)
    assert response.status_code == 201, response.text
    plan_id: int = response.json()["id"]
    return plan_id


def _export(client: TestClient, headers: dict[str, str], plan_id: int) -> dict[str, Any]:
    response = client.get(f"{API}/{plan_id}/fhir", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA_TYPE
    # The file's own bytes, decoded as UTF-8: what a receiving system reads.
    document: dict[str, Any] = json.loads(response.content.decode("utf-8"))
    Bundle.model_validate(document)
    return document


def _resources(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [
        entry["resource"]
        for entry in document["entry"]
        if entry["resource"]["resourceType"] == kind
    ]


def _answers(document: dict[str, Any]) -> list[str]:
    """Every answer in the QuestionnaireResponse, at any depth."""
    texts: list[str] = []
    for response in _resources(document, "QuestionnaireResponse"):
        items = list(response.get("item", []))
        while items:
            item = items.pop(0)
            items.extend(item.get("item", []))
            texts += [answer["valueString"] for answer in item.get("answer", [])]
    return texts


def _quoted(document: dict[str, Any]) -> list[str]:
    """Every other place the document carries someone's words."""
    goals = _resources(document, "Goal")
    texts = [goal["description"]["text"] for goal in goals]
    texts += [note["text"] for goal in goals for note in goal.get("note", [])]
    for care_plan in _resources(document, "CarePlan"):
        texts += [a["detail"]["description"] for a in care_plan.get("activity", [])]
        texts += [note["text"] for note in care_plan.get("note", [])]
    texts += [flag["code"]["text"] for flag in _resources(document, "Flag")]
    return texts


def _stored(db: Database, plan_id: int) -> tuple[list[str], list[str]]:
    """The plan's quotes and its flags' messages, as the database holds them."""
    with db.sessions() as session:
        items = session.scalars(select(PlanItem.text).where(PlanItem.plan_id == plan_id)).all()
        flags = session.scalars(select(PlanFlag.text).where(PlanFlag.plan_id == plan_id)).all()
    return list(items), list(flags)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_shape_is_a_document_a_fhir_library_reads(
    shape: str,
    client: TestClient,
    db: Database,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
) -> None:
    plan_id = _send(client, bot_headers, SHAPES[shape]())
    document = _export(client, auth_headers, plan_id)

    assert document["resourceType"] == "Bundle"
    assert document["type"] == "document"
    first = document["entry"][0]["resource"]
    assert first["resourceType"] == "Composition"
    assert first["meta"]["profile"] == [PROFILES["Composition"]]
    # Every quote is an answer, byte for byte; every other word carried is one of the
    # plan's quotes or flagged messages, byte for byte.
    items, flags = _stored(db, plan_id)
    as_bytes = {text.encode("utf-8") for text in (*items, *flags)}
    assert sorted(_answers(document)) == sorted(items)
    for text in (*_answers(document), *_quoted(document)):
        assert text.encode("utf-8") in as_bytes
    assert sorted(t for t in _quoted(document) if t in flags) == sorted(flags)


def test_each_goal_is_a_thing_that_matters_with_its_why_in_a_note(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    payload = _person()
    document = _export(client, auth_headers, _send(client, bot_headers, payload))

    goals = _resources(document, "Goal")
    assert [goal["description"]["text"] for goal in goals] == [
        outcome["what"]["text"] for outcome in payload["outcomes"]
    ]
    assert [[n["text"] for n in goal.get("note", [])] for goal in goals] == [
        [AWKWARD_TEXTS[1]],
        [],
        [AWKWARD_TEXTS[13]],
    ]
    assert all("meta" not in goal for goal in goals)  # base Goal: there is no UK Core Goal
    care_plan = _resources(document, "CarePlan")[0]
    assert care_plan["meta"]["profile"] == [PROFILES["CarePlan"]]
    assert [g["reference"] for g in care_plan["goal"]] == [
        entry["fullUrl"]
        for entry in document["entry"]
        if entry["resource"]["resourceType"] == "Goal"
    ]


def test_every_quote_has_provenance_naming_its_message_and_the_person_as_author(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    payload = _person()
    payload["safety_flags"] = [factories.flag("I can't cope", message_id="f9")]
    document = _export(client, auth_headers, _send(client, bot_headers, payload))

    patient = next(
        e["fullUrl"] for e in document["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    provenances = _resources(document, "Provenance")
    # One per quote carried: the Goals hold 3 whats and 2 whys, the CarePlan 6 quotes, the
    # Flag 1, and the QuestionnaireResponse every answer (5 in outcomes, 16 in sections).
    assert len(provenances) == 5 + 6 + 1 + 5 + 16
    for provenance in provenances:
        assert provenance["agent"] == [
            {
                "type": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                            "code": "author",
                            "display": "Author",
                        }
                    ],
                    "text": "Wrote these words themselves",
                },
                "who": {"reference": patient},
            }
        ]
        assert provenance["target"][0]["extension"][0]["url"] == TARGET_ELEMENT
    messages = sorted(
        p["entity"][0]["what"]["identifier"]["value"] for p in provenances if "entity" in p
    )
    sent = [
        quote_["message_id"]
        for quote_ in (
            *(o["what"] for o in payload["outcomes"]),
            *(o["why"] for o in payload["outcomes"] if o["why"]),
            *(q for quotes in payload["sections"].values() for q in quotes),
        )
    ]
    # The carried quotes appear twice (Goal or CarePlan, and the answers) except the other
    # sections, which only the answers hold; one what has no message id.
    in_two = ["w0", "y0", "w1", "y2", "wh0", "wh1", "wh2", "wc0", "wc1", "wc2"]
    assert messages == sorted([m for m in sent if m is not None] + in_two + ["f9"])
    goal = next(e for e in document["entry"] if e["resource"]["resourceType"] == "Goal")
    for_goal = [p for p in provenances if p["target"][0]["reference"] == goal["fullUrl"]]
    assert [
        (p["target"][0]["extension"][0]["valueUri"], p["occurredDateTime"]) for p in for_goal
    ] == [
        ("description", "2026-11-22T10:00:00+00:00"),
        ("why", "2026-11-22T10:00:00+00:00"),
    ]  # fmt: skip


def test_a_flag_quotes_the_message(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan_id = _send(client, bot_headers, SHAPES["urgent"]())
    flags = _resources(_export(client, auth_headers, plan_id), "Flag")

    assert [flag["code"]["text"] for flag in flags] == [AWKWARD_TEXTS[7], AWKWARD_TEXTS[14]]
    assert [[c["code"] for c in flag["code"]["coding"]] for flag in flags] == [
        ["self_harm"],
        ["financial_harm", "psychological_harm"],
    ]
    assert [flag["category"][0]["text"] for flag in flags] == [
        "Risk to life or a medical emergency",
        "Possible harm",
    ]
    assert all(flag["meta"]["profile"] == [PROFILES["Flag"]] for flag in flags)


def test_the_answers_follow_the_published_questionnaire(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan_id = _send(client, bot_headers, SHAPES["with questions"]())
    response = _resources(_export(client, auth_headers, plan_id), "QuestionnaireResponse")[0]

    assert response["questionnaire"] == "http://testserver/fhir/Questionnaire/what-matters-person"
    assert response["meta"]["profile"] == [PROFILES["QuestionnaireResponse"]]
    assert [item["linkId"] for item in response["item"]] == ["outcome", "working_well", "question"]
    assert [a["valueString"] for a in response["item"][2]["answer"]] == AWKWARD_TEXTS[4:8]
    linked = client.get("/fhir/Questionnaire/what-matters-person")
    link_ids = [item["linkId"] for item in linked.json()["item"]]
    assert {item["linkId"] for item in response["item"]} <= set(link_ids)


def test_skipped_parts_are_named_in_the_composition(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan_id = _send(client, bot_headers, SHAPES["with skips"]())
    composition = _export(client, auth_headers, plan_id)["entry"][0]["resource"]

    skipped = composition["section"][-1]
    assert skipped["title"] == "Parts they chose to skip"
    assert skipped["emptyReason"]["coding"][0]["code"] == "withheld"
    assert skipped["text"]["div"] == (
        '<div xmlns="http://www.w3.org/1999/xhtml"><ul><li>Why it matters</li>'
        "<li>What is working well</li><li>People, places and groups</li></ul></div>"
    )


def test_linked_plans_a_carer_is_a_related_person_by_reference_only(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    person = factories.plan_payload()
    person_id = _send(client, bot_headers, person)
    carer = factories.carer_payload(person_reference=person["reference"])
    carer_id = _send(client, bot_headers, carer)

    document = _export(client, auth_headers, person_id)
    related = _resources(document, "RelatedPerson")
    assert [(r["identifier"][0]["value"], r["meta"]["profile"]) for r in related] == [
        (carer["reference"], [PROFILES["RelatedPerson"]])
    ]
    # None of the carer's words travel with the person's plan.
    raw = json.dumps(document, ensure_ascii=False)
    for quotes in carer["sections"].values():
        assert all(q["text"] not in raw for q in quotes)
    assert carer["outcomes"][0]["what"]["text"] not in raw

    # The carer's own plan travels as its own Bundle, about the carer.
    own = _export(client, auth_headers, carer_id)
    assert _resources(own, "RelatedPerson") == []
    assert [g["description"]["text"] for g in _resources(own, "Goal")] == ["A night's sleep"]
    assert _resources(own, "QuestionnaireResponse")[0]["questionnaire"].endswith(
        "/fhir/Questionnaire/what-matters-carer"
    )
    assert person["outcomes"][0]["what"]["text"] not in json.dumps(own, ensure_ascii=False)


def test_only_practitioners_may_export_and_each_export_is_audited(
    client: TestClient,
    db: Database,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
) -> None:
    plan_id = _send(client, bot_headers, factories.plan_payload())

    assert client.get(f"{API}/{plan_id}/fhir").status_code == 401
    assert client.get(f"{API}/{plan_id}/fhir", headers=bot_headers).status_code == 401
    assert client.get(f"{API}/{plan_id}/fhir", headers=factories.bearer("x.y.z")).status_code == 401
    assert client.get(f"{API}/{plan_id + 1}/fhir", headers=auth_headers).status_code == 404
    assert client.get(f"{API}/0/fhir", headers=auth_headers).status_code == 422
    assert client.get(f"{API}/{plan_id}/fhir", headers=auth_headers).status_code == 200
    with db.sessions() as session:
        events = session.scalars(select(AuditEvent)).all()
    assert [(e.action, e.plan_id, e.detail) for e in events] == [("export", plan_id, "FHIR")]


def test_the_same_plan_exports_to_the_same_resources(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    plan_id = _send(client, bot_headers, _person())
    first, second = (_export(client, auth_headers, plan_id) for _ in range(2))

    assert first["identifier"] == second["identifier"]
    assert first["entry"] == second["entry"]


def test_the_plan_page_offers_the_download_beside_print(
    client: TestClient, bot_headers: dict[str, str], practitioner: Any
) -> None:
    payload = _person()
    plan_id = _send(client, bot_headers, payload)
    assert (
        client.get(f"/practitioner/plans/{plan_id}/fhir", follow_redirects=False).status_code == 303
    )

    factories.sign_in_pages(client)
    page = client.get(f"/practitioner/plans/{plan_id}")
    assert f'href="/practitioner/plans/{plan_id}/fhir"' in page.text
    download = client.get(f"/practitioner/plans/{plan_id}/fhir")
    assert download.status_code == 200
    assert download.headers["content-type"] == MEDIA_TYPE
    assert download.headers["content-disposition"] == (
        f'attachment; filename="plan-{payload["reference"]}.fhir.json"'
    )
    Bundle.model_validate_json(download.content)


def test_words_fhir_cannot_carry_are_a_409_that_repeats_none_of_them(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    # FHIR's string must hold something other than whitespace, and allows only spaces, tabs
    # and newlines as whitespace: a message of one no-break space is neither. The Goal and
    # the answer both hold it: two problems.
    payload = factories.plan_payload(
        outcomes=[{"what": factories.quote("\u00a0", message_id="m1"), "why": None}]
    )
    plan_id = client.post("/api/v1/plans", json=payload, headers=bot_headers).json()["id"]

    response = client.get(f"/api/v1/plans/{plan_id}/fhir", headers=auth_headers)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This plan holds text that FHIR's string type cannot carry (2 problem(s)); "
        "read it on the plan page."
    }


def test_each_thing_that_matters_carries_its_additions_help_who_and_every_answers_question(
    client: TestClient, bot_headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    document = _export(client, auth_headers, _send(client, bot_headers, _in_depth()))
    asked_url = "http://testserver/fhir/StructureDefinition/question-asked"
    marked_url = "http://testserver/fhir/StructureDefinition/answer-follows"

    response = _resources(document, "QuestionnaireResponse")[0]
    first, second = response["item"][0], response["item"][1]
    assert [(i["linkId"], [a["valueString"] for a in i["answer"]]) for i in first["item"]] == [
        ("what_matters", [AWKWARD_TEXTS[0]]),
        ("why_it_matters", [AWKWARD_TEXTS[1]]),
        ("outcome_added", [AWKWARD_TEXTS[2], AWKWARD_TEXTS[3]]),
        ("outcome_help", [AWKWARD_TEXTS[4]]),
        ("outcome_who", [AWKWARD_TEXTS[5]]),
    ]
    assert [i["linkId"] for i in second["item"]] == ["what_matters", "outcome_help"]
    why = first["item"][1]["answer"][0]
    assert why["extension"] == [
        {"url": asked_url, "valueString": "Why?"},
        {
            "url": marked_url,
            "valueCoding": {
                "system": "http://testserver/fhir/CodeSystem/answer-follows",
                "code": "prompt",
                "display": "Answered after an example was offered",
            },
        },
    ]
    assert first["item"][0]["answer"][0]["extension"] == [{"url": asked_url, "valueString": ASKED}]
    # An answer the bot sent no question for carries no extension at all.
    assert "extension" not in second["item"][0]["answer"][0]

    goals = _resources(document, "Goal")
    assert [g["priority"]["text"] for g in goals] == [
        "1 in their order of priority",
        "2 in their order of priority",
    ]
    goal_urls = [e["fullUrl"] for e in document["entry"] if e["resource"]["resourceType"] == "Goal"]
    care_plan = _resources(document, "CarePlan")[0]
    # What would help with each thing is an activity for that thing's Goal only.
    assert [(a["detail"]["description"], a["detail"]["goal"]) for a in care_plan["activity"]] == [
        (AWKWARD_TEXTS[4], [{"reference": goal_urls[0]}]),
        (AWKWARD_TEXTS[8], [{"reference": goal_urls[1]}]),
    ]
    assert [n["text"] for n in care_plan["note"]] == [AWKWARD_TEXTS[5]]
    flag = _resources(document, "Flag")[0]
    assert flag["code"]["extension"][0] == {"url": asked_url, "valueString": ASKED}
    assert flag["code"]["extension"][1]["valueCoding"]["code"] == "safety_check"
