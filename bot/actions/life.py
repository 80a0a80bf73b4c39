"""Life just now, strengths, people, what would help, anything else: one answer per section.

A carer is asked, instead of what is working and what is not, about keeping on caring, an
emergency, and a break; and, before "anything else", for the plan reference of the person
they look after, if they have it.

Before "anything else", "before we meet": asked whether they will answer a few questions that
help the worker reach them and prepare (BEFORE_WE_MEET); a "no" leaves all of them unasked, and
whether it is safe to call is not asked of someone who gave no way to reach them.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.plan import asked_sections, role_of
from bot.actions.quotes import intent_of
from bot.actions.repair import AnswerForm
from bot.actions.sections import SectionValidation, reopen_section, skip_section
from bot.actions.state import BEFORE_WE_MEET_SLOT, NOT_BEFORE_WE_MEET, PERSON_REFERENCE, Slots
from contract.formats import REFERENCE_PREFIX, TYPED_REFERENCE
from contract.plan import BEFORE_WE_MEET, CARER_LIFE, NO_REFERENCE, PERSON_SECTIONS, Part, Role

REFERENCE_SLOT = PERSON_REFERENCE


def life_slots(tracker: Tracker) -> list[str]:
    """The questions of this part of the conversation, in order."""
    carer = role_of(tracker) is Role.CARER
    asked = asked_sections(tracker)
    slots: list[str] = []
    for part in CARER_LIFE if carer else PERSON_SECTIONS:
        if part == BEFORE_WE_MEET[0]:
            slots.append(BEFORE_WE_MEET_SLOT)
        if part == Part.ANYTHING_ELSE and carer:
            slots.append(REFERENCE_SLOT)
        if part in asked:
            slots.append(part.value)
    return slots


class ValidateLifeForm(SectionValidation, AnswerForm):
    def name(self) -> str:
        return "validate_life_form"

    async def question_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        return life_slots(tracker)

    def skip(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        if slot == REFERENCE_SLOT:
            return {REFERENCE_SLOT: NO_REFERENCE}
        if slot == BEFORE_WE_MEET_SLOT:
            return {BEFORE_WE_MEET_SLOT: NOT_BEFORE_WE_MEET}
        return skip_section(slot, tracker)

    def go_back(self, slot: str, tracker: Tracker) -> Slots | None:
        order = life_slots(tracker)
        index = order.index(slot)
        if index == 0:
            return None
        previous = order[index - 1]
        if previous in (REFERENCE_SLOT, BEFORE_WE_MEET_SLOT):
            return {previous: None}
        return reopen_section(previous, tracker)

    def plainly_an_answer(self, slot: str, tracker: Tracker) -> bool:
        # "it's wm-7f3k2q" is short enough to be heard as a command; a reference is an answer.
        text = str(tracker.latest_message.get("text") or "")
        return slot == REFERENCE_SLOT and TYPED_REFERENCE.search(text.upper()) is not None

    async def validate_before_we_meet(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        intent = intent_of(tracker)
        if intent == "affirm":
            return {BEFORE_WE_MEET_SLOT: "yes"}
        if intent == "deny":
            return {BEFORE_WE_MEET_SLOT: NOT_BEFORE_WE_MEET}
        dispatcher.utter_message(response="utter_please_choose")
        return {BEFORE_WE_MEET_SLOT: None}

    async def validate_person_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        """The person's plan reference, if the carer has it. A reference, not the carer's words:
        it is kept in a standard form, to find the person's plan."""
        found = TYPED_REFERENCE.search(str(value).upper())
        if found:
            dispatcher.utter_message(response="utter_reference_noted")
            return {REFERENCE_SLOT: REFERENCE_PREFIX + found.group(1)}
        if "WM" in str(value).upper():
            # Never asked twice: a worker can link the two plans later.
            dispatcher.utter_message(response="utter_reference_not_found")
        return {REFERENCE_SLOT: NO_REFERENCE}
