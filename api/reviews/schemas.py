"""Review invitations (practitioners), the bot's claim of a code, and a plan's history.

Every quote is the person's exact words as stored, with the message it came from; the note is
the practitioner's exact words. Nothing here strips or rewrites text.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from api.plans.models import Plan, PlanRole, PlanStatus
from api.plans.schemas import ConversationId, Quote, StorableText, reviewed_outcomes
from api.practitioners.schemas import PractitionerOut
from contract.plan import (
    REVIEW_CODE_DAYS,
    REVIEW_CODE_MAX_DAYS,
    REVIEW_NOTE_LENGTH,
    REVIEW_SECTIONS_FOR,
    Movement,
    Part,
)

# The carer's s.9 parts a review asks again (able and willing, emergencies, a break): quoted
# back from the plan at the start of a carer's review, and shown over time in the history.
CARER_PARTS_OVER_TIME: tuple[Part, ...] = tuple(
    part for part in REVIEW_SECTIONS_FOR[PlanRole.CARER] if part is not Part.ANYTHING_ELSE
)


class InvitationIn(BaseModel):
    note: (
        Annotated[
            StorableText,
            Field(
                min_length=1,
                max_length=REVIEW_NOTE_LENGTH,
                description="Plain words the assistant reads to the person at the start.",
            ),
        ]
        | None
    ) = None
    expires_in_days: Annotated[
        int,
        Field(ge=1, le=REVIEW_CODE_MAX_DAYS, description="How long the code works, in days."),
    ] = REVIEW_CODE_DAYS


class InvitationCreatedOut(BaseModel):
    """The new invitation, with its code: the only time the code is ever given."""

    id: int
    plan_id: int
    code: Annotated[str, Field(description="ABCD-EFGH-JKLM-NPQR: give it to the person.")]
    note: str | None
    created_at: datetime
    expires_at: datetime


class InvitationState(enum.StrEnum):
    OPEN = "open"  # not claimed yet, and not expired
    CLAIMED = "claimed"  # a conversation claimed the code; its review is not sent yet
    SENT = "sent"  # the review was received
    EXPIRED = "expired"  # never claimed, and too late now


class InvitationOut(BaseModel):
    """An invitation as practitioners see it: never its code."""

    id: int
    note: str | None
    created_by: PractitionerOut
    created_at: datetime
    expires_at: datetime
    state: InvitationState
    review_plan_id: int | None


class ClaimIn(BaseModel):
    code: Annotated[
        str,
        Field(
            max_length=200,
            description="The code as the person typed it: any case, with or without dashes or "
            "spaces, even around other words.",
        ),
    ]
    conversation_id: ConversationId


class ClaimReason(enum.StrEnum):
    UNKNOWN = "unknown"  # 404: no such code (or nothing shaped like one)
    EXPIRED = "expired"  # 410
    USED = "used"  # 409: claimed by another conversation, or its review already sent
    CLOSED = "closed"  # 409: the plan under review is closed
    TOO_MANY = "too_many"  # 429: too many unknown codes from this conversation


class ClaimProblemOut(BaseModel):
    detail: str
    reason: ClaimReason


class ClaimedOutcome(BaseModel):
    position: Annotated[int, Field(description="Its position in the plan: `reviewed[].position`.")]
    what: Quote
    why: Quote | None


class ClaimOut(BaseModel):
    """What the review quotes back to the person: only what they sent in the plan under
    review, exactly."""

    invitation_id: int
    plan_reference: str
    role: PlanRole
    last_talked_at: Annotated[
        datetime, Field(description="When the plan, or the latest review of it, was sent.")
    ]
    note: Annotated[str | None, Field(description="The practitioner's words, to read first.")]
    outcomes: Annotated[list[ClaimedOutcome], Field(description="By position.")]
    sections: Annotated[
        dict[Part, list[Quote]],
        Field(
            description="A carer's plan: what they said of keep_caring, emergency_plan and "
            "need_break (each key present, maybe empty). Empty for a person."
        ),
    ]


class HistoryPlan(BaseModel):
    id: int
    reference: str
    role: PlanRole
    sent_at: datetime


class HistoryAnswer(BaseModel):
    """One review's answers about one thing that mattered."""

    review_id: int
    reference: str
    sent_at: datetime
    now: Quote | None
    movement: Movement | None
    helped: Quote | None
    in_the_way: Quote | None
    still_matters: Quote | None


class HistoryOutcome(BaseModel):
    position: int
    what: Quote
    why: Quote | None
    reviews: Annotated[list[HistoryAnswer], Field(description="Oldest review first.")]


class HistoryNewOutcome(BaseModel):
    review_id: int
    reference: str
    sent_at: datetime
    what: Quote
    why: Quote | None


class HistoryQuote(BaseModel):
    review_id: Annotated[int | None, Field(description="null: the plan's own words.")]
    sent_at: datetime
    quote: Quote


class HistoryReview(BaseModel):
    id: int
    reference: str
    sent_at: datetime
    status: PlanStatus


def _by_position(plan: Plan, part: Part) -> dict[int, Quote]:
    return {item.position: Quote.from_item(item) for item in plan.items if item.section == part}


def _in_order(plan: Plan, part: Part) -> list[Quote]:
    return [quote for _, quote in sorted(_by_position(plan, part).items())]


class HistoryOut(BaseModel):
    """A plan and every review of it, oldest first: the first words are never overwritten,
    each review's answers sit beside them."""

    plan: HistoryPlan
    outcomes: list[HistoryOutcome]
    new_outcomes: Annotated[
        list[HistoryNewOutcome], Field(description="New things that matter, by review.")
    ]
    sections: Annotated[
        dict[Part, list[HistoryQuote]],
        Field(
            description="A carer's keep_caring, emergency_plan and need_break over time (the "
            "plan's words first, then each review's), and each review's anything_else."
        ),
    ]
    reviews: list[HistoryReview]

    @classmethod
    def from_plans(cls, plan: Plan, reviews: Sequence[Plan]) -> HistoryOut:
        answers = {review.id: reviewed_outcomes(review) for review in reviews}
        whys = _by_position(plan, Part.WHY_IT_MATTERS)
        outcomes = [
            HistoryOutcome(
                position=position,
                what=what,
                why=whys.get(position),
                reviews=[
                    HistoryAnswer(
                        review_id=review.id,
                        reference=review.reference,
                        sent_at=review.sent_at,
                        **answer.model_dump(exclude={"position"}),
                    )
                    for review in reviews
                    for answer in answers[review.id]
                    if answer.position == position
                ],
            )
            for position, what in sorted(_by_position(plan, Part.WHAT_MATTERS).items())
        ]
        new_outcomes: list[HistoryNewOutcome] = []
        for review in reviews:
            review_whys = _by_position(review, Part.WHY_IT_MATTERS)
            new_outcomes.extend(
                HistoryNewOutcome(
                    review_id=review.id,
                    reference=review.reference,
                    sent_at=review.sent_at,
                    what=what,
                    why=review_whys.get(position),
                )
                for position, what in sorted(_by_position(review, Part.WHAT_MATTERS).items())
            )
        sections: dict[Part, list[HistoryQuote]] = {}
        for part in REVIEW_SECTIONS_FOR[plan.role]:
            over_time = (
                [
                    HistoryQuote(review_id=None, sent_at=plan.sent_at, quote=quote)
                    for quote in _in_order(plan, part)
                ]
                if part in CARER_PARTS_OVER_TIME
                else []
            )
            over_time.extend(
                HistoryQuote(review_id=review.id, sent_at=review.sent_at, quote=quote)
                for review in reviews
                for quote in _in_order(review, part)
            )
            sections[part] = over_time
        return cls(
            plan=HistoryPlan(
                id=plan.id, reference=plan.reference, role=plan.role, sent_at=plan.sent_at
            ),
            outcomes=outcomes,
            new_outcomes=new_outcomes,
            sections=sections,
            reviews=[
                HistoryReview(
                    id=review.id,
                    reference=review.reference,
                    sent_at=review.sent_at,
                    status=review.status,
                )
                for review in reviews
            ],
        )
