"""The safety response's questions where no other question is open (welcome, draft, sent)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.repair import AnswerForm, Slots
from bot.actions.safety import SAFETY_STEP


class ValidateSafetyForm(AnswerForm):
    """Only the safety steps (AnswerForm.required_slots puts them first); then it ends."""

    def name(self) -> str:
        return "validate_safety_form"

    async def question_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        return []

    async def validate_safety_step(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        if tracker.get_slot("requested_slot") is None:
            # The form has only just started, on the very message that raised its steps: that
            # message is not an answer to them (it was once met with "Sorry, I wasn't sure what
            # you meant" before the choice had even been offered).
            return {SAFETY_STEP: None}
        return await super().validate_safety_step(value, dispatcher, tracker, domain)

    def skip(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        return {slot: None}

    def go_back(self, slot: str, tracker: Tracker) -> Slots | None:
        return None
