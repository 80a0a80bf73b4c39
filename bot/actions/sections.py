"""Free-text sections (one answer each), as asked inside the outcomes and life forms."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answers import intent_of, take_answer
from bot.actions.plan import CARER_SECTIONS, SECTIONS, answers_of
from bot.actions.repair import SKIPPED, Slots, note_skipped

ALL_SECTIONS = frozenset(SECTIONS + CARER_SECTIONS)
# "No" to "anything else?" is not something to put in a plan as the person's words.
_NOTHING_TO_ADD = ("anything_else",)
_SHORT_NO_WORDS = 4


def skip_section(section: str, tracker: Tracker) -> Slots:
    answers = answers_of(tracker)
    answers.pop(section, None)
    return {section: SKIPPED, "answers": answers, "skipped": note_skipped(tracker, section)}


def reopen_section(section: str, tracker: Tracker) -> Slots:
    """Ask `section` again: its answer, or its being skipped, is forgotten."""
    answers = answers_of(tracker)
    answers.pop(section, None)
    skipped = [s for s in tracker.get_slot("skipped") or [] if s != section]
    return {section: None, "answers": answers, "skipped": skipped}


class SectionValidation:
    """`validate_<section>` for every free-text section, all validated the same way."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        # rasa-sdk looks up `validate_<slot>` by name.
        section = name.removeprefix("validate_")
        if name.startswith("validate_") and section in ALL_SECTIONS:
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
        return {section: text, "answers": answers, "stage": "talking"}
