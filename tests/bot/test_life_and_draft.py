from __future__ import annotations

import pytest
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.draft import ActionDeleteDraft, ActionShowDraft
from bot.actions.life import ValidateLifeForm, life_slots
from bot.actions.repair import SKIPPED
from contract.plan import BEFORE_WE_MEET, HEADINGS_FIRST_PERSON, PERSON_SECTIONS
from tests.bot.factories import DOMAIN, finished_slots, quote, texts, tracker


async def test_every_section_keeps_the_answer_with_its_provenance() -> None:
    form = ValidateLifeForm()
    for section in PERSON_SECTIONS:
        text = f"{{{section}}} 0[ 🌻"
        slots = await getattr(form, f"validate_{section}")(
            text, CollectingDispatcher(), tracker(text, message_id=f"m-{section}"), DOMAIN
        )
        answers = {section: quote(text, f"m-{section}")}
    assert slots == {section: text, "answers": answers, "stage": "talking"}


async def test_a_plain_no_to_anything_else_adds_nothing_to_the_plan() -> None:
    slots = await ValidateLifeForm().validate_anything_else(
        "No thanks", CollectingDispatcher(), tracker("No thanks", intent="deny"), DOMAIN
    )
    assert slots == {"anything_else": "No thanks"}


async def test_a_no_with_something_to_say_is_kept() -> None:
    text = "no, but when will someone come? my daughter wants to be there"
    slots = await ValidateLifeForm().validate_anything_else(
        text, CollectingDispatcher(), tracker(text, intent="deny"), DOMAIN
    )
    assert slots["answers"] == {"anything_else": quote(text)}


async def test_a_no_to_other_questions_is_the_persons_answer() -> None:
    slots = await ValidateLifeForm().validate_not_working(
        "no", CollectingDispatcher(), tracker("no", intent="deny"), DOMAIN
    )
    assert slots["answers"] == {"not_working": quote("no")}


async def test_the_draft_quotes_every_section_exactly() -> None:
    dispatcher = CollectingDispatcher()
    answers = finished_slots()["answers"]
    del answers["anything_else"]
    events = await ActionShowDraft().run(
        dispatcher, tracker(slots=finished_slots(answers=answers)), DOMAIN
    )
    assert texts(dispatcher) == [
        "utter_draft_intro",
        "What matters to me:\n1. “my garden 0[”\n    Why: “it's me”"
        "\n    What would help with this: “a lift to the allotment”"
        "\n    Who could help with this: “my son {Tam}”",
        "What to call me:\n“call_me words”",
        "What is working well:\n“working_well words”",
        "What is not working so well:\n“not_working words”",
        "How that affects my day:\n“not_working_effect words”",
        "My strengths:\n“strengths words”",
        "People, places and groups that matter to me:\n“people words”",
        "What would help:\n“what_would_help words”",
        "Who could help:\n“who_could_help words”",
        *(f"{HEADINGS_FIRST_PERSON[part]}:\n“{part} words”" for part in BEFORE_WE_MEET),
        "Anything else, and my questions:\nYou chose to skip this.",
        "utter_ask_review",
    ]
    assert events == [SlotSet("stage", "review")]


async def test_the_draft_shows_everything_that_will_be_sent() -> None:
    # A skipped "why", a question the person asked, and what the safety response kept: the
    # person sees all of it before sending, as the practitioner will.
    dispatcher = CollectingDispatcher()
    slots = finished_slots(
        outcomes=[{"what": quote("my garden 0[", "msg-w"), "why": None}],
        questions=[quote("when will {someone} come?", "msg-q")],
        safety_flags=[
            {"quote": quote("my son takes my pension", "msg-s"), "level": "harm"},
            {"quote": quote("the bills scare me", "msg-b"), "level": "concern"},
        ],
    )
    await ActionShowDraft().run(dispatcher, tracker(slots=slots), DOMAIN)
    shown = texts(dispatcher)
    assert shown[1] == "What matters to me:\n1. “my garden 0[”\n    Why: You chose to skip this."
    assert shown[-3:] == [
        "My questions for the worker:\n“when will {someone} come?”",
        "What I said that the worker will follow up:\n"
        "“my son takes my pension”\nMarked urgent\n"
        "“the bills scare me”\nFor the worker to ask me about",
        "utter_ask_review",
    ]


async def test_there_is_no_draft_before_the_conversation_is_finished() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionShowDraft().run(
        dispatcher, tracker(slots=finished_slots(anything_else=None)), DOMAIN
    )
    assert texts(dispatcher) == ["utter_not_finished"]
    assert events == []


async def test_deleting_forgets_everything() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionDeleteDraft().run(dispatcher, tracker(slots=finished_slots()), DOMAIN)
    assert events == [AllSlotsReset()]
    assert texts(dispatcher) == ["utter_deleted"]


@pytest.mark.parametrize(
    ("not_working", "asked"),
    [("the stairs, and the bus", True), ("No.", False), ("nothing really", False), (None, False)],
)
def test_how_it_affects_their_day_follows_only_something_not_working(
    not_working: str | None, asked: bool
) -> None:
    answers = {"not_working": quote(not_working)} if not_working else {}
    slots = {"answers": answers, "not_working": not_working or SKIPPED}
    assert ("not_working_effect" in life_slots(tracker(slots=slots))) is asked
