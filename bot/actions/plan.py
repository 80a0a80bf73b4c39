"""The draft plan: which sections it has, and the payload the practitioner API receives."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, TypedDict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.quotes import Quote
from bot.actions.safety import FLAGS
from bot.actions.state import (
    BEFORE_WE_MEET_SLOT,
    NOT_BEFORE_WE_MEET,
    PERSON_REFERENCE,
    QUESTIONS,
    SKIPPED,
    SKIPPED_PARTS,
    pending_of,
    told_already_sent,
)
from contract.plan import BEFORE_WE_MEET, NO_REFERENCE, SECTIONS_FOR, Part, Role


class Outcome(TypedDict):
    what: Quote
    why: Quote | None  # None when the person skipped "why"


def outcomes_of(tracker: Tracker) -> list[Outcome]:
    return list(tracker.get_slot("outcomes") or [])


def answers_of(tracker: Tracker) -> dict[str, Quote]:
    return dict(tracker.get_slot("answers") or {})


def role_of(tracker: Tracker) -> Role:
    return Role.CARER if tracker.get_slot("role") == Role.CARER else Role.PERSON


def sections_for(tracker: Tracker) -> tuple[Part, ...]:
    """The free-text sections of this conversation, in the order they are asked."""
    return SECTIONS_FOR[role_of(tracker)]


def build_payload(tracker: Tracker, *, reference: str) -> dict[str, Any]:
    """The body of POST /api/v1/plans: only the person's quoted words and their provenance."""
    answers = answers_of(tracker)
    outcomes = [{"what": o["what"], "why": o.get("why")} for o in outcomes_of(tracker)]
    pending = pending_of(tracker)
    if pending.get("what"):
        # Sent mid-outcome (after a disclosure of risk, say): what they said is not left behind.
        outcomes.append({"what": pending["what"], "why": pending.get("why")})
    payload: dict[str, Any] = {
        "conversation_id": tracker.sender_id,
        "reference": reference,
        "role": role_of(tracker).value,
        "sent_at": datetime.now(tz=timezone.utc).isoformat(),
        "outcomes": outcomes,
        "sections": {
            section.value: [answers[section]]
            for section in sections_for(tracker)
            if section in answers
        },
        "questions": list(tracker.get_slot(QUESTIONS) or []),
        "safety_flags": list(tracker.get_slot(FLAGS) or []),
        "skipped": list(tracker.get_slot(SKIPPED_PARTS) or []),
    }
    person_reference = tracker.get_slot(PERSON_REFERENCE)
    if role_of(tracker) is Role.CARER and person_reference and person_reference != NO_REFERENCE:
        payload["person_reference"] = person_reference
    return payload


def asked_sections(tracker: Tracker) -> tuple[Part, ...]:
    """The free-text sections this conversation asks, in order: those before we meet only once
    the person agreed to them, and whether it is safe to call only of someone who gave a way to
    reach them."""
    declined = tracker.get_slot(BEFORE_WE_MEET_SLOT) == NOT_BEFORE_WE_MEET
    no_contact = tracker.get_slot(Part.CONTACT) == SKIPPED
    return tuple(
        part
        for part in sections_for(tracker)
        if not (part in BEFORE_WE_MEET and declined)
        and not (part is Part.SAFE_TO_CONTACT and no_contact)
    )


def conversation_finished(tracker: Tracker) -> bool:
    """Every question asked has been answered or skipped (life_form fills each one's slot)."""
    return all(tracker.get_slot(section) is not None for section in asked_sections(tracker))


def told_not_ready(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Before a plan is shown as a draft or sent: if it was sent already, or the conversation
    has not finished, tell the person so and say True."""
    if told_already_sent(dispatcher, tracker):
        return True
    if not conversation_finished(tracker):
        dispatcher.utter_message(response="utter_not_finished")
        return True
    return False
