"""Changing one part of the draft: choose the part, then say it again in your own words."""

from __future__ import annotations

from typing import Any, cast

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.outcomes import excerpt
from bot.actions.plan import answers_of, outcomes_of, sections_for
from bot.actions.quotes import Quote, fill, response_text, take_answer
from bot.actions.repair import SKIPPED, AnswerForm
from bot.actions.state import (
    REVIEWED,
    PendingPart,
    Slots,
    easy_read_of,
    pending_of,
    reviewed_of,
)
from contract.plan import HEADINGS_FIRST_PERSON, Part

_CANCELLED = {"edit_target": SKIPPED, "edit_what": SKIPPED, "edit_why": SKIPPED}

_OUTCOME = "outcome:"
# What would help with a thing that matters, or who could: "help:<index>:<field>".
_HELP = "help:"
_HELP_FIELDS = {"help": Part.OUTCOME_HELP, "who": Part.OUTCOME_WHO}
# In a review: "reviewed:<index>:<answer>", one of a thing that mattered's answers in words.
_REVIEWED = "reviewed:"
_REVIEWED_ANSWERS = {
    "now": Part.REVIEW_NOW,
    "helped": Part.REVIEW_HELPED,
    "in_the_way": Part.REVIEW_IN_THE_WAY,
    "still_matters": Part.REVIEW_STILL_MATTERS,
}


def targets(tracker: Tracker, domain: dict[str, Any]) -> list[tuple[str, str]]:
    """Every part that can be changed, as (target, button title), in the order of the draft."""
    choices = []
    for index, _ in enumerate(reviewed_of(tracker)):
        for answer, part in _REVIEWED_ANSWERS.items():
            title = f"{index + 1}. {HEADINGS_FIRST_PERSON[part]}"
            choices.append((f"{_REVIEWED}{index}:{answer}", title))
    for index, outcome in enumerate(outcomes_of(tracker)):
        title = fill(
            response_text(domain, "utter_edit_outcome_button"),
            number=str(index + 1),
            excerpt=excerpt(outcome["what"]["text"] or ""),
        )
        choices.append((f"{_OUTCOME}{index}", title))
        for field, part in _HELP_FIELDS.items():
            if field in outcome:
                choices.append(
                    (f"{_HELP}{index}:{field}", f"{index + 1}. {HEADINGS_FIRST_PERSON[part]}")
                )
    for section in sections_for(tracker):
        choices.append((section.value, HEADINGS_FIRST_PERSON[section]))
    return choices


def outcome_index(target: str | None) -> int | None:
    if target and target.startswith(_OUTCOME):
        return int(target.removeprefix(_OUTCOME))
    return None


def help_answer(target: str | None) -> tuple[int, str] | None:
    """(which thing that matters, "help" or "who") for such a target; None for any other."""
    if not target or not target.startswith(_HELP):
        return None
    index, field = target.removeprefix(_HELP).split(":", 1)
    return int(index), field


def reviewed_answer(target: str | None) -> tuple[int, str] | None:
    """(which thing that mattered, which answer) for a review's target; None for any other."""
    if not target or not target.startswith(_REVIEWED):
        return None
    index, answer = target.removeprefix(_REVIEWED).split(":", 1)
    return int(index), answer


def _chosen_target(tracker: Tracker, domain: dict[str, Any]) -> str | None:
    """The part chosen by a button, by its number, or by typing its name."""
    choices = targets(tracker, domain)
    valid = {target for target, _ in choices}
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "target" and entity.get("value") in valid:
            return str(entity["value"])
    typed = (tracker.latest_message.get("text") or "").strip().casefold()
    if typed.isdigit() and 1 <= int(typed) <= len(choices):
        return choices[int(typed) - 1][0]
    for target, title in choices:
        if typed and (typed == title.casefold() or typed == target.replace("_", " ")):
            return target
    return None


class ValidateEditForm(AnswerForm):
    explain_fallback = "edit"

    def name(self) -> str:
        return "validate_edit_form"

    def skip(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        if slot == "edit_why":
            pending = {**pending_of(tracker), "edit_why": None}
            return {"edit_why": SKIPPED, "pending": pending}
        return _CANCELLED

    def go_back(self, slot: str, tracker: Tracker) -> Slots | None:
        previous = {"edit_what": "edit_target", "edit_why": "edit_what"}.get(slot)
        return {previous: None} if previous else None

    async def question_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        target = tracker.get_slot("edit_target")
        if target is not None and outcome_index(target) is None:
            return [slot for slot in domain_slots if slot != "edit_why"]
        return domain_slots

    async def validate_edit_target(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        target = _chosen_target(tracker, domain)
        if target is None:
            dispatcher.utter_message(response="utter_edit_unknown_target")
        return {"edit_target": target}

    async def validate_edit_what(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self._take("edit_what", dispatcher, tracker)

    async def validate_edit_why(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self._take("edit_why", dispatcher, tracker)

    def _take(
        self, slot: PendingPart, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        quote = take_answer(tracker, dispatcher)
        if quote is None:
            return {slot: None}
        pending = pending_of(tracker)
        pending[slot] = quote
        return {slot: quote["text"], "pending": pending}


class ActionAskEditTarget(Action):
    def name(self) -> str:
        return "action_ask_edit_target"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        buttons = [
            {"title": title, "payload": f'/choose{{"target": "{target}"}}'}
            for target, title in targets(tracker, domain)
        ]
        dispatcher.utter_message(
            text=response_text(domain, "utter_ask_edit_target", easy_read=easy_read_of(tracker)),
            buttons=buttons,
        )
        return []


class ActionAskEditWhat(Action):
    """Show what the part says now, in the person's words, then ask for the new words."""

    def name(self) -> str:
        return "action_ask_edit_what"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        target = tracker.get_slot("edit_target")
        index = outcome_index(target)
        in_review = reviewed_answer(target)
        helping = help_answer(target)
        current: Quote | None
        if index is not None:
            current = outcomes_of(tracker)[index]["what"]
        elif helping is not None:
            said_of = outcomes_of(tracker)[helping[0]]
            current = cast(dict[str, Any], said_of).get(helping[1])
        elif in_review is not None:
            said = reviewed_of(tracker)[in_review[0]]
            current = cast(dict[str, Any], said).get(in_review[1])
        else:
            current = answers_of(tracker).get(str(target))
        if current:
            dispatcher.utter_message(
                text=fill(
                    response_text(domain, "utter_edit_current", easy_read=easy_read_of(tracker)),
                    text=current["text"] or "",
                )
            )
        dispatcher.utter_message(
            response="utter_ask_edit_what_outcome"
            if index is not None
            else "utter_ask_edit_what_section"
        )
        return []


class ActionApplyEdit(Action):
    def name(self) -> str:
        return "action_apply_edit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        target = str(tracker.get_slot("edit_target"))
        pending = pending_of(tracker)
        events: list[EventType] = []
        index = outcome_index(target)
        in_review = reviewed_answer(target)
        helping = help_answer(target)
        if "edit_what" not in pending:
            dispatcher.utter_message(response="utter_edit_cancelled")
        elif helping is not None:
            outcomes = outcomes_of(tracker)
            cast(dict[str, Any], outcomes[helping[0]])[helping[1]] = pending["edit_what"]
            events.append(SlotSet("outcomes", outcomes))
            dispatcher.utter_message(response="utter_edit_done")
        elif in_review is not None:
            reviewed = reviewed_of(tracker)
            cast(dict[str, Any], reviewed[in_review[0]])[in_review[1]] = pending["edit_what"]
            events.append(SlotSet(REVIEWED, reviewed))
            dispatcher.utter_message(response="utter_edit_done")
        elif index is not None:
            outcomes = outcomes_of(tracker)
            # What they added, and what would help with it, are kept with the new words.
            outcomes[index] = {
                **outcomes[index],
                "what": pending["edit_what"],
                "why": pending.get("edit_why"),
            }
            events.append(SlotSet("outcomes", outcomes))
            dispatcher.utter_message(response="utter_edit_done")
        else:
            answers = answers_of(tracker)
            answers[target] = pending["edit_what"]
            skipped = [s for s in tracker.get_slot("skipped") or [] if s != target]
            events += [
                SlotSet("answers", answers),
                SlotSet(target, pending["edit_what"]["text"]),
                SlotSet("skipped", skipped),
            ]
            dispatcher.utter_message(response="utter_edit_done")
        return [
            *events,
            SlotSet("edit_target", None),
            SlotSet("edit_what", None),
            SlotSet("edit_why", None),
            SlotSet("pending", {}),
        ]
