"""Looking again at a plan sent before (a review): "Last time you said: “…”. How is that now?"

A worker gives the person a review code. With it, the API gives back the plan under review,
quoted exactly (ActionReviewCode); then plan_review_form talks about each thing that mattered in
turn: how it is now, an optional choice of better, the same or worse (never instead of their
words), what helped, what got in the way, and whether it still matters. A carer is then asked
again about the parts of caring that change; then anyone may add new things that matter (the
same what, why and reflect-back as a first conversation) and anything else. The draft, sending,
every repair command and the safety response are the first conversation's own.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from datetime import date
from typing import Any, cast

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.acknowledge import acknowledge
from bot.actions.api_client import ClaimRefused, claim_review
from bot.actions.outcomes import (
    NO_MORE_OUTCOMES,
    ActionAskOutcomeWhat,
    ValidateOutcomesForm,
    outcome_round_slots,
)
from bot.actions.plan import outcomes_of, role_of
from bot.actions.quotes import fill, intent_of, response_text, take_answer
from bot.actions.repair import SKIPPED
from bot.actions.sections import reopen_section, skip_section
from bot.actions.state import (
    REVIEW_CLAIMED,
    REVIEW_OF,
    REVIEW_PENDING,
    REVIEWED,
    ReviewedOutcome,
    ReviewOf,
    Slots,
    easy_read_of,
    review_of,
    review_pending_of,
    reviewed_of,
    set_stage,
    stage_of,
)
from contract.conversation import Slot, Stage
from contract.formats import code_in
from contract.plan import Movement, Part, Role

logger = logging.getLogger(__name__)

# The questions about each thing that mattered, in order, and where each answer is kept in a
# ReviewedOutcome.
PER_OUTCOME: dict[str, str] = {
    "review_now": "now",
    "review_movement": "movement",
    "review_helped": "helped",
    "review_in_the_way": "in_the_way",
    "review_still_matters": "still_matters",
}
_FIRST = "review_now"
# A carer is asked again about the parts of caring that change (Carers (Scotland) Act, s.9).
CARER_AGAIN: tuple[Part, ...] = (
    Part.KEEP_CARING,
    Part.EMERGENCY_PLAN,
    Part.FUTURE_CARE,
    Part.NEED_BREAK,
)
NEW_GATE = "review_new"
NEW_OUTCOME_SLOTS = (
    "outcome_what",
    "outcome_why",
    "outcome_added",
    "outcome_confirmed",
    "more_outcomes",
)

# Always set by action_review_code: its rules read it to begin the review, or not.
_NOT_CLAIMED: list[EventType] = [SlotSet(REVIEW_CLAIMED, False)]
# A review is a conversation of its own: one under way is finished or paused first.
_UNDER_WAY = (Stage.TALKING, Stage.REVIEW, Stage.SENT)
_REFUSED = {
    ClaimRefused.UNKNOWN: "utter_review_unknown",
    ClaimRefused.EXPIRED: "utter_review_expired",
    ClaimRefused.USED: "utter_review_used",
    ClaimRefused.CLOSED: "utter_review_closed",
    ClaimRefused.TOO_MANY: "utter_review_too_many",
    ClaimRefused.UNAVAILABLE: "utter_review_unavailable",
}
# What a person may type instead of pressing a button for how it has gone.
_TYPED_MOVEMENTS = {
    "better": Movement.BETTER,
    "a bit better": Movement.BETTER,
    "much better": Movement.BETTER,
    "same": Movement.SAME,
    "the same": Movement.SAME,
    "about the same": Movement.SAME,
    "worse": Movement.WORSE,
    "a bit worse": Movement.WORSE,
    "much worse": Movement.WORSE,
    "rather not say": Movement.RATHER_NOT_SAY,
    "i'd rather not say": Movement.RATHER_NOT_SAY,
    "i would rather not say": Movement.RATHER_NOT_SAY,
}


def review_slots(tracker: Tracker) -> list[str]:
    """The questions of this review still to come round to, in order: the next thing that
    mattered while any is left, then the rest."""
    under_review = review_of(tracker)
    if under_review is None:
        return []
    if len(reviewed_of(tracker)) < len(under_review["outcomes"]):
        return list(PER_OUTCOME)
    slots = [part.value for part in CARER_AGAIN] if role_of(tracker) is Role.CARER else []
    slots.append(NEW_GATE)
    if tracker.get_slot(NEW_GATE) == "yes":
        slots.extend(outcome_round_slots(tracker))
    slots.append(Part.ANYTHING_ELSE.value)
    return slots


def _shown(value: Any) -> str:
    """What a per-outcome slot holds for an answer: its words, the choice, or that it was
    skipped (the form only needs it filled; the answer itself is kept in a ReviewedOutcome)."""
    return str((value.get("text") if isinstance(value, dict) else value) or SKIPPED)


def _outcome_slots(outcome: ReviewedOutcome) -> Slots:
    """The per-outcome slots as filled by a thing talked about already."""
    answers = cast(dict[str, Any], outcome)
    return {slot: _shown(answers.get(key)) for slot, key in PER_OUTCOME.items()}


def _reopen_last_outcome(tracker: Tracker) -> Slots | None:
    """Back from the question after the last thing that mattered: ask whether it still
    matters again, with its other answers kept."""
    reviewed = reviewed_of(tracker)
    if not reviewed:
        return None
    last = reviewed[-1]
    pending = {key: value for key, value in last.items() if key != "still_matters"}
    return {
        **_outcome_slots(last),
        "review_still_matters": None,
        REVIEWED: reviewed[:-1],
        REVIEW_PENDING: pending,
    }


class ValidatePlanReviewForm(ValidateOutcomesForm):
    """The review's questions. New things that matter are asked with the first conversation's
    own validation (ValidateOutcomesForm), and a carer's parts and anything else with its
    sections' (SectionValidation)."""

    explain_fallback = "review_now"

    def name(self) -> str:
        return "validate_plan_review_form"

    async def question_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        return review_slots(tracker)

    def skip(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        if slot == "review_movement" and intent_of(tracker) == "rather_not_say":
            # "I'd rather not say" is itself one of the choices.
            return self._answer(slot, Movement.RATHER_NOT_SAY.value, dispatcher, tracker)
        if slot in PER_OUTCOME:
            return self._answer(slot, None, dispatcher, tracker)
        if slot == NEW_GATE:
            return {NEW_GATE: "no"}
        if slot == "outcome_what" and not outcomes_of(tracker):
            # Nothing new after all: not a part of the plan that was skipped.
            return {**NO_MORE_OUTCOMES, "pending": {}}
        if slot in NEW_OUTCOME_SLOTS:
            return super().skip(slot, dispatcher, tracker)
        return skip_section(slot, tracker)

    def go_back(self, slot: str, tracker: Tracker) -> Slots | None:
        order = review_slots(tracker)
        index = order.index(slot)
        if slot in ("outcome_why", "outcome_added", "outcome_confirmed") or (
            slot in NEW_OUTCOME_SLOTS and outcomes_of(tracker)
        ):
            return super().go_back(slot, tracker)
        if index == 0 or slot == _FIRST:
            return _reopen_last_outcome(tracker)
        previous = order[index - 1]
        if previous in PER_OUTCOME:
            pending = cast(dict[str, Any], review_pending_of(tracker))
            pending.pop(PER_OUTCOME[previous], None)
            return {previous: None, REVIEW_PENDING: pending}
        if previous in (NEW_GATE, "more_outcomes"):
            return {previous: None}
        return reopen_section(previous, tracker)

    def _answer(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Slots:
        """Keep one answer about the thing that matters being talked about; after the last
        question about it, move on to the next one (the form then asks about that)."""
        under_review = review_of(tracker)
        assert under_review is not None  # the form asks these only in a review
        reviewed = reviewed_of(tracker)
        pending = cast(dict[str, Any], review_pending_of(tracker))
        pending["position"] = under_review["outcomes"][len(reviewed)]["position"]
        pending[PER_OUTCOME[slot]] = value
        slots: Slots = {slot: _shown(value), REVIEW_PENDING: pending}
        if slot != "review_still_matters":
            return slots
        reviewed.append(cast(ReviewedOutcome, pending))
        slots.update({REVIEWED: reviewed, REVIEW_PENDING: {}})
        if len(reviewed) < len(under_review["outcomes"]):
            # Round again for the next thing that mattered.
            slots.update(dict.fromkeys(PER_OUTCOME))
        else:
            dispatcher.utter_message(response="utter_reviewed_all")
        return slots

    def _words(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        quote = take_answer(tracker, dispatcher)
        if quote is None:
            return {slot: None}
        acknowledge(dispatcher, tracker, quote["text"])
        return {**self._answer(slot, quote, dispatcher, tracker), Slot.STAGE: Stage.TALKING.value}

    async def validate_review_now(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return self._words("review_now", dispatcher, tracker)

    async def validate_review_movement(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        movement = _movement_in(tracker)
        if movement is None:
            dispatcher.utter_message(response="utter_please_choose")
            return {"review_movement": None}
        return self._answer("review_movement", movement.value, dispatcher, tracker)

    async def validate_review_helped(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return self._words("review_helped", dispatcher, tracker)

    async def validate_review_in_the_way(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return self._words("review_in_the_way", dispatcher, tracker)

    async def validate_review_still_matters(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return self._words("review_still_matters", dispatcher, tracker)

    async def validate_review_new(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        intent = intent_of(tracker)
        if intent == "affirm":
            return {NEW_GATE: "yes", **dict.fromkeys(NEW_OUTCOME_SLOTS)}
        if intent == "deny":
            return {NEW_GATE: "no"}
        dispatcher.utter_message(response="utter_please_choose")
        return {NEW_GATE: None}


def _movement_in(tracker: Tracker) -> Movement | None:
    """The choice of how it has gone: a button, or typed ("about the same")."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "movement" and entity.get("value") in set(Movement):
            return Movement(entity["value"])
    if intent_of(tracker) == "rather_not_say":
        return Movement.RATHER_NOT_SAY
    typed = " ".join((tracker.latest_message.get("text") or "").casefold().strip(" .!").split())
    return _TYPED_MOVEMENTS.get(typed.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'"))


class ActionReviewCode(Action):
    """A review code, typed ("review ABCD-EFGH-JKLM-NPQR") or given on the page: claimed for this
    conversation, and the review begun with what the worker wrote."""

    def name(self) -> str:
        return "action_review_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        said_review = "review" in text.casefold()
        if review_of(tracker) is not None or stage_of(tracker) in _UNDER_WAY:
            # A bare code here came from "resume": a resume code that is not one of ours.
            under_way = "utter_review_in_progress" if said_review else "utter_resume_not_found"
            dispatcher.utter_message(response=under_way)
            return _NOT_CLAIMED
        code = code_in(text)
        if code is None:
            dispatcher.utter_message(response="utter_how_to_give_review_code")
            return _NOT_CLAIMED
        claimed = await claim_review(code, tracker.sender_id)
        if claimed is ClaimRefused.UNKNOWN and not said_review:
            # A code typed on its own that is neither kind: said as a resume code always was.
            dispatcher.utter_message(response="utter_resume_not_found")
            return _NOT_CLAIMED
        if isinstance(claimed, ClaimRefused):
            dispatcher.utter_message(response=_REFUSED[claimed])
            return _NOT_CLAIMED
        under_review: ReviewOf = {
            "plan_reference": str(claimed["plan_reference"]),
            "role": str(claimed["role"]),
            "last_talked_at": str(claimed["last_talked_at"]),
            "note": claimed.get("note"),
            "outcomes": list(claimed.get("outcomes") or []),
            "sections": dict(claimed.get("sections") or {}),
        }
        easy_read = easy_read_of(tracker)
        welcome = response_text(domain, "utter_review_welcome", easy_read=easy_read)
        dispatcher.utter_message(text=fill(welcome, date=_day(under_review["last_talked_at"])))
        if under_review["note"]:
            note = response_text(domain, "utter_review_note", easy_read=easy_read)
            dispatcher.utter_message(text=fill(note, note=under_review["note"]))
        role = Role.CARER if under_review["role"] == Role.CARER else Role.PERSON
        return [
            SlotSet(REVIEW_OF, under_review),
            SlotSet(Slot.ROLE.value, role.value),
            SlotSet(REVIEWED, []),
            SlotSet(REVIEW_PENDING, {}),
            set_stage(Stage.TALKING),
            SlotSet(REVIEW_CLAIMED, True),
        ]


def _day(timestamp: str) -> str:
    """A date as people say it: 3 March 2026."""
    try:
        # The day alone: Python 3.10 (Rasa's) reads neither "Z" nor every fraction of a second.
        day = date.fromisoformat(timestamp[:10])
    except ValueError:
        logger.warning("The API gave a last-talked date that is not a date")
        return timestamp
    return f"{day.day} {day:%B %Y}"


class ActionAskReviewNow(Action):
    """ "Last time you said: “…”. How is that now?", quoting the plan under review exactly."""

    def name(self) -> str:
        return "action_ask_review_now"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        under_review = review_of(tracker)
        if under_review is None:
            return []
        outcome = under_review["outcomes"][len(reviewed_of(tracker))]
        template = response_text(domain, "utter_ask_review_now", easy_read=easy_read_of(tracker))
        dispatcher.utter_message(text=fill(template, what=outcome["what"]["text"]))
        return []


class _AskCarerPartAgain(Action, ABC):
    """A carer's part asked again, quoting what they said last time (if they said anything)."""

    @property
    @abstractmethod
    def part(self) -> Part:
        """The part this action asks about."""

    def name(self) -> str:
        return f"action_ask_plan_review_form_{self.part.value}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        under_review = review_of(tracker)
        said = under_review["sections"].get(self.part.value) if under_review else None
        if not said:
            dispatcher.utter_message(response=f"utter_ask_{self.part.value}")
            return []
        easy_read = easy_read_of(tracker)
        template = response_text(domain, "utter_ask_review_part", easy_read=easy_read)
        heading = response_text(domain, f"utter_review_part_{self.part.value}", easy_read=easy_read)
        dispatcher.utter_message(text=fill(template, part=heading, text=said[-1]["text"]))
        return []


class ActionAskPlanReviewFormKeepCaring(_AskCarerPartAgain):
    part = Part.KEEP_CARING


class ActionAskPlanReviewFormEmergencyPlan(_AskCarerPartAgain):
    part = Part.EMERGENCY_PLAN


class ActionAskPlanReviewFormFutureCare(_AskCarerPartAgain):
    part = Part.FUTURE_CARE


class ActionAskPlanReviewFormNeedBreak(_AskCarerPartAgain):
    part = Part.NEED_BREAK


class ActionAskPlanReviewFormOutcomeWhat(ActionAskOutcomeWhat):
    """ "What matters to you now?", then "What else matters to you?"."""

    first_response = "utter_ask_review_new_what"

    def name(self) -> str:
        return "action_ask_plan_review_form_outcome_what"
