"""Skip, go back, why, don't know, help, pause, questions: inside every question."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.codes import CodeState, get_resume_codes
from bot.actions.edit import ValidateEditForm
from bot.actions.life import ValidateLifeForm
from bot.actions.outcomes import ValidateOutcomesForm
from bot.actions.repair import SKIPPED, AnswerForm
from contract.formats import code_in
from contract.plan import PERSON_OPENING, PERSON_SECTIONS
from tests.bot.factories import DOMAIN, answering, quote, slot_values, texts

FORMS: dict[str, AnswerForm] = {
    "outcomes_form": ValidateOutcomesForm(),
    "life_form": ValidateLifeForm(),
    "edit_form": ValidateEditForm(),
}
# The forms' own questions; the safety response's step has its own tests (test_safety.py).
QUESTIONS = [
    (form, slot)
    for form in FORMS
    for slot in DOMAIN["forms"][form]["required_slots"]
    if slot != "safety_step"
]
OUTCOME = {"what": quote("my garden", "m-w"), "why": quote("peace", "m-y")}


async def run(
    form: str, slot: str, text: str, intent: str, **slots: object
) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await FORMS[form].get_validation_events(
        dispatcher, answering(slot, text, intent=intent, slots=dict(slots)), DOMAIN
    )
    return slot_values(events), texts(dispatcher)


@pytest.mark.parametrize(("form", "slot"), QUESTIONS)
async def test_why_are_you_asking_is_answered_for_every_question(form: str, slot: str) -> None:
    values, said = await run(form, slot, "why are you asking", "why_asking")
    assert values == {slot: None}
    [why] = said
    assert why.startswith("utter_why_") and why in DOMAIN["responses"]


@pytest.mark.parametrize(("form", "slot"), QUESTIONS)
async def test_help_and_hello_ask_the_same_question_again(form: str, slot: str) -> None:
    assert await run(form, slot, "help", "help") == ({slot: None}, ["utter_help"])
    assert await run(form, slot, "hiya", "greet") == ({slot: None}, ["utter_hello_again"])
    assert await run(form, slot, "/start", "start") == ({slot: None}, [])


@pytest.mark.parametrize(("form", "slot"), [q for q in QUESTIONS if q[1] != "anything_else"])
async def test_a_question_for_the_practitioner_is_kept_in_their_words(form: str, slot: str) -> None:
    values, said = await run(form, slot, "is the day centre open on sundays??", "question")
    assert values == {slot: None, "questions": [quote("is the day centre open on sundays??")]}
    assert said == ["utter_question_noted"]


@pytest.mark.parametrize(("form", "slot"), QUESTIONS)
async def test_pausing_gives_a_code_that_finds_the_conversation(form: str, slot: str) -> None:
    values, [said] = await run(form, slot, "stop for now", "pause")
    code = values["resume_code"]
    assert values == {slot: None, "resume_code": code}
    assert code_in(said) == code
    assert get_resume_codes().state(code) == (CodeState.FOUND, "conversation-1")


@pytest.mark.parametrize("heard", ["start_again", "delete_plan"])
@pytest.mark.parametrize(("form", "slot"), QUESTIONS)
async def test_start_again_asks_first(form: str, slot: str, heard: str) -> None:
    # "delete all of it" inside a question: start again, after asking; never kept as an answer.
    assert await run(form, slot, "start again", heard) == (
        {slot: None},
        ["utter_ask_confirm_restart"],
    )


@pytest.mark.parametrize("slot", ["outcome_what", "outcome_why", *PERSON_SECTIONS])
async def test_i_dont_know_offers_an_example_once_then_is_taken_as_the_answer(slot: str) -> None:
    form = "outcomes_form" if slot.startswith("outcome") or slot in PERSON_OPENING else "life_form"
    # How it affects their day is asked only once something not working was named.
    before = {"answers": {"not_working": quote("the stairs")}}
    values, said = await run(form, slot, "not sure", "dont_know", **before)
    assert values == {slot: None, "examples_offered": [slot]}
    assert said == [f"utter_example_{slot}"]
    values, said = await run(form, slot, "not sure", "dont_know", examples_offered=[slot], **before)
    assert values[slot] == "not sure"
    assert said == []


async def test_i_dont_know_to_a_yes_no_question_asks_for_yes_or_no() -> None:
    values, said = await run(
        "outcomes_form", "outcome_confirmed", "dunno", "dont_know", pending=OUTCOME
    )
    assert values == {"outcome_confirmed": None}
    assert said == ["utter_please_choose"]


async def test_answers_with_command_words_are_answers() -> None:
    text = "I want to stop feeling so lonely, skip the small talk"
    values, said = await run("outcomes_form", "outcome_what", text, "inform")
    assert values["outcome_what"] == text
    assert values["pending"] == {"what": quote(text)}
    assert said == []


async def test_skipping_what_matters_moves_on_and_is_recorded() -> None:
    values, said = await run("outcomes_form", "outcome_what", "skip", "skip")
    assert values == {
        "outcome_what": SKIPPED,
        "outcome_why": SKIPPED,
        "outcome_confirmed": SKIPPED,
        "more_outcomes": "no",
        "pending": {},
        "skipped": ["what_matters"],
    }
    assert said == ["utter_skipped"]


async def test_skipping_why_keeps_the_outcome_without_it() -> None:
    values, _ = await run(
        "outcomes_form", "outcome_why", "pass", "skip", pending={"what": OUTCOME["what"]}
    )
    assert values == {
        "outcome_why": SKIPPED,
        "pending": {"what": OUTCOME["what"], "why": None},
        "skipped": ["why_it_matters"],
    }


async def test_skipping_another_outcome_ends_what_matters_without_recording_a_skip() -> None:
    values, _ = await run("outcomes_form", "outcome_what", "skip", "skip", outcomes=[OUTCOME])
    assert values["more_outcomes"] == "no"
    assert "skipped" not in values


@pytest.mark.parametrize("section", PERSON_SECTIONS)
async def test_skipping_a_section_is_recorded_and_moves_on(section: str) -> None:
    answers = {section: quote("old words")}
    values, said = await run("life_form", section, "rather not say", "skip", answers=answers)
    assert values == {section: SKIPPED, "answers": {}, "skipped": [section]}
    assert said == ["utter_skipped"]


async def test_going_back_asks_the_question_before_and_forgets_its_answer() -> None:
    answers = {"working_well": quote("carers"), "people": quote("Jean")}
    values, said = await run(
        "life_form", "not_working", "go back", "go_back", answers=answers, skipped=["strengths"]
    )
    assert values == {
        "not_working": None,
        "working_well": None,
        "answers": {"people": quote("Jean")},
        "skipped": ["strengths"],
    }
    assert said == ["utter_going_back"]


async def test_there_is_no_going_back_from_the_first_question_of_a_part() -> None:
    assert await run("life_form", "working_well", "back", "go_back") == (
        {"working_well": None},
        ["utter_cannot_go_back"],
    )
    assert await run("outcomes_form", "outcome_what", "back", "go_back") == (
        {"outcome_what": None},
        ["utter_cannot_go_back"],
    )


async def test_going_back_from_why_asks_what_matters_again() -> None:
    values, _ = await run(
        "outcomes_form", "outcome_why", "go back", "go_back", pending={"what": OUTCOME["what"]}
    )
    assert values == {"outcome_why": None, "outcome_what": None, "pending": {}}


async def test_going_back_from_anything_else_reopens_the_last_outcome() -> None:
    earlier = {"what": quote("dog"), "why": quote("company")}
    values, _ = await run(
        "outcomes_form", "more_outcomes", "go back", "go_back", outcomes=[earlier, OUTCOME]
    )
    assert values == {
        "more_outcomes": None,
        "outcomes": [earlier],
        "pending": OUTCOME,
        "outcome_what": "my garden",
        "outcome_why": "peace",
        "outcome_confirmed": None,
    }


async def test_skipping_a_change_leaves_the_draft_as_it_was() -> None:
    values, _ = await run("edit_form", "edit_what", "skip", "skip", edit_target="people")
    assert values == {"edit_target": SKIPPED, "edit_what": SKIPPED, "edit_why": SKIPPED}


async def test_a_question_asked_at_anything_else_is_the_answer_and_a_question() -> None:
    values, said = await run("life_form", "anything_else", "when is the worker coming?", "question")
    assert values["anything_else"] == "when is the worker coming?"
    assert values["answers"]["anything_else"] == quote("when is the worker coming?")
    assert values["questions"] == [quote("when is the worker coming?")]
    assert said[-2:] == ["utter_answer_next", "utter_question_kept"]
    assert "utter_question_noted" not in said


@pytest.mark.parametrize(
    ("slot", "text", "heard"),
    [
        ("contact", "ask for Nan on 07700 900123", "skip"),
        ("contact", "nan.smith@example.org", "greet"),
        ("anything_else", "phone me on 0141 496 0000", "pause"),
        ("meet_when", "mornings", "greet"),
        ("meet_when", "Tuesdays after 2pm", "skip"),
        # Heard as a question, but asked without a question mark.
        ("meet_when", "can you come tuesday mornings", "question"),
        ("contact", "can you ring me on 07700 900123", "question"),
    ],
)
async def test_a_number_an_email_or_a_time_is_the_answer_whatever_was_heard(
    slot: str, text: str, heard: str
) -> None:
    values, _ = await run("life_form", slot, text, heard)
    assert values[slot] == text
    assert values["answers"][slot] == quote(text)


async def test_a_code_with_digits_is_still_a_code() -> None:
    values, _ = await run("life_form", "contact", "resume 2345 6789 ABCD EFGH", "resume")
    assert values == {"contact": None}


async def test_adding_to_the_last_answer_goes_back_to_it() -> None:
    values, said = await run(
        "life_form", "strengths", "Can I add something to the last one?", "add_something"
    )
    assert said == ["utter_going_back"]
    assert values["strengths"] is None and values["not_working"] is None
