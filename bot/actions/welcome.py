from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.draft import show_draft
from bot.actions.plan import conversation_finished


class ActionStartConversation(Action):
    """Answer a hello: welcome a new person, or pick up where a returning person left off."""

    def name(self) -> str:
        return "action_start_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        stage = tracker.get_slot("stage")
        if stage == "sent":
            dispatcher.utter_message(
                response="utter_already_sent", reference=tracker.get_slot("plan_reference")
            )
            return []
        if conversation_finished(tracker):
            return show_draft(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_welcome")
        dispatcher.utter_message(response="utter_ask_ready")
        return [SlotSet("stage", "welcome")]
