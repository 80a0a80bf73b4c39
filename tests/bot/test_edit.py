from __future__ import annotations

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.edit import (
    ActionApplyEdit,
    ActionAskEditTarget,
    ActionAskEditWhat,
    ValidateEditForm,
)
from tests.bot.factories import DOMAIN, finished_slots, quote, texts, tracker


async def test_the_parts_to_change_are_offered_as_buttons_in_draft_order() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAskEditTarget().run(dispatcher, tracker(slots=finished_slots()), DOMAIN)
    [message] = dispatcher.messages
    assert message["text"] == "Which part would you like to change?"
    assert [button["payload"] for button in message["buttons"]][:4] == [
        '/choose{"target": "outcome:0"}',
        '/choose{"target": "help:0:help"}',
        '/choose{"target": "help:0:who"}',
        '/choose{"target": "call_me"}',
    ]
    assert message["buttons"][1]["title"] == "1. What would help with this"
    assert message["buttons"][0]["title"] == "What matters 1: “my garden 0[”"


async def test_a_part_can_be_chosen_by_button_number_or_name() -> None:
    form = ValidateEditForm()
    slots = finished_slots()
    button = tracker(
        '/choose{"target": "people"}',
        intent="choose",
        entities=[{"entity": "target", "value": "people"}],
        slots=slots,
    )
    assert await form.validate_edit_target("", CollectingDispatcher(), button, DOMAIN) == {
        "edit_target": "people"
    }
    number = tracker("1", slots=slots)
    assert await form.validate_edit_target("1", CollectingDispatcher(), number, DOMAIN) == {
        "edit_target": "outcome:0"
    }
    name = tracker("My strengths", slots=slots)
    assert await form.validate_edit_target("", CollectingDispatcher(), name, DOMAIN) == {
        "edit_target": "strengths"
    }


async def test_an_unknown_part_is_asked_again() -> None:
    dispatcher = CollectingDispatcher()
    slots = await ValidateEditForm().validate_edit_target(
        "", dispatcher, tracker("the bit about my cat", slots=finished_slots()), DOMAIN
    )
    assert slots == {"edit_target": None}
    assert texts(dispatcher) == ["utter_edit_unknown_target"]


async def test_a_section_needs_new_words_only_and_an_outcome_its_why_too() -> None:
    form, slots = ValidateEditForm(), ["edit_target", "edit_what", "edit_why"]
    section = tracker(slots={"edit_target": "people"})
    outcome = tracker(slots={"edit_target": "outcome:0"})
    assert await form.required_slots(slots, CollectingDispatcher(), section, DOMAIN) == [
        "edit_target",
        "edit_what",
    ]
    assert await form.required_slots(slots, CollectingDispatcher(), outcome, DOMAIN) == slots


async def test_the_current_words_are_shown_before_asking_for_new_ones() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAskEditWhat().run(
        dispatcher, tracker(slots=finished_slots(edit_target="outcome:0")), DOMAIN
    )
    assert texts(dispatcher) == ["Right now it says: “my garden 0[”", "utter_ask_edit_what_outcome"]


async def test_a_changed_section_replaces_the_old_words() -> None:
    new = quote("I make a great soup {x}", "m-new")
    slots = finished_slots(edit_target="strengths", pending={"edit_what": new})
    events = await ActionApplyEdit().run(CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    answers = {**finished_slots()["answers"], "strengths": new}
    assert events == [
        SlotSet("answers", answers),
        SlotSet("strengths", "I make a great soup {x}"),
        SlotSet("skipped", []),
        SlotSet("edit_target", None),
        SlotSet("edit_what", None),
        SlotSet("edit_why", None),
        SlotSet("pending", {}),
    ]


async def test_a_changed_outcome_replaces_what_and_why() -> None:
    what, why = quote("my allotment", "m-a"), quote("veg", "m-b")
    slots = finished_slots(edit_target="outcome:0", pending={"edit_what": what, "edit_why": why})
    events = await ActionApplyEdit().run(CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    # What would help with it, and who could, are kept with the new words.
    [before] = finished_slots()["outcomes"]
    assert events[0] == SlotSet("outcomes", [{**before, "what": what, "why": why}])


async def test_what_would_help_with_a_thing_can_be_changed_on_its_own() -> None:
    dispatcher = CollectingDispatcher()
    slots = finished_slots(edit_target="help:0:who")
    await ActionAskEditWhat().run(dispatcher, tracker(slots=slots), DOMAIN)
    assert texts(dispatcher)[0] == "Right now it says: “my son {Tam}”"
    new = quote("my son Tam, and the lunch club 0[", "m-new")
    slots["pending"] = {"edit_what": new}
    events = await ActionApplyEdit().run(CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    [before] = finished_slots()["outcomes"]
    assert events[0] == SlotSet("outcomes", [{**before, "who": new}])
