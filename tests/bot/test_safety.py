from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.outcomes import ValidateOutcomesForm
from bot.actions.safety import ActionRespondToRisk
from bot.actions.submit import ActionSendUrgent
from bot.safety.detector import risk_categories
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

SAFETY = ["utter_safety", "utter_safety_honest", "utter_ask_after_risk"]


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


async def test_a_disclosure_on_its_own_is_met_at_once_and_the_question_asked_later() -> None:
    dispatcher = CollectingDispatcher()
    text = "i want to end it all"
    events = await ValidateOutcomesForm().get_validation_events(
        dispatcher, answering("outcome_what", text, intent="risk"), DOMAIN
    )
    assert slot_values(events) == {
        "safety_flags": [{"quote": quote(text), "categories": ["suicide"]}],
        "outcome_what": None,
    }
    assert texts(dispatcher) == SAFETY


async def test_a_disclosure_inside_a_long_answer_is_met_and_the_answer_kept() -> None:
    text = (
        "What matters is my budgie and the day centre on a Monday, but my son has my bank card "
        "and he takes my pension and says I'm not allowed out"
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateOutcomesForm().get_validation_events(
        dispatcher, answering("outcome_what", text, intent="risk"), DOMAIN
    )
    values = slot_values(events)
    assert values["safety_flags"] == [{"quote": quote(text), "categories": ["abuse"]}]
    assert values["outcome_what"] == text
    assert values["pending"] == {"what": quote(text)}
    assert texts(dispatcher) == [
        "utter_safety",
        "utter_safety_abuse",
        "utter_safety_honest",
        "utter_ask_after_risk",
    ]


async def test_an_emergency_says_999_first() -> None:
    dispatcher = CollectingDispatcher()
    await ActionRespondToRisk().run(
        dispatcher, tracker("chest pains right now", intent="risk"), DOMAIN
    )
    assert texts(dispatcher)[0] == "utter_safety_emergency"


async def test_what_the_classifier_alone_caught_is_flagged_too() -> None:
    events = await ActionRespondToRisk().run(
        CollectingDispatcher(), tracker("it's all too much now", intent="risk"), DOMAIN
    )
    assert events == [
        SlotSet(
            "safety_flags", [{"quote": quote("it's all too much now"), "categories": ["other"]}]
        )
    ]


async def test_after_sending_the_person_is_asked_before_anything_more_is_shared() -> None:
    dispatcher = CollectingDispatcher()
    await ActionRespondToRisk().run(
        dispatcher, tracker("I want to die", intent="risk", slots={"stage": "sent"}), DOMAIN
    )
    assert texts(dispatcher)[-1] == "utter_ask_after_risk_sent"


async def test_send_now_sends_what_was_said_so_far_marked_urgent(fake_api: FakeApi) -> None:
    flag = {"quote": quote("I want to die", "m-risk"), "categories": ["suicide"]}
    # Mid-outcome: "what" said, "why" not yet, nothing confirmed.
    slots = {
        "safety_flags": [flag],
        "stage": "talking",
        "outcomes": [],
        "answers": {},
        "pending": {"what": quote("my garden 0[", "m-what")},
    }
    dispatcher = CollectingDispatcher()
    events = await ActionSendUrgent().run(dispatcher, tracker(slots=slots), DOMAIN)

    [(path, payload)] = fake_api.received
    assert path == "/api/v1/plans"
    assert payload["safety_flags"] == [flag]
    assert payload["outcomes"] == [{"what": quote("my garden 0[", "m-what"), "why": None}]
    assert events[:3] == [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        SlotSet("stage", "sent"),
    ]
    assert dispatcher.messages[0]["response"] == "utter_sent_urgent"


async def test_after_sending_the_flag_is_added_to_the_plan(fake_api: FakeApi) -> None:
    flag = {"quote": quote("he hits me", "m-risk"), "categories": ["domestic_abuse"]}
    slots = finished_slots(stage="sent", plan_reference="WM-ABCDEF", safety_flags=[flag])
    dispatcher = CollectingDispatcher()
    await ActionSendUrgent().run(dispatcher, tracker(slots=slots), DOMAIN)

    assert fake_api.received == [
        ("/api/v1/plans/flags", {"conversation_id": "conversation-1", "flags": [flag]})
    ]
    assert texts(dispatcher) == ["utter_flag_added"]


async def test_a_flag_waits_in_the_outbox_when_the_api_is_down() -> None:
    flag = {"quote": quote("he hits me", "m-risk"), "categories": ["domestic_abuse"]}
    slots = finished_slots(stage="sent", safety_flags=[flag])
    dispatcher = CollectingDispatcher()
    await ActionSendUrgent().run(dispatcher, tracker(slots=slots), DOMAIN)
    assert texts(dispatcher) == ["utter_flag_waiting"]
