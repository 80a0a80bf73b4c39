"""Life just now, strengths, people, what would help, anything else: one answer per section."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answers import intent_of, take_answer
from bot.actions.plan import SECTIONS, answers_of

# "No" to "anything else?" is not something to put in a plan as the person's words.
_NOTHING_TO_ADD = ("anything_else",)
_SHORT_NO_WORDS = 4


class ValidateLifeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_life_form"

    def __getattr__(self, name: str) -> Callable[..., Any]:
        # rasa-sdk looks up `validate_<slot>` by name; every section is validated the same way.
        section = name.removeprefix("validate_")
        if name.startswith("validate_") and section in SECTIONS:
            return partial(self.validate_section, section)
        raise AttributeError(name)

    async def validate_section(
        self,
        section: str,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        quote = take_answer(tracker, dispatcher)
        if quote is None:
            return {section: None}
        text = quote["text"] or ""
        if (
            section in _NOTHING_TO_ADD
            and intent_of(tracker) == "deny"
            and len(text.split()) <= _SHORT_NO_WORDS
        ):
            return {section: text}
        answers = answers_of(tracker)
        answers[section] = quote
        return {section: text, "answers": answers}
