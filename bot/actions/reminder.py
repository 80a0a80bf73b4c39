"""The one line that tells a returning person where they were."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from bot.actions.quotes import fill, response_text

# Questions about an outcome already named: the reminder quotes it.
_ABOUT_AN_OUTCOME = {"outcome_why", "outcome_confirmed"}


def remind(
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    *,
    loop: str | None,
    requested_slot: str | None,
    pending: dict[str, Any] | None,
) -> None:
    what = (pending or {}).get("what")
    if requested_slot in _ABOUT_AN_OUTCOME and what:
        # Quoted from here, not by a templated response, so the words come out exactly as said.
        text = fill(response_text(domain, "utter_reminder_outcome"), what=what["text"])
        dispatcher.utter_message(text=text)
    elif loop and f"utter_reminder_{loop}" in domain.get("responses", {}):
        dispatcher.utter_message(response=f"utter_reminder_{loop}")
