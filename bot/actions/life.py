"""Life just now, strengths, people, what would help, anything else: one answer per section."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answers import intent_of, take_answer
from bot.actions.plan import SECTIONS, answers_of
from bot.actions.repair import SKIPPED, AnswerForm, Slots, note_skipped

# "No" to "anything else?" is not something to put in a plan as the person's words.
_NOTHING_TO_ADD = ("anything_else",)
_SHORT_NO_WORDS = 4


class ValidateLifeForm(AnswerForm):
    def name(self) -> str:
        return "validate_life_form"

    def skip(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        answers = answers_of(tracker)
        answers.pop(slot, None)
        return {slot: SKIPPED, "answers": answers, "skipped": note_skipped(tracker, slot)}

    def go_back(self, slot: str, tracker: Tracker) -> Slots | None:
        index = SECTIONS.index(slot)
        if index == 0:
            return None
        previous = SECTIONS[index - 1]
        answers = answers_of(tracker)
        answers.pop(previous, None)
        skipped = [s for s in tracker.get_slot("skipped") or [] if s != previous]
        return {previous: None, "answers": answers, "skipped": skipped}

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
