"""A carer's own conversation: started by a button or by the page, asked its own questions."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.life import ValidateLifeForm
from bot.actions.outcomes import ValidateOutcomesForm
from bot.actions.plan import build_payload, conversation_finished
from bot.actions.repair import SKIPPED
from bot.actions.welcome import ActionChooseCarer, ActionStartConversation
from contract.plan import BEFORE_WE_MEET, CARER_SECTIONS, PERSON_SECTIONS
from tests.bot.factories import DOMAIN, answering, quote, slot_values, texts, tracker

CARER = {"role": "carer"}


async def test_the_welcome_asks_whether_they_are_here_for_themselves_or_as_a_carer() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionStartConversation().run(dispatcher, tracker("hello"), DOMAIN)
    assert (events, texts(dispatcher)) == (
        [SlotSet("stage", "welcome")],
        ["utter_welcome", "utter_ask_ready"],
    )
    payloads = [b["payload"] for b in DOMAIN["responses"]["utter_ask_ready"][0]["buttons"]]
    assert payloads == ["/affirm", "/carer", "/deny"]


async def test_the_page_can_start_straight_in_the_carers_conversation() -> None:
    hello = tracker("hello")
    hello.latest_message["metadata"] = {"role": "carer"}
    dispatcher = CollectingDispatcher()
    events = await ActionStartConversation().run(dispatcher, hello, DOMAIN)
    assert events == [SlotSet("stage", "welcome"), SlotSet("role", "carer")]
    assert texts(dispatcher) == ["utter_welcome", "utter_ask_ready_carer"]


async def test_choosing_to_talk_as_a_carer() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionChooseCarer().run(dispatcher, tracker("/carer", intent="carer"), DOMAIN)
    assert (events, texts(dispatcher)) == ([SlotSet("role", "carer")], ["utter_carer_intro"])


@pytest.mark.parametrize(
    ("form", "slots", "questions"),
    [
        (
            ValidateOutcomesForm(),
            CARER,
            ["call_me", "cared_for", "cared_for_name", "cared_for_town", "caring_role",
             "caring_impact", "outcome_what", "outcome_why", "outcome_confirmed",
             "more_outcomes"],
        ),
        (
            ValidateOutcomesForm(),
            {},
            ["call_me", "outcome_what", "outcome_why", "outcome_confirmed", "more_outcomes"],
        ),
        (
            # "I want to add something": what they add is asked before confirming again.
            ValidateOutcomesForm(),
            {"pending": {"what": quote("my garden"), "adding": True}},
            ["call_me", "outcome_what", "outcome_why", "outcome_added", "outcome_confirmed",
             "more_outcomes"],
        ),
        (
            # One thing that matters, and no more: what would help with it, and who could.
            ValidateOutcomesForm(),
            {"outcomes": [{"what": quote("my garden"), "why": None}], "more_outcomes": "no"},
            ["call_me", "outcome_what", "outcome_why", "outcome_confirmed", "more_outcomes",
             "outcome_help", "outcome_who"],
        ),
        (
            # Two or more: which matters most comes first.
            ValidateOutcomesForm(),
            {"outcomes": [{"what": quote("my garden"), "why": None}] * 2, "more_outcomes": "no"},
            ["call_me", "outcome_what", "outcome_why", "outcome_confirmed", "more_outcomes",
             "outcome_priority", "outcome_help", "outcome_who"],
        ),
        (
            ValidateLifeForm(),
            CARER,
            ["working_well", "keep_caring", "emergency_plan", "future_care", "need_break",
             "person_matters", "person_matters_why", "strengths", "people",
             "what_would_help", "who_could_help", "look_again", "before_we_meet", *BEFORE_WE_MEET,
             "person_reference", "anything_else"],
        ),
        (
            ValidateLifeForm(),
            {},
            ["working_well", "not_working", "strengths", "people", "what_would_help",
             "who_could_help", "before_we_meet", *BEFORE_WE_MEET, "anything_else"],
        ),
        (
            # "No, skip these": none of them is asked.
            ValidateLifeForm(),
            {"before_we_meet": "no"},
            ["working_well", "not_working", "strengths", "people", "what_would_help",
             "who_could_help", "before_we_meet", "anything_else"],
        ),
        (
            # Something that matters was named: what would help was asked about each.
            ValidateLifeForm(),
            {"outcomes": [{"what": quote("my garden"), "why": None}]},
            ["working_well", "not_working", "strengths", "people", "before_we_meet",
             *BEFORE_WE_MEET, "anything_else"],
        ),
        (
            # A carer with no reference who named the person: may the worker match by name?
            ValidateLifeForm(),
            {**CARER, "person_reference": "none",
             "answers": {"cared_for_name": quote("Margaret")}},
            ["working_well", "keep_caring", "emergency_plan", "future_care", "need_break",
             "person_matters", "person_matters_why", "strengths", "people",
             "what_would_help", "who_could_help", "look_again", "before_we_meet", *BEFORE_WE_MEET,
             "person_reference", "match_consent", "anything_else"],
        ),
        (
            # No way to reach them given: whether it is safe to call is not asked.
            ValidateLifeForm(),
            {"before_we_meet": "yes", "contact": SKIPPED},
            ["working_well", "not_working", "strengths", "people", "what_would_help",
             "who_could_help", "before_we_meet",
             *(p for p in BEFORE_WE_MEET if p != "safe_to_contact"), "anything_else"],
        ),
    ],
)  # fmt: skip
async def test_each_role_is_asked_its_own_questions(
    form: Any, slots: dict[str, Any], questions: list[str]
) -> None:
    domain_slots = DOMAIN["forms"][form.name().removeprefix("validate_")]["required_slots"]
    asked = await form.required_slots(
        domain_slots, CollectingDispatcher(), tracker(slots=slots), DOMAIN
    )
    assert asked == questions


async def test_a_carers_answers_are_kept_in_their_words_with_provenance() -> None:
    text = "Mum 🌻 0[ {she's 84}"
    slots = await ValidateOutcomesForm().get_validation_events(
        CollectingDispatcher(),
        answering("cared_for", text, slots=CARER, message_id="m-c"),
        DOMAIN,
    )
    assert slot_values(slots) == {
        "cared_for": text,
        "answers": {"cared_for": quote(text, "m-c")},
        "stage": "talking",
    }


@pytest.mark.parametrize(
    ("text", "intent", "reference", "said"),
    [
        ("yes it's wm-ab2c3d", "inform", "WM-AB2C3D", ["utter_reference_noted"]),
        # Short enough to be heard as a command: a reference is still the answer.
        ("it's wm-ab2c3d", "help", "WM-AB2C3D", ["utter_reference_noted"]),
        ("skip wm-ab2c3d", "skip", "WM-AB2C3D", ["utter_reference_noted"]),
        ("WMK7P2QX", "inform", "WM-K7P2QX", ["utter_reference_noted"]),
        ("/deny", "deny", "none", []),
        ("WM-12", "inform", "none", ["utter_reference_not_found"]),
        ("no idea where it is", "inform", "none", []),
    ],
)
async def test_the_persons_reference_is_taken_if_given_and_never_asked_twice(
    text: str, intent: str, reference: str, said: list[str]
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ValidateLifeForm().get_validation_events(
        dispatcher, answering("person_reference", text, intent=intent, slots=CARER), DOMAIN
    )
    assert (slot_values(events), texts(dispatcher)) == ({"person_reference": reference}, said)


async def test_going_back_from_a_carers_first_outcome_reopens_how_caring_affects_them() -> None:
    slots = {**CARER, "caring_impact": "x", "answers": {"caring_impact": quote("x")}}
    events = await ValidateOutcomesForm().get_validation_events(
        CollectingDispatcher(), answering("outcome_what", "go back", intent="go_back", slots=slots),
        DOMAIN,
    )  # fmt: skip
    assert slot_values(events) == {
        "outcome_what": None,
        "caring_impact": None,
        "answers": {},
        "skipped": [],
    }


def test_a_carers_plan_carries_only_the_carers_parts_and_the_reference() -> None:
    answers = {section: quote(f"{section} words", f"m-{section}") for section in CARER_SECTIONS}
    slots: dict[str, Any] = {
        **CARER,
        **{section: f"{section} words" for section in CARER_SECTIONS},
        "answers": {**answers, "not_working": quote("not a carer's question")},
        "outcomes": [{"what": quote("sleep"), "why": None}],
        "skipped": [],
        "person_reference": "WM-AB2C3D",
    }
    finished = tracker(slots=slots)
    payload = build_payload(finished, reference="WM-ZZZZZZ")
    assert conversation_finished(finished)
    assert payload["role"] == "carer"
    assert payload["person_reference"] == "WM-AB2C3D"
    assert payload["sections"] == {section: [answers[section]] for section in CARER_SECTIONS}


@pytest.mark.parametrize(
    ("agreed", "unasked"),
    [
        # "No, skip these": none of the questions before we meet was asked, and none is owed.
        ({"before_we_meet": "no"}, set(BEFORE_WE_MEET)),
        # No way to reach them given: whether it is safe to call was never asked.
        ({"before_we_meet": "yes", "contact": SKIPPED}, {"safe_to_contact"}),
    ],
)
def test_questions_never_asked_do_not_keep_a_conversation_from_finishing(
    agreed: dict[str, str], unasked: set[str]
) -> None:
    slots: dict[str, Any] = {
        **{s: f"{s} words" for s in PERSON_SECTIONS if s not in unasked and s not in agreed},
        **agreed,
    }
    assert conversation_finished(tracker(slots=slots))
    missing = next(s for s in PERSON_SECTIONS if s not in unasked and s not in agreed)
    assert not conversation_finished(tracker(slots={**slots, missing: None}))
