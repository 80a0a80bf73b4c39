"""A new session after time away, and starting again from the beginning."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    EventType,
    SessionStarted,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.reminder import remind
from bot.actions.state import set_stage
from contract.conversation import Stage


class ActionSessionStart(Action):
    """Carry the whole draft into the new session, and re-open the question they were on.

    Rasa's own session start carries slots over but not the active form, which would leave a
    half-answered form stuck with a stale `requested_slot`.
    """

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        events += [
            SlotSet(name, value)
            for name, value in tracker.slots.items()
            if name != "requested_slot" and value is not None
        ]
        loop = (tracker.active_loop or {}).get("name")
        if loop:
            dispatcher.utter_message(response="utter_welcome_back")
            remind(
                dispatcher,
                domain,
                loop=loop,
                requested_slot=tracker.get_slot("requested_slot"),
                pending=tracker.get_slot("pending"),
            )
            events += [
                ActiveLoop(loop),
                SlotSet("requested_slot", tracker.get_slot("requested_slot")),
            ]
        return [*events, ActionExecuted("action_listen")]


class ActionStartAgain(Action):
    def name(self) -> str:
        return "action_start_again"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_started_again")
        dispatcher.utter_message(response="utter_ask_ready")
        return [
            AllSlotsReset(),
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            set_stage(Stage.WELCOME),
        ]
