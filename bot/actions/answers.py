"""Reading what the person said: their answers, and their yes/no/choices."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.quotes import Quote, is_button_payload, quote_latest_message


def intent_of(tracker: Tracker) -> str | None:
    intent = tracker.latest_message.get("intent") or {}
    name = intent.get("name")
    return str(name) if name else None


def take_answer(tracker: Tracker, dispatcher: CollectingDispatcher) -> Quote | None:
    """The latest message as an answer in the person's words; None (saying why) if it is not one.

    Nothing is changed in the text: an answer is kept exactly as Rasa received it.
    """
    if is_button_payload(tracker):
        # A button from an earlier question was pressed: that is not an answer in their words.
        dispatcher.utter_message(response="utter_type_your_answer")
        return None
    quote = quote_latest_message(tracker)
    text = quote["text"] if quote else None
    if quote is None or not text or not text.strip():
        dispatcher.utter_message(response="utter_empty_answer")
        return None
    if "\x00" in text:
        # No database keeps a NUL character in text; ask again rather than alter their words.
        dispatcher.utter_message(response="utter_unreadable_answer")
        return None
    return quote
