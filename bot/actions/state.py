"""The conversation's state as the action server reads and writes it: typed, each name once.

Slots the pages read are named by the contract (contract.conversation.Slot); the rest are
the action server's own. Every read of a slot goes through an accessor here, so a slot's shape
is written down in one place.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, cast

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.quotes import Quote
from contract.conversation import Slot, Stage

# What a form's validation returns: slot name to value.
Slots = dict[str, Any]

# The action server's own slots (the pages never read them).
PENDING = "pending"
SKIPPED_PARTS = "skipped"
QUESTIONS = "questions"
PERSON_REFERENCE = "person_reference"
# Whether the person will answer the "before we meet" questions ("yes", or "no": not asked).
BEFORE_WE_MEET_SLOT = "before_we_meet"
NOT_BEFORE_WE_MEET = "no"
# The value of a question's slot once the person has skipped it: the form only needs it filled.
SKIPPED = "(skipped)"
REQUESTED_SLOT = "requested_slot"
RESUME_CODE = "resume_code"
# A carer's yes or no: the cared-for person's name and town may be used to suggest a match.
MATCH_CONSENT = "match_consent"
# Which thing that matters "what would help with it?" is about (its index in `outcomes`).
HELP_INDEX = "help_index"
# A review of a plan sent before (domain/plan_review.yml).
REVIEW_OF = Slot.REVIEW_OF.value
REVIEWED = Slot.REVIEWED.value
REVIEW_PENDING = Slot.REVIEW_PENDING.value
REVIEW_CLAIMED = "review_claimed"


class Pending(TypedDict, total=False):
    """An answer being reflected back, before it is kept: an outcome (`what`, `why`) or a
    change to the draft (`edit_what`, `edit_why`). A `why` set to None was skipped."""

    what: Quote
    why: Quote | None
    # "I want to add something" was chosen: the next answer is added, with its own provenance.
    adding: bool
    added: list[Quote]
    edit_what: Quote
    edit_why: Quote | None


PendingPart = Literal["what", "why", "edit_what", "edit_why"]


class ReviewedOutcome(TypedDict, total=False):
    """One thing that mattered in the plan under review, talked about again: its position in
    that plan, and the person's answers (None when skipped)."""

    position: int
    now: Quote | None
    movement: str | None
    helped: Quote | None
    in_the_way: Quote | None
    still_matters: Quote | None


class OutcomeUnderReview(TypedDict):
    position: int
    what: Quote
    why: Quote | None


class ReviewOf(TypedDict):
    """What the API gave for a review code: the plan under review, quoted exactly."""

    plan_reference: str
    role: str
    last_talked_at: str
    note: str | None
    outcomes: list[OutcomeUnderReview]
    sections: dict[str, list[Quote]]


def review_of(tracker: Tracker) -> ReviewOf | None:
    """The plan this conversation reviews; None in a first conversation."""
    value = tracker.get_slot(REVIEW_OF)
    # The slot holds only what ActionReviewCode put there.
    return cast(ReviewOf, value) if value else None


def reviewed_of(tracker: Tracker) -> list[ReviewedOutcome]:
    return [cast(ReviewedOutcome, dict(entry)) for entry in tracker.get_slot(REVIEWED) or []]


def review_pending_of(tracker: Tracker) -> ReviewedOutcome:
    """A copy of the thing that mattered being talked about now."""
    return cast(ReviewedOutcome, dict(tracker.get_slot(REVIEW_PENDING) or {}))


def stage_of(tracker: Tracker) -> Stage | None:
    value = tracker.get_slot(Slot.STAGE)
    return Stage(value) if value in set(Stage) else None


def set_stage(stage: Stage) -> SlotSet:
    return SlotSet(Slot.STAGE.value, stage.value)


def already_sent(tracker: Tracker) -> bool:
    """The plan of this conversation has been sent: there is no draft to change any more."""
    return stage_of(tracker) is Stage.SENT


def told_already_sent(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """If the plan has been sent, say so with its reference (and do nothing else)."""
    if not already_sent(tracker):
        return False
    dispatcher.utter_message(response="utter_already_sent", reference=plan_reference_of(tracker))
    return True


def mark_sent(reference: str) -> list[SlotSet]:
    return [set_stage(Stage.SENT), SlotSet(Slot.PLAN_REFERENCE.value, reference)]


def plan_reference_of(tracker: Tracker) -> str | None:
    reference = tracker.get_slot(Slot.PLAN_REFERENCE)
    return str(reference) if reference else None


def pending_of(tracker: Tracker) -> Pending:
    """A copy of the answer being reflected back, to change and set again."""
    # The slot holds only what this module's callers put there.
    return cast(Pending, dict(tracker.get_slot(PENDING) or {}))


def easy_read_of(tracker: Tracker) -> bool:
    """The conversation is in Easy Read: its own variation of each response (domain/)."""
    return tracker.get_slot(Slot.EASY_READ) is True
