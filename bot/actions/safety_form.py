"""The safety response's questions where no other question is open (welcome, draft, sent)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.repair import AnswerForm, Slots


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

    def skip(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        return {slot: None}

    def go_back(self, slot: str, tracker: Tracker) -> Slots | None:
        return None
