"""The Questionnaires at /fhir/Questionnaire/{id}: valid FHIR, and the bot's own questions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from fhir.resources.R4B.questionnaire import Questionnaire

from api.fhir.questionnaire import ASKED_FOR_THE_WORKER, question_text
from api.fhir.service import MEDIA_TYPE
from api.plans.models import PlanRole
from contract.plan import CARER_SECTIONS, OUTCOME_PARTS, PERSON_SECTIONS, QUESTION, Part

DOMAIN = Path(__file__).resolve().parents[3] / "domain"


def _bot_says(name: str) -> list[dict[str, Any]]:
    """A response's variants, from whichever file of the bot's domain holds it."""
    for path in sorted(DOMAIN.glob("*.yml")):
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        if name in responses:
            variants: list[dict[str, Any]] = responses[name]
            return variants
    raise AssertionError(f"the bot has no response {name}")


@pytest.mark.parametrize("role", list(PlanRole))
def test_each_questionnaire_is_valid_fhir(client: TestClient, role: PlanRole) -> None:
    response = client.get(f"/fhir/Questionnaire/what-matters-{role.value}")

    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA_TYPE
    questionnaire = Questionnaire.model_validate_json(response.content)
    assert questionnaire.url == f"http://testserver/fhir/Questionnaire/what-matters-{role.value}"
    outcome = response.json()["item"][0]
    assert [item["text"] for item in outcome["item"]] == [
        question_text(part, role) for part in OUTCOME_PARTS
    ]
    assert outcome["item"][1]["text"] == "Why does that matter to you?"
    # One answer each, in each outcome's group, but what was added when it was read back.
    assert [(i["linkId"], i["repeats"]) for i in outcome["item"]] == [
        ("what_matters", False),
        ("why_it_matters", False),
        ("outcome_added", True),
        ("outcome_help", False),
        ("outcome_who", False),
    ]


def _plain(name: str) -> list[dict[str, Any]]:
    """The response's variations in plain words (Easy Read has its own, conditioned on a slot)."""
    return [
        variant
        for variant in _bot_says(name)
        if not any(
            c.get("name") == "easy_read" and c.get("value") for c in variant.get("condition", [])
        )
    ]


def test_the_questions_are_the_bots_own_words_as_it_asks_each_role() -> None:
    # The carer's first question has its own wording; Easy Read's variations come first.
    variants = _plain("utter_ask_outcome_what_first")
    assert question_text(Part.WHAT_MATTERS, PlanRole.CARER) == variants[0]["text"]
    assert question_text(Part.WHAT_MATTERS, PlanRole.PERSON) == variants[1]["text"]
    assert question_text(Part.WHAT_MATTERS, PlanRole.CARER).startswith("Now let's think about you")
    for role, sections in ((PlanRole.PERSON, PERSON_SECTIONS), (PlanRole.CARER, CARER_SECTIONS)):
        assert question_text(Part.WHY_IT_MATTERS, role) == "Why does that matter to you?"
        for part in sections:
            assert question_text(part, role) == _plain(f"utter_ask_{part}")[-1]["text"]
    assert question_text(QUESTION, PlanRole.PERSON) == ASKED_FOR_THE_WORKER


def test_the_person_questionnaire_asks_the_persons_sections_in_order(client: TestClient) -> None:
    items = client.get("/fhir/Questionnaire/what-matters-person").json()["item"]

    assert [item["linkId"] for item in items] == [
        "outcome",
        *(str(part) for part in PERSON_SECTIONS),
        "question",
    ]


def test_an_unknown_questionnaire_is_404(client: TestClient) -> None:
    response = client.get("/fhir/Questionnaire/what-matters-nobody")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no such Questionnaire."}
