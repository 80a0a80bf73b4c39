"""What matters to the person, and why: asked, reflected back in their words, confirmed."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.acknowledge import acknowledge
from bot.actions.plan import outcomes_of, role_of
from bot.actions.quotes import fill, intent_of, response_text, take_answer
from bot.actions.repair import SKIPPED, AnswerForm, note_skipped
from bot.actions.sections import SectionValidation, reopen_section, skip_section
from bot.actions.state import PendingPart, Slots, easy_read_of, pending_of
from contract.conversation import Slot, Stage
from contract.plan import CARER_OPENING, MAX_OUTCOMES, Role

# "Which of these matters most to you just now?", asked once there are two or more: the one
# chosen goes first, so the plan lists them in the person's order.
PRIORITY = "outcome_priority"
# What the slot holds when they would rather not choose: all matter as much.
ALL_THE_SAME = "all"
_EXCERPT_CHARS = 40

# Every slot of the form filled: the form ends, with no more outcomes.
NO_MORE_OUTCOMES = {
    "outcome_what": SKIPPED,
    "outcome_why": SKIPPED,
    "outcome_confirmed": SKIPPED,
    "more_outcomes": "no",
}


class ValidateOutcomesForm(SectionValidation, AnswerForm):
    """What matters, and why, one outcome at a time. A carer is first asked about the person
    they look after, and what they think matters to that person (CARER_OPENING)."""

    def name(self) -> str:
        return "validate_outcomes_form"

    async def question_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        outcome_slots = [
            slot for slot in domain_slots if slot not in CARER_OPENING and slot != PRIORITY
        ]
        if len(outcomes_of(tracker)) >= 2 and tracker.get_slot("more_outcomes") == "no":
            outcome_slots.append(PRIORITY)
        if role_of(tracker) is Role.CARER:
            return [*CARER_OPENING, *outcome_slots]
        return outcome_slots

    def skip(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        if slot in CARER_OPENING:
            return skip_section(slot, tracker)
        if slot == PRIORITY:
            return {PRIORITY: ALL_THE_SAME}
        pending = pending_of(tracker)
        if slot == "outcome_why":
            pending["why"] = None
            skipped = note_skipped(tracker, "why_it_matters")
            return {"outcome_why": SKIPPED, "pending": pending, "skipped": skipped}
        if slot == "outcome_confirmed":
            return self._keep(dispatcher, tracker)
        if slot == "outcome_what" and not outcomes_of(tracker):
            skipped = note_skipped(tracker, "what_matters")
            return {**NO_MORE_OUTCOMES, "pending": {}, "skipped": skipped}
        return {**NO_MORE_OUTCOMES, "pending": {}}

    def go_back(self, slot: str, tracker: Tracker) -> Slots | None:
        if slot == PRIORITY:
            return {"more_outcomes": None}
        if slot in CARER_OPENING:
            index = CARER_OPENING.index(slot)
            return reopen_section(CARER_OPENING[index - 1], tracker) if index else None
        pending = pending_of(tracker)
        outcomes = outcomes_of(tracker)
        if slot == "outcome_why":
            return {"outcome_what": None, "pending": {}}
        if slot == "outcome_confirmed":
            return {"outcome_why": None, "pending": {"what": pending.get("what")}}
        if outcomes:
            # "Is there anything else?" or "What else matters?": back to confirming the last one.
            last = outcomes[-1]
            why = last.get("why")
            return {
                "outcomes": outcomes[:-1],
                "pending": {"what": last["what"], "why": why},
                "outcome_what": last["what"]["text"],
                "outcome_why": why["text"] if why else SKIPPED,
                "outcome_confirmed": None,
                "more_outcomes": None,
            }
        if role_of(tracker) is Role.CARER:
            return reopen_section(CARER_OPENING[-1], tracker)
        return None

    def _keep(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        pending = pending_of(tracker)
        outcome = {"what": pending["what"], "why": pending.get("why")}
        outcomes = [*outcomes_of(tracker), outcome]
        slots: Slots = {"outcome_confirmed": "yes", "outcomes": outcomes, "pending": {}}
        if len(outcomes) >= MAX_OUTCOMES:
            dispatcher.utter_message(response="utter_outcomes_full")
            slots["more_outcomes"] = "no"
        return slots

    def _take(
        self, part: PendingPart, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Slots:
        quote = take_answer(tracker, dispatcher)
        if quote is None:
            return {slot: None}
        pending = pending_of(tracker)
        pending[part] = quote
        return {slot: quote["text"], "pending": pending, Slot.STAGE: Stage.TALKING.value}

    async def validate_outcome_what(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return self._take("what", "outcome_what", dispatcher, tracker)

    async def validate_outcome_why(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return self._take("why", "outcome_why", dispatcher, tracker)

    async def validate_outcome_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        intent = intent_of(tracker)
        if intent == "affirm":
            return self._keep(dispatcher, tracker)
        if intent == "deny":
            dispatcher.utter_message(response="utter_lets_try_again")
            return {
                "outcome_confirmed": None,
                "outcome_what": None,
                "outcome_why": None,
                "pending": {},
            }
        dispatcher.utter_message(response="utter_please_choose")
        return {"outcome_confirmed": None}

    async def validate_more_outcomes(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        intent = intent_of(tracker)
        if intent == "affirm":
            # Round again: the form asks for the next outcome from the start.
            return {
                "more_outcomes": None,
                "outcome_what": None,
                "outcome_why": None,
                "outcome_confirmed": None,
            }
        if intent == "deny":
            return {"more_outcomes": "no"}
        dispatcher.utter_message(response="utter_please_choose")
        return {"more_outcomes": None}

    async def validate_outcome_priority(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        outcomes = outcomes_of(tracker)
        chosen = _priority_in(tracker, len(outcomes))
        if chosen is None:
            dispatcher.utter_message(response="utter_please_choose")
            return {PRIORITY: None}
        if chosen == ALL_THE_SAME:
            return {PRIORITY: ALL_THE_SAME}
        first = int(chosen)
        dispatcher.utter_message(response="utter_priority_noted")
        ordered = [outcomes[first], *(o for i, o in enumerate(outcomes) if i != first)]
        return {PRIORITY: chosen, "outcomes": ordered}


def excerpt(words: str) -> str:
    return words if len(words) <= _EXCERPT_CHARS else words[:_EXCERPT_CHARS] + "…"


def _priority_in(tracker: Tracker, count: int) -> str | None:
    """The choice: an outcome's index as text (a button, or its number typed), or ALL_THE_SAME
    (the button, "no", or "they all matter"); None if the message is neither."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "priority":
            value = str(entity.get("value"))
            if value == ALL_THE_SAME or (value.isdigit() and int(value) < count):
                return value
    typed = (tracker.latest_message.get("text") or "").strip().casefold()
    if typed.isdigit() and 1 <= int(typed) <= count:
        return str(int(typed) - 1)
    if intent_of(tracker) == "deny" or typed.startswith(("they all", "all of them", "all")):
        return ALL_THE_SAME
    return None


class ActionAskOutcomePriority(Action):
    """ "Which of these matters most to you just now?", with their own words as the buttons."""

    def name(self) -> str:
        return "action_ask_outcome_priority"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        easy_read = easy_read_of(tracker)
        buttons = [
            {
                "title": f"{number}. {excerpt(outcome['what']['text'] or '')}",
                "payload": f'/choose{{"priority": "{number - 1}"}}',
            }
            for number, outcome in enumerate(outcomes_of(tracker), start=1)
        ]
        buttons.append(
            {
                "title": response_text(domain, "utter_priority_all_button", easy_read=easy_read),
                "payload": f'/choose{{"priority": "{ALL_THE_SAME}"}}',
            }
        )
        dispatcher.utter_message(
            text=response_text(domain, "utter_ask_outcome_priority", easy_read=easy_read),
            buttons=buttons,
        )
        return []


class ActionAskOutcomeWhat(Action):
    """ "What matters to you?", then "What else matters to you?"."""

    first_response = "utter_ask_outcome_what_first"

    def name(self) -> str:
        return "action_ask_outcome_what"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        first = not outcomes_of(tracker)
        dispatcher.utter_message(
            response=self.first_response if first else "utter_ask_outcome_what_more"
        )
        return []


class ActionAskOutcomeConfirmed(Action):
    """Reflect back what was heard, quoting the person exactly, and ask if it is right."""

    def name(self) -> str:
        return "action_ask_outcome_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        pending = pending_of(tracker)
        why = pending.get("why")
        acknowledge(dispatcher, tracker, pending["what"]["text"], why["text"] if why else "")
        template = "utter_reflect_back" if why else "utter_reflect_back_no_why"
        dispatcher.utter_message(
            text=fill(
                response_text(domain, template, easy_read=easy_read_of(tracker)),
                what=pending["what"]["text"],
                why=why["text"] if why else "",
            )
        )
        dispatcher.utter_message(response="utter_ask_outcome_confirmed")
        return []
