"""Questions the person asks are kept for the worker in their words, wherever they are asked,
and the few the assistant can honestly answer get a short, fixed answer."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.life import ValidateLifeForm
from bot.actions.outcomes import ValidateOutcomesForm
from bot.actions.questions import answer_topic
from bot.actions.repair import AnswerForm
from contract.plan import Part
from tests.bot.factories import DOMAIN, answering, quote, slot_values, texts


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Will I have to pay for any of this?", "charge"),
        ("how much does a carer cost", "charge"),
        ("Does Mum have to know what I said here?", "privacy"),
        ("who sees this", "privacy"),
        ("Will somebody come to the house to see me or is it all on the phone now?", "next"),
        ("what happens after i send it?", "next"),
        ("is the day centre open on sundays?", None),
        ("can i bring my dog to the lunch club?", None),
    ],
)
def test_the_fixed_answers_fit_the_question(question: str, topic: str | None) -> None:
    assert answer_topic(question) == topic


def _gated(guess: str) -> list[dict[str, Any]]:
    """The ranking the command gate leaves of a long message: "inform", the NLU's guess second."""
    return [{"name": "inform", "confidence": 0.4}, {"name": guess, "confidence": 0.6}]


async def _answer(
    form: AnswerForm, slot: str, text: str, guess: str
) -> tuple[dict[str, Any], list[str]]:
    tracker = answering(slot, text, intent="inform")
    tracker.latest_message["intent_ranking"] = _gated(guess)
    dispatcher = CollectingDispatcher()
    events = await form.get_validation_events(dispatcher, tracker, DOMAIN)
    return slot_values(events), texts(dispatcher)


async def test_a_long_question_is_a_question_though_the_gate_took_it_as_an_answer() -> None:
    text = "Will somebody come to the house to see me or is it all on the phone now?"

    values, said = await _answer(ValidateLifeForm(), "working_well", text, "question")

    # Not the answer to "what is working well": kept as a question, and the question asked again.
    assert values == {"working_well": None, "questions": [quote(text)]}
    assert said == ["utter_answer_next", "utter_question_kept"]


async def test_a_question_by_its_shape_is_kept_even_when_the_nlu_guessed_otherwise() -> None:
    text = "Does Mum have to know what I said here?"

    values, said = await _answer(ValidateOutcomesForm(), "outcome_what", text, "inform")

    assert values == {"outcome_what": None, "questions": [quote(text)]}
    assert said == ["utter_answer_privacy", "utter_question_kept"]


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        # Answers, whatever their punctuation.
        ("can't walk far these days?", "inform"),
        ("my garden? my garden, and my dog", "inform"),
        # Another command, said at length: asked why, not a question for the worker.
        ("why do you need to know about my family?", "why_asking"),
    ],
)
async def test_an_answer_or_another_command_is_not_a_question(text: str, guess: str) -> None:
    values, said = await _answer(ValidateLifeForm(), "working_well", text, guess)

    assert "questions" not in values
    assert "utter_question_kept" not in said and "utter_question_noted" not in said


@pytest.mark.parametrize(
    "text",
    [
        "Willin, aye. Able? Depends on the day.",
        "My routine, mostly. Is that the kind of thing you mean?",
    ],
)
async def test_a_question_beside_an_answer_keeps_both(text: str) -> None:
    # The gate took it as an answer for being long; a question by its shape.
    values, said = await _answer(ValidateLifeForm(), "working_well", text, "question")

    assert values["working_well"] == text
    assert values["answers"][Part.WORKING_WELL]["text"] == text
    assert values["questions"] == [quote(text)]
    assert said == ["utter_question_kept"]


async def test_a_short_question_beside_an_answer_keeps_both() -> None:
    text = "My garden. Will it cost anything?"
    tracker = answering("working_well", text, intent="question")
    dispatcher = CollectingDispatcher()

    events = await ValidateLifeForm().get_validation_events(dispatcher, tracker, DOMAIN)

    values = slot_values(events)
    assert values["working_well"] == text
    assert values["answers"][Part.WORKING_WELL]["text"] == text
    assert values["questions"] == [quote(text)]
    assert texts(dispatcher) == ["utter_answer_charge", "utter_question_kept"]


@pytest.mark.parametrize(
    "text",
    ["When is my assessment?", "Hi. When is my assessment?", "no idea, when will they come?"],
)
async def test_a_question_alone_is_not_kept_as_the_answer(text: str) -> None:
    values, said = await _answer(ValidateLifeForm(), "working_well", text, "question")

    assert values == {"working_well": None, "questions": [quote(text)]}
    assert said == ["utter_answer_next", "utter_question_kept"]


async def test_an_answer_heard_as_a_question_without_its_shape_is_the_answer() -> None:
    # Neither a question mark nor a question word first: "a visit at home" answers the question.
    tracker = answering("meet_how", "a visit at home", intent="question")
    dispatcher = CollectingDispatcher()

    values = slot_values(
        await ValidateLifeForm().get_validation_events(dispatcher, tracker, DOMAIN)
    )

    assert values["meet_how"] == "a visit at home"
    assert "questions" not in values
    assert texts(dispatcher) == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("how long will this take", ["utter_answer_next", "utter_question_kept"]),
        ("who reads this", ["utter_answer_privacy", "utter_question_kept"]),
        ("do yous do overnight sitters", ["utter_question_noted"]),
        ("will my son see what i put", ["utter_answer_privacy", "utter_question_kept"]),
        ("dae ah hiv tae pay fur it", ["utter_answer_charge", "utter_question_kept"]),
    ],
)
async def test_a_plain_question_without_a_question_mark_is_a_question(
    text: str, said: list[str]
) -> None:
    # Heard as an answer (or not understood): its shape says it is asked.
    values, replies = await _answer(ValidateLifeForm(), "working_well", text, "inform")

    assert values == {"working_well": None, "questions": [quote(text)]}
    assert replies == said


@pytest.mark.parametrize(
    "text",
    [
        "What would help is a lift to the club on a Thursday",
        "what gets me through is my dog",
        "do the garden",
        "have my grandkids over at the weekend",
        "can't walk far these days",
        "how to get out a bit more",
    ],
)
async def test_an_answer_that_begins_like_a_question_is_the_answer(text: str) -> None:
    values, said = await _answer(ValidateLifeForm(), "working_well", text, "inform")

    assert values["working_well"] == text
    assert "questions" not in values
    assert said == []


async def test_a_question_without_a_mark_beside_an_answer_keeps_both() -> None:
    text = "can you tell the worker my feet are giving me gyp. I'd love a chiropodist."

    values, said = await _answer(ValidateLifeForm(), "not_working", text, "inform")

    assert values["not_working"] == text
    assert values["questions"] == [quote(text)]
    assert said == ["utter_question_kept"]
