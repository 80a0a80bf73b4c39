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


def build_payload(tracker: Tracker, *, reference: str) -> dict[str, Any]:
    """The body of POST /api/v1/plans: only the person's quoted words and their provenance."""
    answers = answers_of(tracker)
    outcomes = [{"what": o["what"], "why": o.get("why")} for o in outcomes_of(tracker)]
    pending = tracker.get_slot("pending") or {}
    if pending.get("what"):
        # Sent mid-outcome (after a disclosure of risk, say): what they said is not left behind.
        outcomes.append({"what": pending["what"], "why": pending.get("why")})
    return {
        "conversation_id": tracker.sender_id,
        "reference": reference,
        "sent_at": datetime.now(tz=timezone.utc).isoformat(),
        "outcomes": outcomes,
        "sections": {section: [answers[section]] for section in SECTIONS if section in answers},
        "questions": list(tracker.get_slot("questions") or []),
        "safety_flags": list(tracker.get_slot("safety_flags") or []),
        "skipped": list(tracker.get_slot("skipped") or []),
    }


def conversation_finished(tracker: Tracker) -> bool:
    """Every question has been answered or skipped (life_form fills every section's slot)."""
    return all(tracker.get_slot(section) is not None for section in SECTIONS)
