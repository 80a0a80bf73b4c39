"""Plans stored relationally: one row per quote, never a JSON blob.

The person's words are kept exactly as received (Text columns, no normalisation) so that
practitioners read what the person actually said.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from api.core.database import Base, UTCDateTime, utcnow
from api.practitioners.models import Practitioner
from contract.plan import QUESTION, Follows, Kind, Movement, Part, Role


class PlanStatus(enum.StrEnum):
    """Follow-up by practitioners, in order: a plan only ever moves forward."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    CONTACTED = "contacted"
    CLOSED = "closed"

    @property
    def rank(self) -> int:
        return list(PlanStatus).index(self)


# The parts of a conversation and whose plan it is are the bot's vocabulary as much as ours:
# both come from the contract package, written once.
ConversationPart = Part
PlanRole = Role
PlanKind = Kind
# What a stored quote is: a part of the conversation, or a question the person asked for the
# practitioner. Stored as text of at most PART_LENGTH characters and checked here, on the way
# in and out, not by the database (migration 0007): a part the contract gains needs no migration.
STORED_SECTIONS: tuple[str, ...] = (*(part.value for part in Part), QUESTION)
PART_LENGTH = 30


class SafetyCategory(enum.StrEnum):
    """What kind of risk a message disclosed."""

    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    ABUSE = "abuse"
    DOMESTIC_ABUSE = "domestic_abuse"
    NEGLECT = "neglect"
    UNSAFE_HOME = "unsafe_home"
    MEDICAL_EMERGENCY = "medical_emergency"
    # The classifier's finer categories, confirmed by the person's "yes" to a check.
    FINANCIAL_HARM = "financial_harm"
    PHYSICAL_HARM = "physical_harm"
    SEXUAL_HARM = "sexual_harm"
    PSYCHOLOGICAL_HARM = "psychological_harm"
    DANGER_TO_LIFE = "danger_to_life"
    # A worry for the worker to ask about, with no category of risk.
    WELLBEING = "wellbeing"
    # The bot's classifier heard risk that its phrase list could not name: a person reads it.
    OTHER = "other"


class FlagLevel(enum.StrEnum):
    """How serious the bot judged the message (the bot's bot/safety/levels.py), lowest first."""

    CONCERN = "concern"  # a wellbeing worry, for the worker to ask about; not urgent
    CHECK = "check"  # the bot asked a direct check, and the person has not answered it
    HARM = "harm"  # possible harm to an adult at risk: urgent
    LIFE = "life"  # risk to life or a medical emergency: urgent

    @property
    def urgent(self) -> bool:
        return self in (FlagLevel.HARM, FlagLevel.LIFE)


class FlagSource(enum.StrEnum):
    """What raised the flag, so the practitioner knows how far to trust its label."""

    PHRASE_LIST = "phrase_list"  # the reviewed phrase list named the risk
    CLASSIFIER = "classifier"  # only the classifier heard it (never urgent on its own)
    ANSWER_TO_CHECK = "answer_to_check"  # the person said yes to the bot's direct question


class FlagChoice(enum.StrEnum):
    """What the person chose after the safety response, in the order they chose."""

    YES = "yes"
    NO = "no"
    RATHER_NOT_SAY = "rather_not_say"
    SEND_NOW = "send_now"
    CARRY_ON = "carry_on"
    STOP = "stop"


E = TypeVar("E", bound=enum.StrEnum)


class _EnumList(TypeDecorator[list[E]]):
    """A list of a fixed vocabulary without commas, stored as one comma-separated text value in
    the order given; only this type reads or writes it, the rest of the code sees a list."""

    impl = String(100)
    cache_ok = True
    members: type[E]

    def process_bind_param(self, value: list[E] | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return ",".join(self.members(member).value for member in value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> list[E] | None:
        if value is None:
            return None
        return [self.members(member) for member in value.split(",") if member]


class SafetyCategories(_EnumList[SafetyCategory]):
    impl = String(255)
    cache_ok = True
    members = SafetyCategory


class FlagChoices(_EnumList[FlagChoice]):
    cache_ok = True
    members = FlagChoice


def _values(enum_class: type[enum.StrEnum]) -> list[str]:
    return [member.value for member in enum_class]


def _follows_column() -> Mapped[Follows | None]:
    """A quote's mark (migration 0010): it came after an example was offered, or with or just
    after a safety check; None for most answers."""
    return mapped_column(
        Enum(
            Follows,
            name="quote_follows",
            native_enum=False,
            length=20,
            values_callable=_values,
            validate_strings=True,
        )
    )


class Plan(Base):
    __tablename__ = "plans"
    # The practitioners' list: urgent plans first, then newest received first, then by id, so
    # that a page after a cursor is read straight from this index (migration 0008).
    __table_args__ = (Index(None, "urgent", "received_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # The Rasa sender id. Unique: the bot may send the same plan again (retries from its
    # outbox), and the constraint is what makes that idempotent even under a race.
    conversation_id: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[PlanStatus] = mapped_column(
        Enum(
            PlanStatus,
            name="plan_status",
            native_enum=False,
            create_constraint=True,
            length=20,
            values_callable=_values,
        ),
        default=PlanStatus.NEW,
    )
    assigned_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("practitioners.id", ondelete="SET NULL"), index=True
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # True once the plan has a safety flag; set in the same transaction as the flags.
    urgent: Mapped[bool] = mapped_column(default=False, server_default=false())
    role: Mapped[PlanRole] = mapped_column(
        Enum(PlanRole, name="plan_role", native_enum=False, length=10, values_callable=_values),
        default=PlanRole.PERSON,
        server_default=PlanRole.PERSON.value,
        index=True,
    )
    # A carer's plan: the person's plan reference as the carer gave it (it may match no plan).
    person_reference: Mapped[str | None] = mapped_column(String(20))
    # A first plan, or a review of one: a record of its own, linked to the plan it reviews
    # (migration 0009). SET NULL, not CASCADE: a review holds the person's words too, and
    # removing one record must never silently remove another; it stays marked a review.
    kind: Mapped[PlanKind] = mapped_column(
        Enum(PlanKind, name="plan_kind", native_enum=False, length=10, values_callable=_values),
        default=PlanKind.PLAN,
        server_default=PlanKind.PLAN.value,
        index=True,
    )
    reviews_plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="SET NULL"), index=True
    )
    # A carer agreed that the first name and town of the person they look after may be used to
    # suggest a match with that person's plan, to a practitioner only (migration 0010).
    match_consent: Mapped[bool] = mapped_column(default=False, server_default=false())

    assigned_to: Mapped[Practitioner | None] = relationship(lazy="raise")
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan",
        order_by="(PlanItem.section, PlanItem.position, PlanItem.ordinal)",
        cascade="all, delete-orphan",
        lazy="raise",
    )
    notes: Mapped[list[PlanNote]] = relationship(
        back_populates="plan",
        order_by="(PlanNote.created_at, PlanNote.id)",
        cascade="all, delete-orphan",
        lazy="raise",
    )
    flags: Mapped[list[PlanFlag]] = relationship(
        back_populates="plan",
        order_by="(PlanFlag.raised_at, PlanFlag.id)",
        cascade="all, delete-orphan",
        lazy="raise",
    )
    skips: Mapped[list[PlanSkip]] = relationship(
        back_populates="plan",
        order_by="PlanSkip.position",
        cascade="all, delete-orphan",
        lazy="raise",
    )
    # A review: each thing that mattered in the reviewed plan that the review went over, by
    # that outcome's position (its words are plan_items at the same position).
    reviewed: Mapped[list[ReviewedOutcome]] = relationship(
        back_populates="plan",
        order_by="ReviewedOutcome.position",
        cascade="all, delete-orphan",
        lazy="raise",
    )


class PlanItem(Base):
    """One quote: the person's exact words, which message they came from, and the question they
    were answering.

    `position` is the quote's place in its section, or its outcome's place among the outcomes
    (the person's order of priority) for an outcome's parts. `ordinal` orders several quotes of
    one part of one outcome (what the person added when it was read back); 0 for every other.
    """

    __tablename__ = "plan_items"
    __table_args__ = (UniqueConstraint("plan_id", "section", "position", "ordinal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(
        Enum(
            *STORED_SECTIONS,
            name="plan_item_section",
            native_enum=False,
            length=PART_LENGTH,
            validate_strings=True,
        )
    )
    position: Mapped[int]
    ordinal: Mapped[int] = mapped_column(default=0, server_default="0")
    text: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(255))
    said_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The question as the person read it (names filled in), exactly; None from older bots.
    asked: Mapped[str | None] = mapped_column(Text)
    follows: Mapped[Follows | None] = _follows_column()

    plan: Mapped[Plan] = relationship(back_populates="items", lazy="raise")


class PlanNote(Base):
    """A practitioner's note on a plan."""

    __tablename__ = "plan_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="notes", lazy="raise")
    author: Mapped[Practitioner] = relationship(lazy="raise")


class PlanFlag(Base):
    """A message in which the person disclosed risk: their exact words, and what kind of risk.

    One flag per message: the unique constraint is what makes sending a flag again harmless,
    even under a race. Flags without a message id are all kept (NULLs are never equal).
    """

    __tablename__ = "plan_flags"
    __table_args__ = (UniqueConstraint("plan_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(255))
    said_at: Mapped[datetime] = mapped_column(UTCDateTime())
    asked: Mapped[str | None] = mapped_column(Text)
    follows: Mapped[Follows | None] = _follows_column()
    categories: Mapped[list[SafetyCategory]] = mapped_column(SafetyCategories())
    level: Mapped[FlagLevel] = mapped_column(
        Enum(FlagLevel, name="flag_level", native_enum=False, length=20, values_callable=_values)
    )
    source: Mapped[FlagSource] = mapped_column(
        Enum(FlagSource, name="flag_source", native_enum=False, length=20, values_callable=_values)
    )
    choices: Mapped[list[FlagChoice]] = mapped_column(FlagChoices(), default=list)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="flags", lazy="raise")


class PlanSkip(Base):
    """A part of the conversation the person chose to skip."""

    __tablename__ = "plan_skips"
    __table_args__ = (UniqueConstraint("plan_id", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    part: Mapped[ConversationPart] = mapped_column(
        Enum(
            ConversationPart,
            name="plan_skip_part",
            native_enum=False,
            length=PART_LENGTH,
            values_callable=_values,
            validate_strings=True,
        )
    )
    position: Mapped[int]

    plan: Mapped[Plan] = relationship(back_populates="skips", lazy="raise")


class PlanLink(Base):
    """A carer's plan linked to the plan of the person they look after.

    Made when the carer gives the person's reference (linked_by is then None) or by a
    practitioner. The two plans stay separate records: a link only lets practitioners read them
    side by side.
    """

    __tablename__ = "plan_links"
    __table_args__ = (UniqueConstraint("person_plan_id", "carer_plan_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), index=True
    )
    carer_plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), index=True
    )
    linked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("practitioners.id", ondelete="SET NULL")
    )
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReviewedOutcome(Base):
    """One thing that mattered in the reviewed plan, as a review went over it: its position in
    that plan, and the movement the person chose (optional, never instead of their words).

    The person's words about it (how it is now, what helped, what got in the way, whether it
    still matters) are the review's plan_items with the contract's REVIEW_* parts as section,
    at this same position. A row exists for every outcome the review covered, even one where
    the person said nothing and chose no movement, so the review reads back exactly as sent.
    """

    __tablename__ = "reviewed_outcomes"
    __table_args__ = (UniqueConstraint("plan_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    position: Mapped[int]
    movement: Mapped[Movement | None] = mapped_column(
        Enum(
            Movement,
            name="review_movement",
            native_enum=False,
            length=20,
            values_callable=_values,
            validate_strings=True,
        )
    )

    plan: Mapped[Plan] = relationship(back_populates="reviewed", lazy="raise")
