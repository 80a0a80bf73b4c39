from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.life import ValidateLifeForm
from bot.actions.outcomes import ValidateOutcomesForm
from bot.actions.safety import ActionRespondToRisk
from bot.actions.safety_form import ValidateSafetyForm
from bot.actions.submit import ActionSendUrgent
from bot.safety.levels import Assessment, CheckKind, Level, Source, risk_entity
from bot.safety.phrases import risk_categories
from contract.http import API_PREFIX
from tests.bot.conftest import FakeApi
from tests.bot.factories import (
    DOMAIN,
    answering,
    finished_slots,
    quote,
    slot_values,
    texts,
    tracker,
)


def graded(
    level: Level,
    *categories: str,
    source: Source = Source.PHRASE_LIST,
    check: CheckKind | None = None,
) -> list[dict[str, Any]]:
    """The entity the NLU pipeline gives a message of this level."""
    return [risk_entity(Assessment(level, categories, source, check), 10)]


def flag(
    text: str, level: str, categories: list[str], source: str, *choices: str
) -> dict[str, Any]:
    return {
        "quote": quote(text),
        "categories": categories,
        "level": level,
        "source": source,
        "choices": list(choices),
    }


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("sometimes I think they'd all be better off without me", ["suicide"]),
        ("I’ve got my tablets saved up", ["suicide"]),  # noqa: RUF001 - phones type a curly apostrophe
        ("he hits me when he's had a drink", ["domestic_abuse", "abuse"]),
        ("my grandson takes my pension", ["abuse"]),
        ("I'm scared to be in my own house", ["unsafe_home"]),
        ("I think I'm having a stroke", ["medical_emergency"]),
    ],
)
def test_the_phrase_list_finds_risk(text: str, categories: list[str]) -> None:
    assert risk_categories(text) == categories


@pytest.mark.parametrize(
    "text",
    [
        "my husband died last year and I miss him",
        "the stairs are killing me",
        "I'd kill for a good night's sleep",
        "I'm dying for a cup of tea",
        "I worry about falling",
    ],
)
def test_everyday_sadness_and_figures_of_speech_are_not_risk(text: str) -> None:
    assert risk_categories(text) == []


async def test_a_worry_is_met_with_warmth_kept_as_the_answer_and_not_urgent() -> None:
    text = "Money. The bills come in and I can't open them."
    dispatcher = CollectingDispatcher()
    events = await ValidateOutcomesForm().get_validation_events(
        dispatcher,
        answering("outcome_what", text, entities=graded(Level.CONCERN, "wellbeing",
                                                        source=Source.CLASSIFIER)),
        DOMAIN,
    )  # fmt: skip
    values = slot_values(events)
    assert values["safety_flags"] == [flag(text, "concern", ["wellbeing"], "classifier")]
    assert values["safety_steps"] == []
    assert values["outcome_what"] == text
    assert texts(dispatcher) == ["utter_concern"]


async def test_the_classifier_alone_asks_a_check_first_and_keeps_the_answer() -> None:
    text = "some days I just don't see the point"
    dispatcher = CollectingDispatcher()
    entities = graded(Level.CHECK, "suicide", source=Source.CLASSIFIER, check=CheckKind.LIFE)
    events = await ValidateOutcomesForm().run(
        dispatcher, answering("outcome_what", text, intent="risk", entities=entities), DOMAIN
    )
    values = slot_values(events)
    assert values["safety_flags"] == [flag(text, "check", ["suicide"], "classifier")]
    assert values["safety_steps"] == ["life_check"]
    assert values["safety_step_kind"] == "life_check"
    assert values["outcome_what"] == text
    # No script yet: the check is asked as the next question, before "why".
    assert texts(dispatcher) == []
    assert values["requested_slot"] == "safety_step"


async def test_yes_to_the_check_raises_the_level_and_asks_if_they_are_safe() -> None:
    text = "some days I just don't see the point"
    slots = {
        "safety_flags": [flag(text, "check", ["suicide"], "classifier")],
        "safety_steps": ["life_check"],
        "safety_step_kind": "life_check",
        "outcome_what": text,
    }
    dispatcher = CollectingDispatcher()
    events = await ValidateOutcomesForm().get_validation_events(
        dispatcher, answering("safety_step", "/affirm", intent="affirm", slots=slots), DOMAIN
    )
    values = slot_values(events)
    assert values["safety_flags"] == [flag(text, "life", ["suicide"], "answer_to_check", "yes")]
    assert values["safety_steps"] == ["safe_now", "choice"]
    assert values["safety_step_kind"] == "safe_now"
    assert texts(dispatcher) == ["utter_safety_life", "utter_safety_life_honest"]


@pytest.mark.parametrize(
    ("intent", "response", "choice"),
    [("deny", "utter_check_no", "no"), ("rather_not_say", "utter_check_rather_not",
                                        "rather_not_say")],
)  # fmt: skip
async def test_no_to_the_check_leaves_a_worry_for_the_worker(
    intent: str, response: str, choice: str
) -> None:
    text = "my nephew sorts my money now"
    slots = {
        "safety_flags": [flag(text, "check", ["financial_harm"], "classifier")],
        "safety_steps": ["harm_check"],
        "safety_step_kind": "harm_check",
    }
    dispatcher = CollectingDispatcher()
    events = await ValidateLifeForm().get_validation_events(
        dispatcher, answering("safety_step", f"/{intent}", intent=intent, slots=slots), DOMAIN
    )
    values = slot_values(events)
    assert values["safety_flags"] == [
        flag(text, "concern", ["financial_harm"], "classifier", choice)
    ]
    assert values["safety_steps"] == []
    assert texts(dispatcher) == [response]


async def test_possible_harm_is_told_honestly_with_the_contacts_that_fit() -> None:
    text = "my grandson takes my pension card and I never see the money"
    dispatcher = CollectingDispatcher()
    events = await ValidateLifeForm().get_validation_events(
        dispatcher,
        answering("not_working", text, intent="risk", entities=graded(Level.HARM, "abuse")),
        DOMAIN,
    )
    values = slot_values(events)
    assert values["safety_flags"] == [flag(text, "harm", ["abuse"], "phrase_list")]
    assert values["safety_steps"] == ["choice"]
    assert values["not_working"] == text
    # Police Scotland and the council, not the domestic abuse helpline, for a grandson.
    assert texts(dispatcher) == ["utter_safety_harm", "utter_safety_harm_honest"]


async def test_domestic_abuse_adds_its_helpline() -> None:
    dispatcher = CollectingDispatcher()
    await ValidateLifeForm().get_validation_events(
        dispatcher,
        answering("not_working", "he hits me", intent="risk",
                  entities=graded(Level.HARM, "domestic_abuse", "abuse")),
        DOMAIN,
    )  # fmt: skip
    assert texts(dispatcher) == [
        "utter_safety_harm",
        "utter_safety_abuse",
        "utter_safety_harm_honest",
    ]


async def test_a_medical_emergency_says_999_first() -> None:
    dispatcher = CollectingDispatcher()
    await ActionRespondToRisk().run(
        dispatcher,
        tracker("I fell and can't get up", intent="risk",
                entities=graded(Level.LIFE, "medical_emergency")),
        DOMAIN,
    )  # fmt: skip
    assert texts(dispatcher) == [
        "utter_safety_emergency",
        "utter_safety_life",
        "utter_safety_life_honest",
    ]


async def test_outside_a_question_the_choice_is_asked_in_the_safety_form() -> None:
    events = await ActionRespondToRisk().run(
        CollectingDispatcher(),
        tracker("I want to die", intent="risk", entities=graded(Level.LIFE, "suicide")),
        DOMAIN,
    )
    assert SlotSet("safety_steps", ["choice"]) in events
    assert SlotSet("safety_step_kind", "choice") in events


async def test_the_safety_form_starts_by_offering_the_choice_not_misreading_the_message() -> None:
    # Outside a question (at the welcome) the safety form starts on the disclosure itself,
    # whose words fill its slot: they are not an answer to the choice not yet offered.
    text = "my son takes my pension"
    slots = {
        "safety_flags": [flag(text, "harm", ["financial_harm"], "phrase_list")],
        "safety_steps": ["choice"],
        "safety_step_kind": "choice",
        "safety_step": text,
    }
    started = tracker(text, intent="risk", slots=slots)
    started.events.append({"event": "slot", "name": "safety_step", "value": text})
    dispatcher = CollectingDispatcher()
    events = await ValidateSafetyForm().run(dispatcher, started, DOMAIN)
    assert texts(dispatcher) == []
    assert slot_values(events) == {"safety_step": None}


async def test_after_sending_the_person_is_asked_before_anything_more_is_shared() -> None:
    events = await ActionRespondToRisk().run(
        CollectingDispatcher(),
        tracker("I want to die", intent="risk", entities=graded(Level.LIFE, "suicide"),
                slots={"stage": "sent"}),
        DOMAIN,
    )  # fmt: skip
    assert SlotSet("safety_step_kind", "choice_sent") in events


async def test_carry_on_records_the_choice_and_moves_on() -> None:
    text = "I want to die"
    slots = {
        "safety_flags": [flag(text, "life", ["suicide"], "phrase_list")],
        "safety_steps": ["choice"],
        "safety_step_kind": "choice",
    }
    dispatcher = CollectingDispatcher()
    events = await ValidateLifeForm().run(
        dispatcher, answering("safety_step", "/carry_on", intent="carry_on", slots=slots), DOMAIN
    )
    values = slot_values(events)
    assert values["safety_flags"][0]["choices"] == ["carry_on"]
    assert values["safety_steps"] == []
    assert values["requested_slot"] == "working_well"
    assert texts(dispatcher) == ["utter_carry_on_after_risk"]


async def test_send_now_sends_what_was_said_so_far_marked_urgent(fake_api: FakeApi) -> None:
    raised = flag("I want to die", "life", ["suicide"], "phrase_list")
    # Mid-outcome: "what" said, "why" not yet, nothing confirmed.
    slots = {
        "safety_flags": [raised],
        "safety_steps": ["choice"],
        "stage": "talking",
        "outcomes": [],
        "answers": {},
        "pending": {"what": quote("my garden 0[", "m-what")},
    }
    dispatcher = CollectingDispatcher()
    events = await ActionSendUrgent().run(dispatcher, tracker(slots=slots), DOMAIN)

    [(path, payload)] = fake_api.received
    assert path == f"{API_PREFIX}/plans"
    assert payload["safety_flags"] == [{**raised, "choices": ["send_now"]}]
    assert payload["outcomes"] == [
        {
            "what": quote("my garden 0[", "m-what"),
            "why": None,
            "added": [],
            "help": None,
            "who": None,
        }
    ]
    assert SlotSet("safety_steps", []) in events
    assert SlotSet("stage", "sent") in events
    assert dispatcher.messages[0]["response"] == "utter_sent_urgent"


async def test_after_sending_the_flag_is_added_to_the_plan(fake_api: FakeApi) -> None:
    raised = flag("he hits me", "harm", ["domestic_abuse"], "phrase_list")
    slots = finished_slots(stage="sent", plan_reference="WM-ABCDEF", safety_flags=[raised],
                           safety_steps=["choice_sent"])  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionSendUrgent().run(dispatcher, tracker(slots=slots), DOMAIN)

    sent = {**raised, "choices": ["send_now"]}
    assert fake_api.received == [
        (f"{API_PREFIX}/plans/flags", {"conversation_id": "conversation-1", "flags": [sent]})
    ]
    assert texts(dispatcher) == ["utter_flag_added"]


async def test_a_flag_waits_in_the_outbox_when_the_api_is_down() -> None:
    raised = flag("he hits me", "harm", ["domestic_abuse"], "phrase_list")
    slots = finished_slots(stage="sent", safety_flags=[raised])
    dispatcher = CollectingDispatcher()
    await ActionSendUrgent().run(dispatcher, tracker(slots=slots), DOMAIN)
    assert texts(dispatcher) == ["utter_flag_waiting"]


async def test_a_threat_to_life_from_someone_else_gets_999_then_the_police() -> None:
    dispatcher = CollectingDispatcher()
    await ActionRespondToRisk().run(
        dispatcher,
        tracker("he came at me with a knife", intent="risk",
                entities=graded(Level.LIFE, "danger_to_life")),
        DOMAIN,
    )  # fmt: skip
    assert texts(dispatcher) == [
        "utter_safety_emergency",
        "utter_safety_harm",
        "utter_safety_harm_honest",
    ]
