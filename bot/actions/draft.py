"""Showing the draft plan, in the person's words, and deleting it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.plan import (
    Outcome,
    answers_of,
    outcomes_of,
    reviewed_so_far,
    sections_for,
    told_not_ready,
)
from bot.actions.quotes import Quote, fill, response_text
from bot.actions.safety import flags_of
from bot.actions.state import QUESTIONS, ReviewOf, review_of, set_stage
from contract.conversation import Stage
from contract.plan import (
    FLAGS_FIRST_PERSON,
    HEADINGS_FIRST_PERSON,
    MOVEMENT_FIRST_PERSON,
    MOVEMENT_LABELS,
    NEW_OUTCOMES_FIRST_PERSON,
    QUESTIONS_FIRST_PERSON,
    SKIPPED_FIRST_PERSON,
    WHOLE_PLAN_HELP,
    Movement,
    Part,
    flag_label_first_person,
)


def _outcome_line(domain: dict[str, Any], number: int, outcome: Outcome) -> str:
    """What matters and why, what they added, then (once asked) what would help with it and
    who could."""
    why = outcome.get("why")
    template = "utter_draft_outcome" if why else "utter_draft_outcome_no_why"
    lines = [
        fill(
            response_text(domain, template),
            number=str(number),
            what=outcome["what"]["text"],
            why=why["text"] if why else "",
            skipped=SKIPPED_FIRST_PERSON,
        ),
        *(
            _said(HEADINGS_FIRST_PERSON[Part.OUTCOME_ADDED], added)
            for added in outcome.get("added") or []
        ),
    ]
    if "help" in outcome:
        lines.append(_said(HEADINGS_FIRST_PERSON[Part.OUTCOME_HELP], outcome.get("help")))
    if "who" in outcome:
        lines.append(_said(HEADINGS_FIRST_PERSON[Part.OUTCOME_WHO], outcome.get("who")))
    # Indented under the thing that matters, as its "Why" is.
    return "\n    ".join(lines)


def _said(heading: str, quote: Quote | None) -> str:
    return f"{heading}: “{quote['text']}”" if quote else f"{heading}: {SKIPPED_FIRST_PERSON}"


def _show_reviewed(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    under_review: ReviewOf,
) -> None:
    """Each thing that mattered last time, quoted as it was, with what they say of it now."""
    last_time = {o["position"]: o for o in under_review["outcomes"]}
    for number, reviewed in enumerate(reviewed_so_far(tracker), start=1):
        then = last_time.get(reviewed.get("position", -1))
        movement = reviewed.get("movement")
        lines = [
            fill(
                response_text(domain, "utter_draft_review_outcome"),
                number=str(number),
                what=then["what"]["text"] if then else "",
            ),
            _said(HEADINGS_FIRST_PERSON[Part.REVIEW_NOW], reviewed.get("now")),
            f"{MOVEMENT_FIRST_PERSON}: "
            + (MOVEMENT_LABELS[Movement(movement)] if movement else SKIPPED_FIRST_PERSON),
            _said(HEADINGS_FIRST_PERSON[Part.REVIEW_HELPED], reviewed.get("helped")),
            _said(HEADINGS_FIRST_PERSON[Part.REVIEW_IN_THE_WAY], reviewed.get("in_the_way")),
            _said(HEADINGS_FIRST_PERSON[Part.REVIEW_STILL_MATTERS], reviewed.get("still_matters")),
        ]
        dispatcher.utter_message(text="\n".join(lines))


def show_draft(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType]:
    """One message per section, each quoting the person exactly, then their questions and what
    the safety response kept (everything that will be sent), then the choices."""
    under_review = review_of(tracker)
    nothing = SKIPPED_FIRST_PERSON
    if under_review is None:
        dispatcher.utter_message(response="utter_draft_intro")
        heading = HEADINGS_FIRST_PERSON[Part.WHAT_MATTERS]
    else:
        dispatcher.utter_message(response="utter_draft_review_intro")
        _show_reviewed(dispatcher, tracker, domain, under_review)
        heading = NEW_OUTCOMES_FIRST_PERSON

    outcome_lines = [
        _outcome_line(domain, number, outcome)
        for number, outcome in enumerate(outcomes_of(tracker), start=1)
    ]
    dispatcher.utter_message(text="\n".join([f"{heading}:", *(outcome_lines or [nothing])]))

    answers = answers_of(tracker)
    per_outcome = bool(outcomes_of(tracker))
    for section in sections_for(tracker):
        if section in WHOLE_PLAN_HELP and per_outcome and section not in answers:
            continue  # asked of each thing that matters instead
        heading = HEADINGS_FIRST_PERSON[section]
        if section in answers:
            text = fill(
                response_text(domain, "utter_draft_section"),
                section=heading,
                text=answers[section]["text"],
            )
        else:
            text = f"{heading}:\n{nothing}"
        dispatcher.utter_message(text=text)

    questions = [q["text"] for q in tracker.get_slot(QUESTIONS) or [] if q]
    if questions:
        dispatcher.utter_message(
            text="\n".join([f"{QUESTIONS_FIRST_PERSON}:", *(f"“{q}”" for q in questions)])
        )
    flags = [
        f"“{flag['quote']['text']}”\n{flag_label_first_person(flag.get('level'))}"
        for flag in flags_of(tracker)
        if flag.get("quote")
    ]
    if flags:
        dispatcher.utter_message(text="\n".join([f"{FLAGS_FIRST_PERSON}:", *flags]))

    dispatcher.utter_message(response="utter_ask_review")
    return [set_stage(Stage.REVIEW)]


class ActionShowDraft(Action):
    def name(self) -> str:
        return "action_show_draft"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if told_not_ready(dispatcher, tracker):
            return []
        return show_draft(dispatcher, tracker, domain)


class ActionDeleteDraft(Action):
    def name(self) -> str:
        return "action_delete_draft"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_deleted")
        return [AllSlotsReset()]
