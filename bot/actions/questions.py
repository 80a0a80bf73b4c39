from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.quotes import quote_latest_message
from bot.actions.state import QUESTIONS, already_sent


def note_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """Say honestly that this can't be answered here, and keep it in the plan in their words."""
    dispatcher.utter_message(response="utter_question_noted")
    return {QUESTIONS: [*(tracker.get_slot(QUESTIONS) or []), quote_latest_message(tracker)]}


class ActionNoteQuestion(Action):
    """A question the assistant cannot answer: say so, and keep it for the practitioner."""

    def name(self) -> str:
        return "action_note_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if already_sent(tracker):
            dispatcher.utter_message(response="utter_no_question_to_note")
            return []
        return [SlotSet(name, value) for name, value in note_question(dispatcher, tracker).items()]
