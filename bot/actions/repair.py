"""Repair and safety inside every question: skip, go back, why, don't know, help, pause, ...

Every form's validation action derives from AnswerForm. When the message answering the question
is clearly a command (a button, or a short and confidently classified message: see
bot.nlu.components.CommandGate) it is handled here, the same way for every question, and the
question is asked again or the form moves on. Anything else is an answer, and goes to the
form's own `validate_<slot>`. A message with a level of risk or worry is met with the graded
safety response first (bot/actions/safety.py), and its words are still the answer; the safety
response's own questions (a check, "are you safe?", send now or carry on) are asked before the
form's next question.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.names import NAMES_ASKED, name_in
from bot.actions.pause import pause_conversation
from bot.actions.questions import (
    asked_without_a_mark,
    asks_a_question,
    note_question,
    says_more_than_a_question,
    shaped_like_a_question,
)
from bot.actions.quotes import intent_of
from bot.actions.safety import (
    SAFETY_STEP,
    Choice,
    answer_step,
    assessment_of,
    respond,
    slot_events,
    steps_of,
    stop_steps,
)
from bot.actions.state import SKIPPED as SKIPPED  # the forms read it from here
from bot.actions.state import Slots as Slots  # safety_form.py reads it from here
from bot.safety.levels import Level
from bot.understanding.vocabulary import QUESTION_INTENT, command_meant
from contract.formats import code_spotted

# Commands handled inside a question. `send_urgent` and `start_again_confirm` leave the form
# altogether, so they are excluded from the slots' mappings in domain/ and handled by rules.
COMMANDS = frozenset(
    {
        "skip",
        "go_back",
        "why_asking",
        "dont_know",
        "help",
        "pause",
        "carry_on",
        "greet",
        "start",
        "start_again",
        "question",
        "resume",
        "review_code",
    }
)


# A phone number (six or more digits, spaces allowed) or an email address: "ask for Nan on
# 07700 900123" is never "skip", whatever the classifier heard.
REACHABLE = re.compile(r"\d[\d ]{4,}\d|\S@\S")


# "Is there anything else, or a question you would like to ask them?": a question is the answer.
QUESTIONS_ARE_ANSWERS = frozenset({"anything_else"})


def note_skipped(tracker: Tracker, *sections: str) -> list[str]:
    skipped = list(tracker.get_slot("skipped") or [])
    return skipped + [section for section in sections if section not in skipped]


class AnswerForm(FormValidationAction, ABC):
    # `utter_why_<this>` and `utter_example_<this>` serve questions that have none of their own.
    explain_fallback = ""

    @abstractmethod
    def skip(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        """The slots to set when the person skips the question for `slot`."""

    @abstractmethod
    def go_back(self, slot: str, tracker: Tracker) -> Slots | None:
        """The slots to set to ask the question before `slot` again; None if there is none."""

    async def question_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        """The form's own questions, in order; by default those listed in domain/."""
        return domain_slots

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        own = [slot for slot in domain_slots if slot != SAFETY_STEP]
        questions = await self.question_slots(own, dispatcher, tracker, domain)
        # The safety response's own questions come before the next one of the form.
        return [SAFETY_STEP, *questions] if steps_of(tracker) else questions

    async def validate_safety_step(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        intent = intent_of(tracker)
        if intent == "pause":
            slots = stop_steps(tracker, Choice.STOP)
            return {**slots, **pause_conversation(dispatcher, tracker, domain)}
        answered = answer_step(dispatcher, tracker, intent)
        if answered is None:
            dispatcher.utter_message(response="utter_please_choose")
            return {SAFETY_STEP: None}
        return answered

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        slot = tracker.get_slot("requested_slot")
        if slot is None or slot not in tracker.slots_to_validate():
            return list(await super().get_validation_events(dispatcher, tracker, domain))
        intent = intent_of(tracker)

        assessment = assessment_of(tracker)
        if assessment.level is not Level.NONE:
            safety = respond(dispatcher, tracker, assessment)
            tracker.slots.update(safety)
            if slot == SAFETY_STEP:
                # Risk told in answer to a check or a choice: the new response replaces it.
                return slot_events(safety)
            # Whatever the message triggered, its words are the answer to this question.
            answer = await super().get_validation_events(dispatcher, tracker, domain)
            return [*slot_events(safety), *answer]

        # A safety step reads its own answers (validate_safety_step); every other question
        # meets commands here.
        command = command_meant(intent, slot) if slot != SAFETY_STEP else None
        text = str(tracker.latest_message.get("text") or "")
        if command == QUESTION_INTENT and not shaped_like_a_question(text):
            # Heard as a question, but with neither a question mark nor a question word.
            command = None
        if (
            command not in COMMANDS
            and slot != SAFETY_STEP
            and (asks_a_question(tracker, commands=COMMANDS) or asked_without_a_mark(text))
        ):
            # A question the command gate took as an answer for being long, or typed without a
            # question mark ("how long will this take"): a question still. A plain answer in it
            # (a phone number, a name) still wins, below.
            command = QUESTION_INTENT
        if command == QUESTION_INTENT and (
            slot in QUESTIONS_ARE_ANSWERS or says_more_than_a_question(text)
        ):
            # Asked where a question is an answer ("anything else?"), or beside an answer
            # ("Willing, aye. Able? Depends on the day."): both, in their words.
            answer = await super().get_validation_events(dispatcher, tracker, domain)
            kept = note_question(dispatcher, tracker, answered_as_asked=True)
            return [*answer, *(SlotSet(name, value) for name, value in kept.items())]
        # A question asked with a question mark is kept as one even where it has the shape of an
        # answer ("is the day centre open on Sundays?" at "what days suit you?"); without one,
        # a plain answer is the answer ("Will" at "what name would you like me to use?").
        asked = command == QUESTION_INTENT and "?" in text
        if command in COMMANDS and (asked or not self.plainly_an_answer(slot, tracker)):
            handled = self.handle_command(str(command), slot, dispatcher, tracker, domain)
            if handled is not None:
                return [SlotSet(name, value) for name, value in handled.items()]
        return list(await super().get_validation_events(dispatcher, tracker, domain))

    def plainly_an_answer(self, slot: str, tracker: Tracker) -> bool:
        """Whether the message is the answer to `slot` whatever the classifier heard in it: one
        with a phone number or an email address in it (no command has one), or what a form
        says (a typed plan reference, say), or a name where a name is asked for. A resume or
        review code is never an answer."""
        text = str(tracker.latest_message.get("text") or "")
        if slot in NAMES_ASKED and name_in(text) is not None:
            return True
        return REACHABLE.search(text) is not None and code_spotted(text) is None

    def handle_command(
        self,
        intent: str,
        slot: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Slots | None:
        """The slots to set for a command; None to take the message as an answer after all."""
        ask_again: Slots = {slot: None}
        if intent == "skip":
            dispatcher.utter_message(response="utter_skipped")
            return self.skip(slot, dispatcher, tracker)
        if intent == "go_back":
            previous = self.go_back(slot, tracker)
            if previous is None:
                dispatcher.utter_message(response="utter_cannot_go_back")
                return ask_again
            dispatcher.utter_message(response="utter_going_back")
            return {slot: None, **previous}
        if intent == "why_asking":
            why = self._response(domain, "utter_why", slot) or f"utter_why_{self.explain_fallback}"
            dispatcher.utter_message(response=why)
            return ask_again
        if intent == "dont_know":
            offered = list(tracker.get_slot("examples_offered") or [])
            example = self._response(domain, "utter_example", slot)
            if slot in offered or example is None:
                # An example was offered already, or this is a yes/no question: take it as said.
                return None
            dispatcher.utter_message(response=example)
            return {**ask_again, "examples_offered": [*offered, slot]}
        if intent == "help":
            dispatcher.utter_message(response="utter_help")
            return ask_again
        if intent == "greet":
            dispatcher.utter_message(response="utter_hello_again")
            return ask_again
        if intent == "pause":
            return {**ask_again, **pause_conversation(dispatcher, tracker, domain)}
        if intent == "question":
            return {**ask_again, **note_question(dispatcher, tracker)}
        if intent == "start_again":
            dispatcher.utter_message(response="utter_ask_confirm_restart")
            return ask_again
        if intent == "review_code":
            # Never kept as an answer: a code is a secret, and this conversation is under way.
            dispatcher.utter_message(response="utter_review_in_progress")
            return ask_again
        # carry_on, and a returning page's /start: simply ask the question again.
        return ask_again

    def _response(self, domain: dict[str, Any], prefix: str, slot: str) -> str | None:
        """The response for this question (`utter_why_<slot>`), or the form's own, or None."""
        responses = domain.get("responses", {})
        for name in (f"{prefix}_{slot}", f"{prefix}_{self.explain_fallback}"):
            if name in responses:
                return name
        return None
