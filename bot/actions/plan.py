"""The draft plan: which sections it has, and the payload the practitioner API receives."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Any, TypedDict

from rasa_sdk import Tracker

from bot.actions.quotes import Quote

# The free-text sections after "what matters", in the order they are asked and shown.
# Each is a slot of life_form, a key of the `answers` slot, a key of the API's `sections`,
# and has a heading response `utter_heading_<section>` in domain.yml.
SECTIONS: tuple[str, ...] = (
    "working_well",
    "not_working",
    "strengths",
    "people",
    "what_would_help",
    "who_could_help",
    "anything_else",
)

# A carer's conversation (Carers (Scotland) Act 2016, s.9(1)): who they look after and how
# caring affects them, and their view of what matters to that person, are asked before what
# matters to the carer; then their own life, strengths and help. Each section is a slot like
# those above.
CARER_OPENING: tuple[str, ...] = (
    "cared_for",
    "caring_role",
    "caring_impact",
    "person_matters",
    "person_matters_why",
)
CARER_LIFE: tuple[str, ...] = (
    "keep_caring",
    "emergency_plan",
    "need_break",
    "strengths",
    "people",
    "what_would_help",
    "who_could_help",
    "anything_else",
)
CARER_SECTIONS = CARER_OPENING + CARER_LIFE
CARER = "carer"
PERSON = "person"
# The value of `person_reference` when a carer has no reference to give.
NO_REFERENCE = "none"

MAX_OUTCOMES = 10

# No 0/O or 1/I: a reference is read out over the phone.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    return "WM-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


class Outcome(TypedDict):
    what: Quote
    why: Quote | None  # None when the person skipped "why"


def outcomes_of(tracker: Tracker) -> list[Outcome]:
    return list(tracker.get_slot("outcomes") or [])


def answers_of(tracker: Tracker) -> dict[str, Quote]:
    return dict(tracker.get_slot("answers") or {})


def role_of(tracker: Tracker) -> str:
    return CARER if tracker.get_slot("role") == CARER else PERSON


def sections_for(tracker: Tracker) -> tuple[str, ...]:
    """The free-text sections of this conversation, in the order they are asked."""
    return CARER_SECTIONS if role_of(tracker) == CARER else SECTIONS


def build_payload(tracker: Tracker, *, reference: str) -> dict[str, Any]:
    """The body of POST /api/v1/plans: only the person's quoted words and their provenance."""
    answers = answers_of(tracker)
    outcomes = [{"what": o["what"], "why": o.get("why")} for o in outcomes_of(tracker)]
    pending = tracker.get_slot("pending") or {}
    if pending.get("what"):
        # Sent mid-outcome (after a disclosure of risk, say): what they said is not left behind.
        outcomes.append({"what": pending["what"], "why": pending.get("why")})
    payload: dict[str, Any] = {
        "conversation_id": tracker.sender_id,
        "reference": reference,
        "role": role_of(tracker),
        "sent_at": datetime.now(tz=timezone.utc).isoformat(),
        "outcomes": outcomes,
        "sections": {
            section: [answers[section]] for section in sections_for(tracker) if section in answers
        },
        "questions": list(tracker.get_slot("questions") or []),
        "safety_flags": list(tracker.get_slot("safety_flags") or []),
        "skipped": list(tracker.get_slot("skipped") or []),
    }
    person_reference = tracker.get_slot("person_reference")
    if role_of(tracker) == CARER and person_reference and person_reference != NO_REFERENCE:
        payload["person_reference"] = person_reference
    return payload


def conversation_finished(tracker: Tracker) -> bool:
    """Every question has been answered or skipped (life_form fills every section's slot)."""
    return all(tracker.get_slot(section) is not None for section in sections_for(tracker))
