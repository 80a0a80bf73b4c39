from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.draft import show_draft
from bot.actions.plan import conversation_finished, role_of
from bot.actions.state import set_stage, told_already_sent
from contract.conversation import Slot, Stage
from contract.plan import Role


class ActionStartConversation(Action):
    """Answer a hello: welcome a new person, or pick up where a returning person left off."""

    def name(self) -> str:
        return "action_start_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if told_already_sent(dispatcher, tracker):
            return []
        if conversation_finished(tracker):
            return show_draft(dispatcher, tracker, domain)
        # The chat page says when someone starts as a carer; then they are not asked again.
        metadata = tracker.latest_message.get("metadata") or {}
        carer = role_of(tracker) is Role.CARER or metadata.get("role") == Role.CARER
        dispatcher.utter_message(response="utter_welcome")
        if carer:
            dispatcher.utter_message(response="utter_ask_ready_carer")
            return [set_stage(Stage.WELCOME), SlotSet(Slot.ROLE.value, Role.CARER.value)]
        dispatcher.utter_message(response="utter_ask_ready")
        return [set_stage(Stage.WELCOME)]


class ActionChooseCarer(Action):
    """ "I look after someone": the carer's own conversation, kept apart from the person's."""

    def name(self) -> str:
        return "action_choose_carer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_carer_intro")
        return [SlotSet(Slot.ROLE.value, Role.CARER.value)]
