"""The plan contract with the bot (PlanIn) and what practitioners read (PlanOut).

Text is never stripped or normalised: pydantic leaves strings as they are unless told otherwise,
and nothing here tells it otherwise.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from api.plans.models import FREE_TEXT_SECTIONS, Plan, PlanItem, PlanStatus, Section
from api.practitioners.schemas import PractitionerOut


def _storable(text: str) -> str:
    # PostgreSQL text cannot hold NUL, and no database can store a lone surrogate as UTF-8.
    # Refusing both on every backend keeps SQLite and PostgreSQL behaving alike.
    if "\x00" in text:
        raise ValueError("must not contain the NUL character (\\x00)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (no lone surrogates)") from None
    return text


StorableText = Annotated[str, AfterValidator(_storable)]

MAX_ITEMS = 50


class Quote(BaseModel):
    """The person's exact words, and the message they came from."""

    text: Annotated[StorableText, Field(min_length=1, max_length=100_000)]
    message_id: Annotated[StorableText, Field(max_length=255)] | None = None
    said_at: AwareDatetime

    @classmethod
    def from_item(cls, item: PlanItem) -> Quote:
        return cls(text=item.text, message_id=item.message_id, said_at=item.said_at)


class Outcome(BaseModel):
    """What matters to the person, and (if they said) why."""

    what: Quote
    why: Quote | None = None


QuoteList = Annotated[list[Quote], Field(max_length=MAX_ITEMS)]


class Sections(BaseModel):
    """The free-text sections. Unknown keys are refused: they would otherwise be lost."""

    model_config = ConfigDict(extra="forbid")

    working_well: QuoteList = []
    not_working: QuoteList = []
    strengths: QuoteList = []
    people: QuoteList = []
    what_would_help: QuoteList = []
    who_could_help: QuoteList = []
    anything_else: QuoteList = []


class PlanIn(BaseModel):
    """What the bot sends when the person chooses to send their plan."""

    conversation_id: Annotated[StorableText, Field(min_length=1, max_length=255)]
    reference: Annotated[str, Field(pattern=r"^[A-Z0-9-]{6,20}$")]
    sent_at: AwareDatetime
    outcomes: Annotated[list[Outcome], Field(max_length=MAX_ITEMS)] = []
    sections: Sections = Sections()


class NoteIn(BaseModel):
    text: Annotated[StorableText, Field(min_length=1, max_length=20_000)]


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    text: str
    author: PractitionerOut
    created_at: datetime


class PlanOut(BaseModel):
    id: int
    reference: str
    conversation_id: str
    status: PlanStatus
    assigned_to: PractitionerOut | None
    sent_at: datetime
    received_at: datetime
    updated_at: datetime
    outcomes: list[Outcome]
    sections: Sections
    notes: list[NoteOut]

    @classmethod
    def from_plan(cls, plan: Plan) -> PlanOut:
        """The plan as stored: quotes regrouped into outcomes and sections, in position order."""
        by_section: dict[Section, dict[int, Quote]] = {section: {} for section in Section}
        for item in plan.items:
            by_section[item.section][item.position] = Quote.from_item(item)
        whys = by_section[Section.WHY_IT_MATTERS]
        outcomes = [
            Outcome(what=what, why=whys.get(position))
            for position, what in sorted(by_section[Section.WHAT_MATTERS].items())
        ]
        sections = Sections.model_validate(
            {
                section.value: [quote for _, quote in sorted(by_section[section].items())]
                for section in FREE_TEXT_SECTIONS
            }
        )
        return cls(
            id=plan.id,
            reference=plan.reference,
            conversation_id=plan.conversation_id,
            status=plan.status,
            assigned_to=(
                PractitionerOut.model_validate(plan.assigned_to) if plan.assigned_to else None
            ),
            sent_at=plan.sent_at,
            received_at=plan.received_at,
            updated_at=plan.updated_at,
            outcomes=outcomes,
            sections=sections,
            notes=[NoteOut.model_validate(note) for note in plan.notes],
        )


class PlanSummaryOut(BaseModel):
    id: int
    reference: str
    conversation_id: str
    status: PlanStatus
    assigned_to: PractitionerOut | None
    sent_at: datetime
    received_at: datetime
    outcome_count: int
    note_count: int

    @classmethod
    def from_plan(cls, plan: Plan, *, outcome_count: int, note_count: int) -> PlanSummaryOut:
        return cls(
            id=plan.id,
            reference=plan.reference,
            conversation_id=plan.conversation_id,
            status=plan.status,
            assigned_to=(
                PractitionerOut.model_validate(plan.assigned_to) if plan.assigned_to else None
            ),
            sent_at=plan.sent_at,
            received_at=plan.received_at,
            outcome_count=outcome_count,
            note_count=note_count,
        )


class PlanUpdate(BaseModel):
    """Only the fields sent are changed; `assigned_to_id: null` unassigns."""

    model_config = ConfigDict(extra="forbid")

    status: PlanStatus | None = None
    assigned_to_id: int | None = None

    @model_validator(mode="after")
    def _status_not_null(self) -> Self:
        if "status" in self.model_fields_set and self.status is None:
            raise ValueError("status cannot be null")
        return self
