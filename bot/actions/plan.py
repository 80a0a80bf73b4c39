"""The draft plan: which sections it has, and the payload the practitioner API receives."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, TypedDict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from typing_extensions import Required

from bot.actions.quotes import Quote
from bot.actions.safety import FLAGS
from bot.actions.state import (
    BEFORE_WE_MEET_SLOT,
    MATCH_CONSENT,
    NOT_BEFORE_WE_MEET,
    PERSON_REFERENCE,
    QUESTIONS,
    SKIPPED,
    SKIPPED_PARTS,
    ReviewedOutcome,
    pending_of,
    review_of,
    review_pending_of,
    reviewed_of,
    told_already_sent,
)
from contract.plan import (
    BEFORE_WE_MEET,
    NO_REFERENCE,
    REVIEW_SECTIONS_FOR,
    SECTIONS_FOR,
    WHOLE_PLAN_HELP,
    Kind,
    Part,
    Role,
)

# "Nothing's not working": no follow-up about how it affects their day.
_NOTHING = re.compile(
    r"^\W*(?:no|nope|nah|none|nothing|not really|nothing really|all good|all fine|it's all fine)"
    r"\W*$",
    re.IGNORECASE,
)


class Outcome(TypedDict, total=False):
    what: Required[Quote]
    why: Required[Quote | None]  # None when the person skipped "why"
    # Added when it was read back to them; then what would help with it, and who could (None
    # when skipped; missing until asked).
    added: list[Quote]
    help: Quote | None
    who: Quote | None


def outcome_payload(outcome: Outcome) -> dict[str, Any]:
    """An outcome as the API takes it (contract.plan.OUTCOME_FIELDS)."""
    return {
        "what": outcome["what"],
        "why": outcome.get("why"),
        "added": list(outcome.get("added") or []),
        "help": outcome.get("help"),
        "who": outcome.get("who"),
    }


def outcomes_of(tracker: Tracker) -> list[Outcome]:
    return list(tracker.get_slot("outcomes") or [])


def answers_of(tracker: Tracker) -> dict[str, Quote]:
    return dict(tracker.get_slot("answers") or {})


def role_of(tracker: Tracker) -> Role:
    return Role.CARER if tracker.get_slot("role") == Role.CARER else Role.PERSON


def sections_for(tracker: Tracker) -> tuple[Part, ...]:
    """The free-text sections of this conversation, in the order they are asked."""
    if review_of(tracker) is not None:
        return REVIEW_SECTIONS_FOR[role_of(tracker)]
    return SECTIONS_FOR[role_of(tracker)]


def reviewed_so_far(tracker: Tracker) -> list[ReviewedOutcome]:
    """Every thing that mattered talked about again, with the one being talked about (if the
    person has said how it is now): nothing said is left behind by an urgent send."""
    reviewed = reviewed_of(tracker)
    pending = review_pending_of(tracker)
    if pending.get("now") is not None:
        reviewed.append(pending)
    return reviewed


def build_payload(tracker: Tracker, *, reference: str) -> dict[str, Any]:
    """The body of POST /api/v1/plans: only the person's quoted words and their provenance."""
    answers = answers_of(tracker)
    outcomes = [outcome_payload(o) for o in outcomes_of(tracker)]
    pending = pending_of(tracker)
    if pending.get("what"):
        # Sent mid-outcome (after a disclosure of risk, say): what they said is not left behind.
        outcomes.append(
            outcome_payload(
                {
                    "what": pending["what"],
                    "why": pending.get("why"),
                    "added": pending.get("added") or [],
                }
            )
        )
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
    if role_of(tracker) is Role.CARER:
        payload["match_consent"] = tracker.get_slot(MATCH_CONSENT) == "yes"
    under_review = review_of(tracker)
    if under_review is not None:
        payload["kind"] = Kind.REVIEW.value
        payload["reviews_plan"] = under_review["plan_reference"]
        payload["reviewed"] = reviewed_so_far(tracker)
    return payload


def _something_not_working(tracker: Tracker) -> bool:
    """They named something that is not working (not skipped, not "nothing")."""
    said = answers_of(tracker).get(Part.NOT_WORKING)
    return said is not None and not _NOTHING.match(said["text"] or "")


def asked_sections(tracker: Tracker) -> tuple[Part, ...]:
    """The free-text sections this conversation asks, in order: how it affects their day only
    after something not working was named; those before we meet only once the person agreed to
    them; whether it is safe to call only of someone who gave a way to reach them; and what
    would help, and who could, for the whole plan only when nothing that matters was named (each
    thing that matters is asked about on its own)."""
    declined = tracker.get_slot(BEFORE_WE_MEET_SLOT) == NOT_BEFORE_WE_MEET
    no_contact = tracker.get_slot(Part.CONTACT) == SKIPPED
    per_outcome = bool(outcomes_of(tracker))
    return tuple(
        part
        for part in sections_for(tracker)
        if not (part in BEFORE_WE_MEET and declined)
        and not (part in WHOLE_PLAN_HELP and per_outcome)
        and not (part is Part.SAFE_TO_CONTACT and no_contact)
        and not (part is Part.NOT_WORKING_EFFECT and not _something_not_working(tracker))
    )


def conversation_finished(tracker: Tracker) -> bool:
    """Every question asked has been answered or skipped (life_form fills each one's slot; in a
    review, plan_review_form fills its own too)."""
    under_review = review_of(tracker)
    if under_review is not None and (
        len(reviewed_of(tracker)) < len(under_review["outcomes"])
        or tracker.get_slot("review_new") is None
        or (tracker.get_slot("review_new") == "yes" and tracker.get_slot("more_outcomes") is None)
    ):
        return False
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
