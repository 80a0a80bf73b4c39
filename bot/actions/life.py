"""Life just now, strengths, people, what would help, anything else: one answer per section.

A carer is asked, instead of what is working and what is not, about keeping on caring, an
emergency, and a break; and, before "anything else", for the plan reference of the person
they look after, if they have it (with none, and a name given for that person, whether the
worker may use the name and where they live to look for their plan: MATCH_CONSENT).

Before "anything else", "before we meet": asked whether they will answer a few questions that
help the worker reach them and prepare (BEFORE_WE_MEET); a "no" leaves all of them unasked, and
whether it is safe to call is not asked of someone who gave no way to reach them.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.plan import answers_of, asked_sections, role_of
from bot.actions.quotes import intent_of
from bot.actions.repair import AnswerForm
from bot.actions.sections import SectionValidation, reopen_section, skip_section
from bot.actions.state import (
    BEFORE_WE_MEET_SLOT,
    MATCH_CONSENT,
    NOT_BEFORE_WE_MEET,
    PERSON_REFERENCE,
    Slots,
)
from contract.formats import REFERENCE_PREFIX, TYPED_REFERENCE
from contract.plan import (
    BEFORE_WE_MEET,
    CARER_LIFE,
    NO_REFERENCE,
    PERSON_OPENING,
    PERSON_SECTIONS,
    Part,
    Role,
)

REFERENCE_SLOT = PERSON_REFERENCE
# Days and times of day: at "What days or times suit you best?", an answer.
TIMES = re.compile(
    r"\b(?:mornings?|afternoons?|evenings?|nights?|weekends?|weekdays?|lunch ?time|tea ?time"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|any ?time|\d{1,2}(?::\d{2})? ?(?:am|pm)"
    r"|o'?clock)\b",
    re.IGNORECASE,
)


def life_slots(tracker: Tracker) -> list[str]:
    """The questions of this part of the conversation, in order."""
    carer = role_of(tracker) is Role.CARER
    asked = asked_sections(tracker)
    slots: list[str] = []
    for part in CARER_LIFE if carer else PERSON_SECTIONS:
        if part in PERSON_OPENING:
            continue  # asked before what matters, in the outcomes form
        if part == BEFORE_WE_MEET[0]:
            slots.append(BEFORE_WE_MEET_SLOT)
        if part == Part.ANYTHING_ELSE and carer:
            slots.append(REFERENCE_SLOT)
            if _may_ask_to_match(tracker):
                slots.append(MATCH_CONSENT)
        if part in asked:
            slots.append(part.value)
    return slots


def _may_ask_to_match(tracker: Tracker) -> bool:
    """A carer with no reference for the person's plan, who gave the person's name: may the
    worker use it, and where they live, to find that plan?"""
    return tracker.get_slot(REFERENCE_SLOT) == NO_REFERENCE and bool(
        answers_of(tracker).get(Part.CARED_FOR_NAME)
    )


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
        if slot == MATCH_CONSENT:
            return {MATCH_CONSENT: "no"}
        return skip_section(slot, tracker)

    def go_back(self, slot: str, tracker: Tracker) -> Slots | None:
        order = life_slots(tracker)
        index = order.index(slot)
        if index == 0:
            return None
        previous = order[index - 1]
        if previous == REFERENCE_SLOT:
            # Asked again, and then (if no reference is given) whether to match by name.
            return {previous: None, MATCH_CONSENT: None}
        if previous in (MATCH_CONSENT, BEFORE_WE_MEET_SLOT):
            return {previous: None}
        return reopen_section(previous, tracker)

    def plainly_an_answer(self, slot: str, tracker: Tracker) -> bool:
        text = str(tracker.latest_message.get("text") or "")
        if slot == REFERENCE_SLOT:
            # "it's wm-7f3k2q" is short enough to be heard as a command; a reference is an answer.
            return TYPED_REFERENCE.search(text.upper()) is not None
        if slot == Part.MEET_WHEN and TIMES.search(text):
            # "mornings" is heard as a greeting; at "what times suit you?" it is the answer.
            return True
        return super().plainly_an_answer(slot, tracker)

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

    async def validate_match_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        intent = intent_of(tracker)
        if intent in ("affirm", "deny"):
            dispatcher.utter_message(response=f"utter_match_consent_{intent}")
            return {MATCH_CONSENT: "yes" if intent == "affirm" else "no"}
        dispatcher.utter_message(response="utter_please_choose")
        return {MATCH_CONSENT: None}

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
