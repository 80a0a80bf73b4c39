"""The safety response: at once, with the right Scottish contacts, and the plan flagged urgent."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.quotes import quote_latest_message
from bot.safety.detector import risk_categories

RISK_INTENT = "risk"
# A disclosure the classifier caught but the phrase list did not: the practitioner reads it.
UNCLASSIFIED = "other"
# Up to this many words a disclosure is taken as said on its own, not as an answer.
_SHORT_WORDS = 12
_ABUSE = {"abuse", "domestic_abuse", "unsafe_home"}


def is_short(tracker: Tracker) -> bool:
    return len((tracker.latest_message.get("text") or "").split()) <= _SHORT_WORDS


def respond_to_risk(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Say what matters now, and flag the message. Returns the SlotSet for the flag."""
    quote = quote_latest_message(tracker)
    categories = risk_categories(quote["text"]) if quote else []
    if "medical_emergency" in categories:
        dispatcher.utter_message(response="utter_safety_emergency")
    dispatcher.utter_message(response="utter_safety")
    if _ABUSE.intersection(categories):
        dispatcher.utter_message(response="utter_safety_abuse")
    dispatcher.utter_message(response="utter_safety_honest")
    sent = tracker.get_slot("stage") == "sent"
    dispatcher.utter_message(
        response="utter_ask_after_risk_sent" if sent else "utter_ask_after_risk"
    )
    if quote is None:
        return []
    flags = list(tracker.get_slot("safety_flags") or [])
    flag = {"quote": quote, "categories": categories or [UNCLASSIFIED]}
    return [SlotSet("safety_flags", [*flags, flag])]


class ActionRespondToRisk(Action):
    """Risk disclosed outside a question (at the welcome, at the draft, after sending)."""

    def name(self) -> str:
        return "action_respond_to_risk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return respond_to_risk(dispatcher, tracker)


def leave_form() -> list[EventType]:
    return [ActiveLoop(None), SlotSet("requested_slot", None)]
