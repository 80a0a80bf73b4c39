"""Easy Read, chosen on the page: kept for the conversation in the `easy_read` slot.

The page sends its choice as message metadata ({"easy_read": true}) with every message. This
action is the slot's custom mapping, so Rasa runs it on every message before it predicts what
to say (action_extract_slots): the reply to the very message that switched Easy Read on is
already in Easy Read. A message without the metadata (another device, a resume code, the
terminal chat) leaves the conversation's choice as it was.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.state import easy_read_of
from contract.conversation import Slot


class ActionReadMode(Action):
    def name(self) -> str:
        return "action_read_mode"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        chosen = (tracker.latest_message.get("metadata") or {}).get("easy_read")
        if not isinstance(chosen, bool) or chosen == easy_read_of(tracker):
            return []
        return [SlotSet(Slot.EASY_READ.value, chosen)]
