"""The conversation as a FHIR Questionnaire, published at /fhir/Questionnaire/{id}.

Each plan's QuestionnaireResponse answers one of these. The question texts are the bot's own,
read from its domain (domain/) as it asks each role in plain words: a question the bot gains or
rewords is asked here too, with no change in this module.
"""

from __future__ import annotations

from typing import Any

from api.plans.models import PlanRole
from api.web.responses import catalogue
from contract.plan import OUTCOME_PARTS, QUESTION, SECTIONS_FOR, Part

FHIR_VERSION = "4.0.1"

QUESTIONNAIRE_IDS: dict[PlanRole, str] = {
    PlanRole.PERSON: "what-matters-person",
    PlanRole.CARER: "what-matters-carer",
}
TITLES: dict[PlanRole, str] = {
    PlanRole.PERSON: "What Matters: a person's conversation before a social care assessment",
    PlanRole.CARER: "What Matters: an unpaid carer's conversation (Carers (Scotland) Act 2016)",
}

# The linkId of the outcome group: one group per thing that matters, in the person's order of
# priority, with its parts (contract.plan.OUTCOME_PARTS) as its items.
OUTCOME = "outcome"

# Not a question the bot asks: questions the person asked, at any point, for the worker.
ASKED_FOR_THE_WORKER = "A question they asked for the worker who visits"
# The responses that ask for the outcome's two parts; every other part is asked by
# utter_ask_<part> (domain/), as Rasa's forms require.
_ASKED_BY: dict[str, str] = {
    Part.WHAT_MATTERS: "utter_ask_outcome_what_first",
    Part.WHY_IT_MATTERS: "utter_ask_outcome_why",
}


def question_text(section: str, role: PlanRole) -> str:
    """What the bot asks for a stored section (a Part, or QUESTION), word for word, in plain
    words (not Easy Read) as it asks this role."""
    if section == QUESTION:
        return ASKED_FOR_THE_WORKER
    name = _ASKED_BY.get(section, f"utter_ask_{section}")
    return catalogue().text_for(name, role=role.value, easy_read=False)


def canonical_url(base_url: str, role: PlanRole) -> str:
    return f"{base_url}/fhir/Questionnaire/{QUESTIONNAIRE_IDS[role]}"


def role_for(questionnaire_id: str) -> PlanRole | None:
    return next((r for r, known in QUESTIONNAIRE_IDS.items() if known == questionnaire_id), None)


def _text_item(section: str, text: str, *, repeats: bool = True) -> dict[str, Any]:
    # repeats: a section may hold several quotes, each one answer to the same question.
    return {"linkId": str(section), "text": text, "type": "text", "repeats": repeats}


def questionnaire(*, base_url: str, role: PlanRole) -> dict[str, Any]:
    """The Questionnaire for one kind of conversation, as FHIR R4 JSON."""
    return {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_IDS[role],
        "url": canonical_url(base_url, role),
        "name": QUESTIONNAIRE_IDS[role].title().replace("-", ""),
        "title": TITLES[role],
        "status": "active",
        "subjectType": ["Patient"],
        "item": [
            {
                "linkId": OUTCOME,
                "text": "What matters, and why; what would help with it, and who could",
                "type": "group",
                "repeats": True,
                "item": [
                    # One answer to each part per outcome (the group repeats), but what they
                    # added when it was read back, which may be several. The exact question
                    # each answer was given to travels with it, in its own extension.
                    _text_item(
                        part,
                        question_text(part, role),
                        repeats=part is Part.OUTCOME_ADDED,
                    )
                    for part in OUTCOME_PARTS
                ],
            },
            *(_text_item(section, question_text(section, role)) for section in SECTIONS_FOR[role]),
            _text_item(QUESTION, question_text(QUESTION, role)),
        ],
    }
