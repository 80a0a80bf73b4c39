"""What the person tells us is acknowledged with a short, fixed sentence chosen by rules, before
the conversation moves on; a message that met the safety response gets none."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.acknowledge import acknowledgement_for
from bot.actions.life import ValidateLifeForm
from bot.actions.outcomes import ActionAskOutcomeConfirmed
from tests.bot.factories import DOMAIN, answering, quote, slot_values, texts, tracker


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("me and my dad went every week before he died", "loss"),
        ("it's not been the same since Jim passed", "loss"),
        ("I lost my wife last year", "loss"),
        ("I've been struggling since my wife died", "loss"),
        ("I passed my driving test at 70", None),
        ("I lost my keys again", None),
        ("the stairs are really hard for me now", "hardship"),
        ("I'm that lonely some days", "hardship"),
        ("I still do my own shopping", "pride"),
        ("I'm proud of my garden", "pride"),
        ("my garden", None),
        ("seeing my grandchildren", None),
    ],
)
def test_the_acknowledgement_fits_what_was_said(said: str, kind: str | None) -> None:
    assert acknowledgement_for(said) == kind


async def test_a_loss_told_in_why_it_matters_is_acknowledged_before_the_reflect_back() -> None:
    pending = {
        "what": quote("going to the football", "m-w"),
        "why": quote("me and my dad went every week before he died", "m-y"),
    }
    dispatcher = CollectingDispatcher()
    at_confirm = tracker(pending["why"]["text"], slots={"pending": pending})

    await ActionAskOutcomeConfirmed().run(dispatcher, at_confirm, DOMAIN)

    said = texts(dispatcher)
    assert said[0] == "utter_acknowledge_loss"
    # Then their own words, exactly, as before.
    assert "“me and my dad went every week before he died”" in said[1]
    assert said[2] == "utter_ask_outcome_confirmed"


async def test_hardship_in_a_life_answer_is_acknowledged_and_kept() -> None:
    text = "the stairs are really hard for me now"
    dispatcher = CollectingDispatcher()

    events = await ValidateLifeForm().get_validation_events(
        dispatcher, answering("not_working", text), DOMAIN
    )

    assert slot_values(events)["answers"]["not_working"] == quote(text)
    assert texts(dispatcher) == ["utter_acknowledge_hardship"]


async def test_a_message_that_met_the_safety_response_is_not_acknowledged_too() -> None:
    text = "I've been lonely since my wife died"
    risk = {"entity": "risk_level", "value": "concern", "categories": ["wellbeing"]}
    dispatcher = CollectingDispatcher()

    await ValidateLifeForm().get_validation_events(
        dispatcher, answering("not_working", text, entities=[risk]), DOMAIN
    )

    assert not any(str(t).startswith("utter_acknowledge") for t in texts(dispatcher))
