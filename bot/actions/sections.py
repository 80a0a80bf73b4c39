"""Free-text sections (one answer each), as asked inside the outcomes and life forms."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.acknowledge import acknowledge
from bot.actions.names import name_in
from bot.actions.plan import answers_of
from bot.actions.quotes import fill, intent_of, response_text, take_answer
from bot.actions.repair import SKIPPED, note_skipped
from bot.actions.state import Slots, easy_read_of
from contract.conversation import Slot, Stage
from contract.plan import Part

# "No" to "anything else?" is not something to put in a plan as the person's words.
_NOTHING_TO_ADD = (Part.ANYTHING_ELSE,)
_SHORT_NO_WORDS = 4


def skip_section(section: str, tracker: Tracker) -> Slots:
    answers = answers_of(tracker)
    answers.pop(section, None)
    return {section: SKIPPED, "answers": answers, "skipped": note_skipped(tracker, section)}


def reopen_section(section: str, tracker: Tracker) -> Slots:
    """Ask `section` again: its answer, or its being skipped, is forgotten."""
    answers = answers_of(tracker)
    answers.pop(section, None)
    skipped = [s for s in tracker.get_slot("skipped") or [] if s != section]
    return {section: None, "answers": answers, "skipped": skipped}


class SectionValidation:
    """`validate_<section>` for every free-text section (rasa-sdk looks them up by name), all
    validated the same way. A new section needs its method here."""

    async def validate_working_well(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.WORKING_WELL, dispatcher, tracker)

    async def validate_not_working(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.NOT_WORKING, dispatcher, tracker)

    async def validate_not_working_effect(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.NOT_WORKING_EFFECT, dispatcher, tracker)

    async def validate_strengths(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.STRENGTHS, dispatcher, tracker)

    async def validate_people(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.PEOPLE, dispatcher, tracker)

    async def validate_what_would_help(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.WHAT_WOULD_HELP, dispatcher, tracker)

    async def validate_who_could_help(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.WHO_COULD_HELP, dispatcher, tracker)

    async def validate_anything_else(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.ANYTHING_ELSE, dispatcher, tracker)

    async def validate_typing(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.TYPING, dispatcher, tracker)

    async def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.CONTACT, dispatcher, tracker)

    async def validate_safe_to_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.SAFE_TO_CONTACT, dispatcher, tracker)

    async def validate_meet_how(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.MEET_HOW, dispatcher, tracker)

    async def validate_meet_when(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.MEET_WHEN, dispatcher, tracker)

    async def validate_communication(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.COMMUNICATION, dispatcher, tracker)

    async def validate_at_the_visit(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.AT_THE_VISIT, dispatcher, tracker)

    async def validate_not_involved(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.NOT_INVOLVED, dispatcher, tracker)

    async def validate_may_talk_to(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.MAY_TALK_TO, dispatcher, tracker)

    async def validate_call_me(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        slots = await self.validate_section(Part.CALL_ME, dispatcher, tracker)
        name = name_in(str(slots.get(Part.CALL_ME) or ""))
        if name is not None and Part.CALL_ME in (slots.get("answers") or {}):
            template = response_text(domain, "utter_call_me_noted", easy_read=easy_read_of(tracker))
            dispatcher.utter_message(text=fill(template, name=name))
        return slots

    async def validate_cared_for_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.CARED_FOR_NAME, dispatcher, tracker)

    async def validate_cared_for_town(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.CARED_FOR_TOWN, dispatcher, tracker)

    async def validate_town(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.TOWN, dispatcher, tracker)

    async def validate_cared_for(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.CARED_FOR, dispatcher, tracker)

    async def validate_caring_role(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.CARING_ROLE, dispatcher, tracker)

    async def validate_caring_impact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.CARING_IMPACT, dispatcher, tracker)

    async def validate_person_matters(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.PERSON_MATTERS, dispatcher, tracker)

    async def validate_person_matters_why(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.PERSON_MATTERS_WHY, dispatcher, tracker)

    async def validate_keep_caring(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.KEEP_CARING, dispatcher, tracker)

    async def validate_emergency_plan(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.EMERGENCY_PLAN, dispatcher, tracker)

    async def validate_future_care(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.FUTURE_CARE, dispatcher, tracker)

    async def validate_look_again(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.LOOK_AGAIN, dispatcher, tracker)

    async def validate_need_break(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        return await self.validate_section(Part.NEED_BREAK, dispatcher, tracker)

    async def validate_section(
        self, section: Part, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Slots:
        quote = take_answer(tracker, dispatcher)
        if quote is None:
            return {section: None}
        text = quote["text"] or ""
        if (
            section in _NOTHING_TO_ADD
            and intent_of(tracker) == "deny"
            and len(text.split()) <= _SHORT_NO_WORDS
        ):
            return {section: text}
        answers = answers_of(tracker)
        answers[section] = quote
        acknowledge(dispatcher, tracker, text)
        return {section: text, "answers": answers, Slot.STAGE: Stage.TALKING.value}
