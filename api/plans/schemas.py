"""The plan contract with the bot (PlanIn) and what practitioners read (PlanOut).

Text is never stripped or normalised: pydantic leaves strings as they are unless told otherwise,
and nothing here tells it otherwise.
"""

from __future__ import annotations

from base64 import urlsafe_b64decode, urlsafe_b64encode
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal, Self, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from api.core.security import MAX_ID
from api.plans.models import (
    STORED_SECTIONS,
    ConversationPart,
    FlagChoice,
    FlagLevel,
    FlagSource,
    Plan,
    PlanFlag,
    PlanItem,
    PlanKind,
    PlanRole,
    PlanStatus,
    SafetyCategory,
)
from api.practitioners.schemas import PractitionerOut

if TYPE_CHECKING:
    from api.plans.service import Match
from contract.plan import (
    ASKED_LENGTH,
    MAX_ADDED,
    OUTCOME_FIELDS,
    QUESTION,
    REVIEW_SECTIONS_FOR,
    SECTIONS_FOR,
    Follows,
    Movement,
    Part,
)


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


T = TypeVar("T")


def _distinct(values: list[T]) -> list[T]:
    if len(set(values)) != len(values):
        raise ValueError("must not repeat a value")
    return values


MAX_ITEMS = 50
# Distinct parts: a carer who skipped every one of them sends no more than this.
MAX_SKIPPED = len(Part)


class Quote(BaseModel):
    """The person's exact words, the message they came from, and the question they answered."""

    text: Annotated[StorableText, Field(min_length=1, max_length=100_000)]
    message_id: Annotated[StorableText, Field(max_length=255)] | None = None
    said_at: AwareDatetime
    asked: Annotated[
        StorableText | None,
        Field(
            max_length=ASKED_LENGTH,
            description="The question they were answering, exactly as it was shown to them.",
        ),
    ] = None
    follows: Annotated[
        Follows | None,
        Field(
            description="prompt: answered after an example was offered; safety_check: answered "
            "with or just after a safety check."
        ),
    ] = None

    @classmethod
    def from_item(cls, item: PlanItem | PlanFlag) -> Quote:
        return cls(
            text=item.text,
            message_id=item.message_id,
            said_at=item.said_at,
            asked=item.asked,
            follows=item.follows,
        )


class Outcome(BaseModel):
    """One thing that matters to the person, at its place in their order of priority: what it
    is, why it matters, what they added when it was read back to them, what would help with it
    and who could help with that (each optional but `what`)."""

    what: Quote
    why: Quote | None = None
    added: Annotated[
        list[Quote],
        Field(max_length=MAX_ADDED, description="What they added when it was read back."),
    ] = []
    help: Annotated[Quote | None, Field(description="What would help with this.")] = None
    who: Annotated[Quote | None, Field(description="Who could help with this.")] = None

    def quotes(self) -> dict[Part, list[Quote]]:
        """Its quotes by the part each is stored as (contract.plan.OUTCOME_FIELDS), in order."""
        found: dict[Part, list[Quote]] = {}
        for name, part in OUTCOME_FIELDS.items():
            value: Quote | list[Quote] | None = getattr(self, name)
            found[part] = value if isinstance(value, list) else [] if value is None else [value]
        return found


QuoteList = Annotated[list[Quote], Field(max_length=MAX_ITEMS)]


class Flag(BaseModel):
    """A message that raised the bot's safety response, quoted exactly: what kind of risk, how
    serious, what raised it, and what the person chose."""

    quote: Quote
    categories: Annotated[
        list[SafetyCategory],
        Field(min_length=1, max_length=len(SafetyCategory)),
        AfterValidator(_distinct),
    ]
    # The defaults are what every flag meant before levels: the phrase list's urgent response.
    level: FlagLevel = Field(
        default=FlagLevel.LIFE,
        description="concern (for the worker to ask about), check (asked, not answered), "
        "harm or life (both urgent).",
    )
    source: FlagSource = Field(
        default=FlagSource.PHRASE_LIST,
        description="phrase_list, classifier (never urgent on its own) or answer_to_check.",
    )
    choices: Annotated[
        list[FlagChoice],
        Field(max_length=8, description="What the person chose afterwards, in order."),
    ] = []


class FlagOut(Flag):
    raised_at: datetime = Field(description="When the API received the flag.")

    @classmethod
    def from_flag(cls, flag: PlanFlag) -> FlagOut:
        return cls(
            quote=Quote.from_item(flag),
            categories=flag.categories,
            level=flag.level,
            source=flag.source,
            choices=flag.choices,
            raised_at=flag.raised_at,
        )


FlagList = Annotated[list[Flag], Field(max_length=MAX_ITEMS)]
Skipped = Annotated[
    list[ConversationPart], Field(max_length=MAX_SKIPPED), AfterValidator(_distinct)
]
ConversationId = Annotated[StorableText, Field(min_length=1, max_length=255)]


class ReviewedOutcome(BaseModel):
    """A review's answers about one thing that mattered in the plan under review, at that
    outcome's position there: each in the person's words, or null if not given."""

    position: Annotated[
        int,
        Field(ge=0, lt=MAX_ITEMS, description="The outcome's position in the reviewed plan."),
    ]
    now: Quote | None = None
    movement: Annotated[
        Movement | None,
        Field(description="What the person chose (optional, never instead of their words)."),
    ] = None
    helped: Quote | None = None
    in_the_way: Quote | None = None
    still_matters: Quote | None = None


# Where each of a ReviewedOutcome's quotes is stored: a plan_item at the outcome's position.
REVIEWED_PARTS: dict[str, Part] = {
    "now": Part.REVIEW_NOW,
    "helped": Part.REVIEW_HELPED,
    "in_the_way": Part.REVIEW_IN_THE_WAY,
    "still_matters": Part.REVIEW_STILL_MATTERS,
}


def _distinct_positions(reviewed: list[ReviewedOutcome]) -> list[ReviewedOutcome]:
    _distinct([outcome.position for outcome in reviewed])
    return reviewed


Reference = Annotated[str, Field(pattern=r"^[A-Z0-9-]{6,20}$")]


# The free-text parts of a conversation, each a list of quotes, keyed by contract.plan.Part: a
# part the contract gains is taken with no change here. Unknown keys are refused (they would
# otherwise be lost), and so are parts this role is not asked (PlanIn._fits_the_role).
Sections = dict[Part, QuoteList]


class PlanIn(BaseModel):
    """What the bot sends when the person chooses to send their plan."""

    conversation_id: ConversationId
    reference: Annotated[str, Field(pattern=r"^[A-Z0-9-]{6,20}$")]
    sent_at: AwareDatetime
    role: Annotated[PlanRole, Field(description="A person's own plan, or an unpaid carer's.")] = (
        PlanRole.PERSON
    )
    person_reference: Annotated[
        str | None,
        Field(
            pattern=r"^[A-Z0-9-]{6,20}$",
            description="A carer's plan: the reference of the person's plan, if they gave it.",
        ),
    ] = None
    outcomes: Annotated[list[Outcome], Field(max_length=MAX_ITEMS)] = []
    sections: Annotated[
        Sections,
        Field(
            max_length=len(Part),
            description="The free-text parts of the conversation, each a list of quotes.",
        ),
    ] = {}
    questions: Annotated[
        QuoteList, Field(description="Questions the person asked for the practitioner.")
    ] = []
    safety_flags: Annotated[
        FlagList, Field(description="Messages that disclosed risk: any makes the plan urgent.")
    ] = []
    skipped: Annotated[
        Skipped, Field(description="The parts of the conversation the person chose to skip.")
    ] = []
    kind: Annotated[
        PlanKind,
        Field(description="A first plan, or a review of one (its own record, linked to it)."),
    ] = PlanKind.PLAN
    reviews_plan: Annotated[
        Reference | None,
        Field(description="A review: the reference of the plan it reviews (required then)."),
    ] = None
    match_consent: Annotated[
        bool,
        Field(
            description="A carer's plan: they agreed that the first name and town of the person "
            "they look after (sections cared_for_name, cared_for_town) may be used to suggest a "
            "match with that person's plan, to practitioners only."
        ),
    ] = False
    reviewed: Annotated[
        list[ReviewedOutcome],
        Field(
            max_length=MAX_ITEMS,
            description="A review: its answers about each thing that mattered in the reviewed "
            "plan, one per position at most. `outcomes` are then the new things that matter.",
        ),
        AfterValidator(_distinct_positions),
    ] = []

    @model_validator(mode="after")
    def _fits_the_role(self) -> Self:
        if self.role is PlanRole.PERSON and self.person_reference is not None:
            raise ValueError("person_reference belongs to a carer's plan")
        if self.role is PlanRole.PERSON and self.match_consent:
            raise ValueError("match_consent belongs to a carer's plan")
        review = self.kind is PlanKind.REVIEW
        if review and self.reviews_plan is None:
            raise ValueError("a review names the plan it reviews (reviews_plan)")
        if not review and (self.reviews_plan is not None or self.reviewed):
            raise ValueError("reviews_plan and reviewed belong to a review (kind: review)")
        asked = set((REVIEW_SECTIONS_FOR if review else SECTIONS_FOR)[self.role])
        given = {part for part, quotes in self.sections.items() if quotes}
        if not given <= asked:
            # Refused rather than stored: a practitioner would never see them.
            whose = f"a {self.role}'s review" if review else f"a {self.role}"
            raise ValueError(f"{whose} is not asked about: {', '.join(sorted(given - asked))}")
        return self


class FlagsIn(BaseModel):
    """Safety flags raised after the plan was sent, for the plan of this conversation."""

    conversation_id: ConversationId
    flags: Annotated[list[Flag], Field(min_length=1, max_length=MAX_ITEMS)]


class NoteIn(BaseModel):
    text: Annotated[StorableText, Field(min_length=1, max_length=20_000)]


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    text: str
    author: PractitionerOut
    created_at: datetime


class LinkedPlanOut(BaseModel):
    """Another plan linked to this one: enough to find it, none of its words."""

    id: int
    reference: str
    role: PlanRole


class LinkIn(BaseModel):
    plan_id: Annotated[int, Field(ge=1, le=MAX_ID, description="The plan to link to this one.")]


class MatchOut(BaseModel):
    """A person's plan that may be that of the person a carer looks after, suggested with the
    carer's consent: enough to find it and to judge the suggestion, none of anyone's words."""

    plan_id: int
    reference: str
    received_at: datetime
    matched: Annotated[
        list[Literal["first_name", "town"]],
        Field(description="What matched: always the first name; the town too, if it did."),
    ]

    @classmethod
    def from_match(cls, match: Match) -> MatchOut:
        return cls(
            plan_id=match.plan_id,
            reference=match.reference,
            received_at=match.received_at,
            matched=["first_name", "town"] if match.town_matches else ["first_name"],
        )


class ReviewRefOut(BaseModel):
    """A review of this plan: enough to find it."""

    id: int
    reference: str
    sent_at: datetime


def reviewed_outcomes(plan: Plan) -> list[ReviewedOutcome]:
    """A review's answers about each thing that mattered, by position, as sent."""
    quotes: dict[tuple[str, int], Quote] = {
        (item.section, item.position): Quote.from_item(item)
        for item in plan.items
        if item.section in REVIEWED_PARTS.values()
    }
    return [
        ReviewedOutcome(
            position=row.position,
            movement=row.movement,
            **{field: quotes.get((part, row.position)) for field, part in REVIEWED_PARTS.items()},
        )
        for row in sorted(plan.reviewed, key=lambda row: row.position)
    ]


class PlanOut(BaseModel):
    id: int
    reference: str
    conversation_id: str
    role: PlanRole
    kind: PlanKind
    reviews_plan_id: Annotated[
        int | None, Field(description="A review: the plan it reviews (null for a first plan).")
    ]
    person_reference: str | None
    match_consent: Annotated[
        bool, Field(description="A carer agreed to a match being suggested from their answers.")
    ]
    linked_plans: list[LinkedPlanOut]
    status: PlanStatus
    urgent: bool
    assigned_to: PractitionerOut | None
    sent_at: datetime
    received_at: datetime
    updated_at: datetime
    outcomes: list[Outcome]
    sections: Annotated[
        dict[Part, list[Quote]],
        Field(description="The free-text sections of this kind of plan, in the order asked."),
    ]
    questions: list[Quote]
    safety_flags: list[FlagOut]
    skipped: list[ConversationPart]
    notes: list[NoteOut]
    reviewed: Annotated[
        list[ReviewedOutcome],
        Field(description="A review: its answers about each thing that mattered, by position."),
    ]
    reviews: Annotated[
        list[ReviewRefOut], Field(description="The reviews of this plan, oldest sent first.")
    ]

    @classmethod
    def from_plan(
        cls, plan: Plan, *, linked: Sequence[Plan] = (), reviews: Sequence[Plan] = ()
    ) -> PlanOut:
        """The plan as stored: quotes regrouped into outcomes (in the person's order of
        priority) and sections, in position order, then ordinal order."""
        by_section: dict[str, dict[int, list[Quote]]] = {section: {} for section in STORED_SECTIONS}
        for item in sorted(plan.items, key=lambda i: (i.section, i.position, i.ordinal)):
            by_section[item.section].setdefault(item.position, []).append(Quote.from_item(item))

        def one(part: Part, position: int) -> Quote | None:
            return next(iter(by_section[part].get(position, [])), None)

        outcomes = [
            Outcome(
                what=whats[0],
                why=one(Part.WHY_IT_MATTERS, position),
                added=by_section[Part.OUTCOME_ADDED].get(position, []),
                help=one(Part.OUTCOME_HELP, position),
                who=one(Part.OUTCOME_WHO, position),
            )
            for position, whats in sorted(by_section[Part.WHAT_MATTERS].items())
        ]
        asked = REVIEW_SECTIONS_FOR if plan.kind is PlanKind.REVIEW else SECTIONS_FOR
        sections = {
            section: [q for _, quotes in sorted(by_section[section].items()) for q in quotes]
            for section in asked[plan.role]
        }
        return cls(
            id=plan.id,
            reference=plan.reference,
            conversation_id=plan.conversation_id,
            role=plan.role,
            kind=plan.kind,
            reviews_plan_id=plan.reviews_plan_id,
            person_reference=plan.person_reference,
            match_consent=plan.match_consent,
            linked_plans=[
                LinkedPlanOut(id=other.id, reference=other.reference, role=other.role)
                for other in linked
            ],
            status=plan.status,
            urgent=plan.urgent,
            assigned_to=(
                PractitionerOut.model_validate(plan.assigned_to) if plan.assigned_to else None
            ),
            sent_at=plan.sent_at,
            received_at=plan.received_at,
            updated_at=plan.updated_at,
            outcomes=outcomes,
            sections=sections,
            questions=[q for _, quotes in sorted(by_section[QUESTION].items()) for q in quotes],
            safety_flags=[FlagOut.from_flag(flag) for flag in plan.flags],
            skipped=[skip.part for skip in plan.skips],
            notes=[NoteOut.model_validate(note) for note in plan.notes],
            reviewed=reviewed_outcomes(plan),
            reviews=[
                ReviewRefOut(id=review.id, reference=review.reference, sent_at=review.sent_at)
                for review in reviews
            ],
        )


@dataclass(frozen=True)
class PlanCursor:
    """Where a page of the practitioners' list ended: the last plan's place in its order
    (urgent first, then newest received, then highest id). The next page starts after it, so a
    deep page costs what the first does, and plans arriving meanwhile move nothing along."""

    urgent: bool
    received_at: datetime
    id: int

    @classmethod
    def after(cls, plan: Plan) -> PlanCursor:
        return cls(urgent=plan.urgent, received_at=plan.received_at, id=plan.id)

    def token(self) -> str:
        """Opaque to clients, and nothing of anyone's words in it."""
        raw = f"{int(self.urgent)}|{self.received_at.isoformat()}|{self.id}"
        return urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def parse(cls, token: str) -> PlanCursor:
        """The cursor a token stands for; ValueError if it is not one of ours."""
        try:
            raw = urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            urgent, received_at, plan_id = raw.split("|")
            cursor = cls(
                urgent={"0": False, "1": True}[urgent],
                received_at=datetime.fromisoformat(received_at),
                id=int(plan_id),
            )
        except (ValueError, KeyError, UnicodeDecodeError) as error:
            raise ValueError("not a cursor this API gave") from error
        if cursor.received_at.tzinfo is None or not 1 <= cursor.id <= MAX_ID:
            raise ValueError("not a cursor this API gave")
        return cursor


class PlanSummaryOut(BaseModel):
    id: int
    reference: str
    conversation_id: str
    role: PlanRole
    kind: PlanKind
    reviews_plan_id: int | None
    status: PlanStatus
    urgent: bool
    assigned_to: PractitionerOut | None
    sent_at: datetime
    received_at: datetime
    outcome_count: int
    note_count: int
    flag_count: int

    @classmethod
    def from_plan(
        cls, plan: Plan, *, outcome_count: int, note_count: int, flag_count: int
    ) -> PlanSummaryOut:
        return cls(
            id=plan.id,
            reference=plan.reference,
            conversation_id=plan.conversation_id,
            role=plan.role,
            kind=plan.kind,
            reviews_plan_id=plan.reviews_plan_id,
            status=plan.status,
            urgent=plan.urgent,
            assigned_to=(
                PractitionerOut.model_validate(plan.assigned_to) if plan.assigned_to else None
            ),
            sent_at=plan.sent_at,
            received_at=plan.received_at,
            outcome_count=outcome_count,
            note_count=note_count,
            flag_count=flag_count,
        )


class PlanUpdate(BaseModel):
    """Only the fields sent are changed; `assigned_to_id: null` unassigns."""

    model_config = ConfigDict(extra="forbid")

    status: PlanStatus | None = None
    assigned_to_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None

    @model_validator(mode="after")
    def _status_not_null(self) -> Self:
        if "status" in self.model_fields_set and self.status is None:
            raise ValueError("status cannot be null")
        return self


class CarerView(BaseModel):
    """One carer's plan, as it bears on the person: in the carer's own words."""

    plan: LinkedPlanOut
    what_matters_to_the_person: list[Quote]
    why_it_matters_to_the_person: list[Quote]
    the_carers_own_outcomes: list[Outcome]


class SideBySideOut(BaseModel):
    """What matters to the person in the person's words, beside each linked carer's view.

    Nothing is merged or reconciled: every quote is the exact words of whoever said it, with
    the message it came from.
    """

    person_plan: LinkedPlanOut
    what_matters_in_the_persons_words: list[Outcome]
    carers: list[CarerView]

    @classmethod
    def from_plans(cls, person: Plan, carers: Sequence[Plan]) -> SideBySideOut:
        views = []
        for carer in carers:
            out = PlanOut.from_plan(carer)
            views.append(
                CarerView(
                    plan=LinkedPlanOut(id=carer.id, reference=carer.reference, role=carer.role),
                    what_matters_to_the_person=out.sections[Part.PERSON_MATTERS],
                    why_it_matters_to_the_person=out.sections[Part.PERSON_MATTERS_WHY],
                    the_carers_own_outcomes=out.outcomes,
                )
            )
        return cls(
            person_plan=LinkedPlanOut(id=person.id, reference=person.reference, role=person.role),
            what_matters_in_the_persons_words=PlanOut.from_plan(person).outcomes,
            carers=views,
        )
