"""Easy Read: chosen on the page, kept for the conversation, and in every response's wording."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.quotes import response_text
from bot.actions.reading import ActionReadMode
from contract.conversation import Slot
from tests.bot.factories import DOMAIN, slot_values, tracker


async def _run(metadata: dict[str, Any] | None, slots: dict[str, Any]) -> dict[str, Any]:
    conversation = tracker("my garden", slots=slots)
    if metadata is not None:
        conversation.latest_message["metadata"] = metadata
    events = await ActionReadMode().run(CollectingDispatcher(), conversation, DOMAIN)
    return slot_values(events)


async def test_the_page_switches_easy_read_on_and_off_mid_conversation() -> None:
    assert await _run({"easy_read": True}, {"easy_read": False}) == {Slot.EASY_READ: True}
    assert await _run({"easy_read": False}, {"easy_read": True}) == {Slot.EASY_READ: False}


@pytest.mark.parametrize(
    "metadata",
    [None, {}, {"role": "carer"}, {"easy_read": "yes"}, {"easy_read": True}],
)
async def test_a_message_without_a_new_choice_keeps_the_conversations(
    metadata: dict[str, Any] | None,
) -> None:
    # Another device, a resume code, the terminal chat: the choice stays as it was.
    assert await _run(metadata, {"easy_read": True}) == {}


def _easy(variation: dict[str, Any]) -> bool:
    return {"type": "slot", "name": "easy_read", "value": True} in (
        variation.get("condition") or []
    )


# Responses that are not messages of their own: a button's title, and parts of the draft that
# are the person's words under their own heading.
_NOT_MESSAGES = {
    "utter_edit_outcome_button",
    "utter_draft_outcome",
    "utter_draft_outcome_no_why",
    "utter_draft_section",
    "utter_nothing_here",
    # Quoted by bot/actions/reminder.py, which has no tracker to choose by.
    "utter_reminder_outcome",
}


def test_every_question_and_every_response_with_buttons_has_an_easy_read_variation() -> None:
    needing = {
        name
        for name, variations in DOMAIN["responses"].items()
        if name.startswith(("utter_ask_", "utter_why_", "utter_example_"))
        or any(v.get("buttons") for v in variations)
    } - _NOT_MESSAGES
    missing = sorted(n for n in needing if not any(_easy(v) for v in DOMAIN["responses"][n]))
    assert missing == []


def test_easy_read_buttons_carry_the_same_commands() -> None:
    for name, variations in DOMAIN["responses"].items():
        plain = [v for v in variations if not _easy(v) and v.get("buttons")]
        for easy in (v for v in variations if _easy(v) and v.get("buttons")):
            payloads = [b["payload"] for b in easy["buttons"]]
            assert any(payloads == [b["payload"] for b in p["buttons"]] for p in plain), name


def test_plain_and_easy_read_variations_never_match_the_same_conversation() -> None:
    # Rasa picks at random among the conditional variations that match: a plain variation with
    # a condition must also say easy_read is false, or Easy Read would come out half the time.
    for name, variations in DOMAIN["responses"].items():
        for variation in variations:
            condition = variation.get("condition") or []
            if condition and not _easy(variation):
                assert {"type": "slot", "name": "easy_read", "value": False} in condition, name


def test_easy_read_keeps_the_placeholders_its_action_fills() -> None:
    placeholder = re.compile(r"\{(\w+)\}")
    for name, variations in DOMAIN["responses"].items():
        plain = {frozenset(placeholder.findall(v["text"])) for v in variations if not _easy(v)}
        for easy in (v for v in variations if _easy(v)):
            assert frozenset(placeholder.findall(easy["text"])) in plain, name


def test_actions_quote_into_the_easy_read_wording_when_it_is_chosen() -> None:
    plain = response_text(DOMAIN, "utter_reflect_back_no_why")
    easy = response_text(DOMAIN, "utter_reflect_back_no_why", easy_read=True)
    assert plain.startswith("Thank you. Here is what I heard.")
    assert easy.startswith("Thank you. This is what I heard.")
    # A response with no Easy Read variation is said plainly.
    assert response_text(DOMAIN, "utter_draft_section", easy_read=True) == "{section}:\n“{text}”"
