"""What matters to the person, and why: asked, reflected back in their words, confirmed."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answers import intent_of, take_answer
from bot.actions.plan import MAX_OUTCOMES, outcomes_of
from bot.actions.quotes import fill, response_text

Slots = dict[str, Any]


class ValidateOutcomesForm(FormValidationAction):
    def name(self) -> str:
        return "validate_outcomes_form"

    def _take(
        self, part: str, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Slots:
        quote = take_answer(tracker, dispatcher)
        if quote is None:
            return {slot: None}
        pending = dict(tracker.get_slot("pending") or {})
        pending[part] = quote
        return {slot: quote["text"], "pending": pending, "stage": "talking"}

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
            pending = tracker.get_slot("pending") or {}
            outcomes = [*outcomes_of(tracker), {"what": pending["what"], "why": pending["why"]}]
            slots: Slots = {"outcome_confirmed": "yes", "outcomes": outcomes, "pending": {}}
            if len(outcomes) >= MAX_OUTCOMES:
                dispatcher.utter_message(response="utter_outcomes_full")
                slots["more_outcomes"] = "no"
            return slots
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


class ActionAskOutcomeWhat(Action):
    def name(self) -> str:
        return "action_ask_outcome_what"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        first = not outcomes_of(tracker)
        dispatcher.utter_message(
            response="utter_ask_outcome_what_first" if first else "utter_ask_outcome_what_more"
        )
        return []


class ActionAskOutcomeConfirmed(Action):
    """Reflect back what was heard, quoting the person exactly, and ask if it is right."""

    def name(self) -> str:
        return "action_ask_outcome_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        pending = tracker.get_slot("pending") or {}
        dispatcher.utter_message(
            text=fill(
                response_text(domain, "utter_reflect_back"),
                what=pending["what"]["text"],
                why=pending["why"]["text"],
            )
        )
        dispatcher.utter_message(response="utter_ask_outcome_confirmed")
        return []
