"""The Questionnaires at /fhir/Questionnaire/{id}: valid FHIR, and the bot's own questions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from fhir.resources.R4B.questionnaire import Questionnaire

from api.fhir.questionnaire import QUESTIONS, WHAT_MATTERS_QUESTION
from api.fhir.service import MEDIA_TYPE
from api.plans.models import PlanRole
from contract.plan import PERSON_SECTIONS, QUESTION, Part

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
        WHAT_MATTERS_QUESTION[role],
        "Why does that matter to you?",
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


def test_the_questions_are_the_bots_own_words() -> None:
    variants = _plain("utter_ask_outcome_what_first")
    assert WHAT_MATTERS_QUESTION[PlanRole.CARER] == variants[0]["text"]
    assert WHAT_MATTERS_QUESTION[PlanRole.PERSON] == variants[1]["text"]
    assert set(QUESTIONS) == {*Part, QUESTION} - {Part.WHAT_MATTERS}
    for part in Part:
        if part is not Part.WHAT_MATTERS:
            name = "utter_ask_outcome_why" if part is Part.WHY_IT_MATTERS else f"utter_ask_{part}"
            assert QUESTIONS[part] == _plain(name)[0]["text"]


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
