"""Names, adding to what was read back, what would help with each thing that matters, a carer's
consent to a match, and the question and mark every answer carries."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.life import ValidateLifeForm
from bot.actions.names import ActionAskCaringRole, ActionAskMatchConsent, name_in
from bot.actions.outcomes import (
    ActionAskOutcomeConfirmed,
    ActionAskOutcomeHelp,
    ValidateOutcomesForm,
)
from bot.actions.plan import build_payload
from bot.actions.quotes import take_answer
from bot.actions.repair import SKIPPED
from tests.bot.factories import DOMAIN, answering, quote, slot_values, texts, tracker

GARDEN = {"what": quote("my garden 0[", "m-g"), "why": quote("it's me", "m-y")}
BUS = {"what": quote("the bus into town {why}", "m-b"), "why": None}


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("Margaret", "Margaret"),
        ("call me Peggy.", "Peggy"),
        ("my name is Mary Ann", "Mary Ann"),
        ("her name's Isobel", "Isobel"),
        ("it's Tam!", "Tam"),
        ("Mrs O\u2019Neill", "Mrs O\u2019Neill"),
        ("Jean-Claude", "Jean-Claude"),
        ("my mum, she's 84", None),
        ("no", None),
        ("I'd rather not say", None),
        ("I don't want to give my name just now", None),
        ("R2D2", None),
        ("I'm fine", None),
        ("Fine", None),
        ("margaret", None),
        ("it's tired I am", None),
        ("", None),
        # Commands, not names.
        ("Help", None),
        ("Why", None),
        ("Go back", None),
        ("Will?", None),
    ],
)
def test_a_name_is_used_only_when_the_answer_plainly_is_one(said: str, name: str | None) -> None:
    assert name_in(said) == name


@pytest.mark.parametrize(("text", "heard"), [("Will", "question"), ("Hope", "pause")])
async def test_a_name_is_the_answer_whatever_the_classifier_heard(text: str, heard: str) -> None:
    dispatcher = CollectingDispatcher()
    events = await ValidateOutcomesForm().get_validation_events(
        dispatcher, answering("call_me", text, intent=heard, message_id="m-n"), DOMAIN
    )
    assert slot_values(events)["answers"] == {"call_me": quote(text, "m-n")}
    assert texts(dispatcher) == [f"Thank you, {text}."]


async def test_a_name_is_thanked_by_name_and_kept_verbatim() -> None:
    dispatcher = CollectingDispatcher()
    events = await ValidateOutcomesForm().get_validation_events(
        dispatcher, answering("call_me", "call me Peggy", message_id="m-n"), DOMAIN
    )
    assert slot_values(events)["answers"] == {"call_me": quote("call me Peggy", "m-n")}
    assert texts(dispatcher) == ["Thank you, Peggy."]


async def test_a_carers_questions_use_the_name_they_gave_exactly() -> None:
    dispatcher = CollectingDispatcher()
    named = {"role": "carer", "answers": {"cared_for_name": quote("Margaret 0[")}}
    await ActionAskCaringRole().run(dispatcher, tracker(slots=named), DOMAIN)
    # "0[" is no name: the question keeps its own words.
    assert texts(dispatcher) == ["utter_ask_caring_role"]
    named["answers"] = {"cared_for_name": quote("her name's Margaret")}
    await ActionAskCaringRole().run(dispatcher, tracker(slots=named), DOMAIN)
    assert texts(dispatcher)[-1] == (
        "What does looking after Margaret involve for you, day to day and at night?"
    )


async def test_the_consent_to_match_asks_by_name_with_yes_and_no() -> None:
    dispatcher = CollectingDispatcher()
    named = {"role": "carer", "answers": {"cared_for_name": quote("Margaret")}}
    await ActionAskMatchConsent().run(dispatcher, tracker(slots=named), DOMAIN)
    [message] = dispatcher.messages
    assert message["text"].startswith("Margaret may have talked to us too.")
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


@pytest.mark.parametrize(("intent", "value"), [("affirm", "yes"), ("deny", "no")])
async def test_a_carers_yes_or_no_to_a_match_is_sent(intent: str, value: str) -> None:
    carer = {
        "role": "carer",
        "person_reference": "none",
        "answers": {"cared_for_name": quote("Margaret")},
    }
    dispatcher = CollectingDispatcher()
    events = await ValidateLifeForm().get_validation_events(
        dispatcher, answering("match_consent", f"/{intent}", intent=intent, slots=carer), DOMAIN
    )
    assert slot_values(events) == {"match_consent": value}
    assert texts(dispatcher) == [f"utter_match_consent_{intent}"]
    payload = build_payload(tracker(slots={**carer, "match_consent": value}), reference="WM-ABCDEF")
    assert payload["match_consent"] is (value == "yes")


async def test_i_want_to_add_something_asks_then_reads_back_both() -> None:
    form = ValidateOutcomesForm()
    pending = {"what": GARDEN["what"], "why": GARDEN["why"]}
    events = await form.get_validation_events(
        CollectingDispatcher(),
        answering(
            "outcome_confirmed",
            "/add_something",
            intent="add_something",
            slots={"pending": pending},
        ),
        DOMAIN,
    )
    assert slot_values(events) == {
        "outcome_confirmed": None,
        "pending": {**pending, "adding": True},
    }

    text = "and the roses {why} were Jim's"
    events = await form.get_validation_events(
        CollectingDispatcher(),
        answering(
            "outcome_added", text, slots={"pending": {**pending, "adding": True}}, message_id="m-a"
        ),
        DOMAIN,
    )
    added = {**pending, "adding": False, "added": [quote(text, "m-a")]}
    assert slot_values(events) == {"outcome_added": None, "pending": added}

    dispatcher = CollectingDispatcher()
    await ActionAskOutcomeConfirmed().run(dispatcher, tracker(slots={"pending": added}), DOMAIN)
    assert texts(dispatcher)[-2:] == [
        "You added: “and the roses {why} were Jim's”",
        "utter_ask_outcome_confirmed",
    ]

    events = await form.get_validation_events(
        CollectingDispatcher(),
        answering("outcome_confirmed", "/affirm", intent="affirm", slots={"pending": added}),
        DOMAIN,
    )
    assert slot_values(events)["outcomes"] == [{**GARDEN, "added": [quote(text, "m-a")]}]


async def test_what_would_help_is_asked_of_each_thing_quoting_it_exactly() -> None:
    dispatcher = CollectingDispatcher()
    slots = {"outcomes": [GARDEN, BUS], "help_index": 1}
    await ActionAskOutcomeHelp().run(dispatcher, tracker(slots=slots), DOMAIN)
    assert texts(dispatcher) == ["What would help with “the bus into town {why}”?"]


async def run_help(slot: str, text: str, intent: str, **slots: Any) -> dict[str, Any]:
    events = await ValidateOutcomesForm().get_validation_events(
        CollectingDispatcher(),
        answering(slot, text, intent=intent, slots=slots, message_id=f"m-{slot}"),
        DOMAIN,
    )
    return slot_values(events)


async def test_help_and_who_for_each_thing_in_turn_then_done() -> None:
    two: dict[str, Any] = {
        "outcomes": [GARDEN, BUS],
        "more_outcomes": "no",
        "outcome_priority": "all",
    }
    values = await run_help("outcome_help", "a lift there", "inform", **two)
    helped: list[dict[str, Any]] = [
        {**GARDEN, "help": quote("a lift there", "m-outcome_help")},
        BUS,
    ]
    assert values == {"outcome_help": "a lift there", "outcomes": helped, "stage": "talking"}

    values = await run_help("outcome_who", "my son", "inform", **{**two, "outcomes": helped})
    first = {**helped[0], "who": quote("my son", "m-outcome_who")}
    assert values == {
        "help_index": 1,
        "outcome_help": None,
        "outcome_who": None,
        "outcomes": [first, BUS],
        "stage": "talking",
    }

    # The last thing: who could help is skipped, and the form is done.
    last = {**two, "outcomes": [first, {**BUS, "help": None}], "help_index": 1}
    values = await run_help("outcome_who", "skip", "skip", **last)
    assert values == {
        "outcome_who": SKIPPED,
        "outcomes": [first, {**BUS, "help": None, "who": None}],
    }


async def test_going_back_from_help_reopens_who_could_help_with_the_thing_before() -> None:
    first = {**GARDEN, "help": quote("a lift there"), "who": quote("my son")}
    slots = {"outcomes": [first, BUS], "more_outcomes": "no", "help_index": 1}
    values = await run_help("outcome_help", "go back", "go_back", **slots)
    assert values == {
        "outcome_help": "a lift there",
        "outcome_who": None,
        "help_index": 0,
        "outcomes": [{**GARDEN, "help": quote("a lift there")}, BUS],
    }
    # From the first thing's help: back to which matters most.
    values = await run_help("outcome_help", "go back", "go_back", **{**slots, "help_index": 0})
    assert values == {"outcome_help": None, "outcome_priority": None}


def test_an_answer_carries_the_question_it_answered_and_its_mark() -> None:
    answer = tracker("I'm no sure", slots={"requested_slot": "call_me"}, message_id="m-2")
    # What was said before the answer: a question, "I don't know", an example, the question again.
    answer.events[0:0] = [
        {"event": "bot", "text": "What would you like me to call you?"},
        {
            "event": "user",
            "text": "dunno",
            "message_id": "m-1",
            "parse_data": {"intent": {"name": "dont_know"}},
        },
        {"event": "bot", "text": "That's alright. For example, “Jean”."},
        {"event": "bot", "text": "What would you like me to call you? (again)"},
    ]
    answer.slots["examples_offered"] = ["call_me"]
    said = take_answer(answer, CollectingDispatcher())
    assert said == {
        **quote("I'm no sure", "m-2"),
        "asked": "What would you like me to call you? (again)",
        "follows": "prompt",
    }

    # A safety response met the message before: the answer follows a safety check.
    answer.slots["safety_flags"] = [{"quote": quote("dunno", "m-1")}]
    said = take_answer(answer, CollectingDispatcher())
    assert said is not None and said["follows"] == "safety_check"


async def drive(turns: list[tuple[str, str]]) -> tuple[list[str], dict[str, Any]]:
    """Say each (text, intent) to the question the outcomes form asks next, through its real
    validation: the questions it asked, and the slots at the end."""
    form = ValidateOutcomesForm()
    slots: dict[str, Any] = {"role": "person"}
    asked: list[str] = []
    for text, intent in turns:
        required = await form.required_slots(
            DOMAIN["forms"]["outcomes_form"]["required_slots"],
            CollectingDispatcher(),
            tracker(slots=slots),
            DOMAIN,
        )
        slot = next(name for name in required if slots.get(name) is None)
        asked.append(slot)
        events = await form.get_validation_events(
            CollectingDispatcher(),
            answering(slot, text, intent=intent, slots=slots, message_id=f"m-{len(asked)}"),
            DOMAIN,
        )
        slots = {**slots, slot: text, **slot_values(events)}
    return asked, slots


async def test_skipping_an_addition_and_going_back_from_which_matters_most() -> None:
    # The story "Skip what they wanted to add, and go back from which matters most" in
    # tests/bot/stories/test_conversation.yml, through the real form.
    asked, slots = await drive(
        [
            ("skip", "skip"),
            ("my cat", "inform"),
            ("she's company", "inform"),
            ("/add_something", "add_something"),
            ("skip", "skip"),
            ("/affirm", "affirm"),
            ("/affirm", "affirm"),
            ("the bowling club", "inform"),
            ("my pals are there", "inform"),
            ("/add_something", "add_something"),
            ("go back", "go_back"),
            ("/affirm", "affirm"),
            ("/deny", "deny"),
            ("go back", "go_back"),
            ("/deny", "deny"),
            *[("skip", "skip")] * 5,
        ]
    )
    assert asked == [
        "call_me", "outcome_what", "outcome_why", "outcome_confirmed", "outcome_added",
        "outcome_confirmed", "more_outcomes", "outcome_what", "outcome_why",
        "outcome_confirmed", "outcome_added", "outcome_confirmed", "more_outcomes",
        "outcome_priority", "more_outcomes", "outcome_priority", "outcome_help", "outcome_who",
        "outcome_help", "outcome_who",
    ]  # fmt: skip
    assert [o["what"]["text"] for o in slots["outcomes"]] == ["my cat", "the bowling club"]
    assert all(
        "added" not in o and o["help"] is None and o["who"] is None for o in slots["outcomes"]
    )
    required = await ValidateOutcomesForm().required_slots(
        DOMAIN["forms"]["outcomes_form"]["required_slots"],
        CollectingDispatcher(),
        tracker(slots=slots),
        DOMAIN,
    )
    assert all(slots.get(name) is not None for name in required)
