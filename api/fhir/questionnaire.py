"""The conversation as a FHIR Questionnaire, published at /fhir/Questionnaire/{id}.

Each plan's QuestionnaireResponse answers one of these. The question texts are the bot's own
(domain/); tests/api/fhir/test_fhir_questionnaire.py holds them to it, so a change of
wording in the bot shows up here as a failing test rather than as a silent difference.
"""

from __future__ import annotations

from typing import Any

from api.plans.models import PlanRole
from contract.plan import QUESTION, SECTIONS_FOR, Part

FHIR_VERSION = "4.0.1"

QUESTIONNAIRE_IDS: dict[PlanRole, str] = {
    PlanRole.PERSON: "what-matters-person",
    PlanRole.CARER: "what-matters-carer",
}
TITLES: dict[PlanRole, str] = {
    PlanRole.PERSON: "What Matters: a person's conversation before a social care assessment",
    PlanRole.CARER: "What Matters: an unpaid carer's conversation (Carers (Scotland) Act 2016)",
}

# The linkIds of the outcome group: what matters and why, one group per outcome.
OUTCOME = "outcome"

# What the bot asks, word for word (domain/, utter_ask_*). The first question about what
# matters has a carer's wording and a person's.
WHAT_MATTERS_QUESTION: dict[PlanRole, str] = {
    PlanRole.PERSON: (
        "Let's start with you. What matters to you in your life just now? It can be big or small."
    ),
    PlanRole.CARER: (
        "Now let's think about you. What matters to you, for yourself, in your life just now? "
        "It can be big or small."
    ),
}
# Keyed by the stored section: a Part, or QUESTION.
QUESTIONS: dict[str, str] = {
    Part.WHY_IT_MATTERS: "Why does that matter to you?",
    Part.WORKING_WELL: (
        "Thank you for telling me what matters to you. Now let's think about your life just "
        "now. What is working well for you at the moment?"
    ),
    Part.NOT_WORKING: "And what is not working so well just now?",
    Part.STRENGTHS: (
        "Everyone has strengths. What are you good at, or proud of? "
        "What gets you through a hard day?"
    ),
    Part.PEOPLE: (
        "Who helps you, or matters to you? It could be family, friends, neighbours, a club or "
        "church, or a place you like to go."
    ),
    Part.WHAT_WOULD_HELP: "Thinking about what matters to you, what would help?",
    Part.WHO_COULD_HELP: (
        "Who could help with that? It might be you, people around you, a group near you, "
        "or a service."
    ),
    Part.ANYTHING_ELSE: (
        "Is there anything else you want the worker who visits you to know? "
        "Or a question you would like to ask them?"
    ),
    Part.CARED_FOR: (
        "Let's start with the person you look after. Who are they to you? You can use their "
        "first name, or just say “my mum” or “my friend”."
    ),
    Part.CARING_ROLE: "What does looking after them involve for you, day to day and at night?",
    Part.CARING_IMPACT: (
        "How does caring affect you? It might be your health, sleep, work, money, time for "
        "yourself, or how things are between you."
    ),
    Part.PERSON_MATTERS: (
        "From what you see, what matters most to the person you look after, in their life just now?"
    ),
    Part.PERSON_MATTERS_WHY: "Why do you think that matters to them?",
    Part.KEEP_CARING: (
        "Thank you. Now, how able and willing do you feel to keep caring, and in what ways? "
        "It's fine to say there are limits."
    ),
    Part.EMERGENCY_PLAN: (
        "If you suddenly couldn't care for a while, what would happen? "
        "Are there any plans for the future?"
    ),
    Part.NEED_BREAK: ("Do you need a break from caring? If so, what kind of break would help you?"),
    # Not a question the bot asks: questions the person asked, at any point, for the worker.
    QUESTION: "A question they asked for the worker who visits",
}


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
                "text": "What matters, and why",
                "type": "group",
                "repeats": True,
                "item": [
                    # One what and one why per outcome: the group repeats, not these.
                    _text_item(Part.WHAT_MATTERS, WHAT_MATTERS_QUESTION[role], repeats=False),
                    _text_item(Part.WHY_IT_MATTERS, QUESTIONS[Part.WHY_IT_MATTERS], repeats=False),
                ],
            },
            *(_text_item(section, QUESTIONS[section]) for section in SECTIONS_FOR[role]),
            _text_item(QUESTION, QUESTIONS[QUESTION]),
        ],
    }
