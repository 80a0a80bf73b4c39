from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from api.core.database import utcnow
from api.plans.models import (
    FlagLevel,
    Plan,
    PlanFlag,
    PlanItem,
    PlanKind,
    PlanLink,
    PlanNote,
    PlanRole,
    PlanSkip,
    PlanStatus,
    ReviewedOutcome,
)
from api.plans.schemas import REVIEWED_PARTS, Flag, PlanCursor, PlanIn, PlanUpdate, Quote
from api.practitioners.models import Practitioner
from api.practitioners.service import get_active_practitioner
from api.reviews.models import ReviewInvitation
from contract.plan import FREE_TEXT_SECTIONS, QUESTION, Part


class StatusMovesBackwardError(Exception):
    def __init__(self, current: PlanStatus, requested: PlanStatus) -> None:
        super().__init__(
            f"A plan's status only moves forward ({' -> '.join(PlanStatus)}): "
            f"it is '{current}', so it cannot go back to '{requested}'."
        )


class LinkRolesError(Exception):
    def __init__(self) -> None:
        super().__init__("A link joins one person's plan and one carer's plan.")


class NotInvitedError(Exception):
    """A review from a conversation that claimed no invitation to review that plan."""

    def __init__(self, reference: str) -> None:
        super().__init__(
            f"This conversation has claimed no invitation to review plan {reference}, "
            "so its review cannot be received."
        )


class ReviewMismatchError(Exception):
    """A review that does not fit the plan it reviews (its role, or its outcomes)."""


class UnknownAssigneeError(Exception):
    def __init__(self, practitioner_id: int) -> None:
        super().__init__(f"There is no active practitioner with id {practitioner_id}.")


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    outcome_count: int
    note_count: int
    flag_count: int


def _select_whole_plan() -> Select[Plan]:
    # selectinload rather than joins: it also works with FOR UPDATE, which PostgreSQL refuses
    # on the nullable side of an outer join. populate_existing: answer with what the database
    # holds (e.g. times in UTC), not with objects this session still has in memory.
    return (
        select(Plan)
        .options(
            selectinload(Plan.assigned_to),
            selectinload(Plan.items),
            selectinload(Plan.notes).selectinload(PlanNote.author),
            selectinload(Plan.flags),
            selectinload(Plan.skips),
            selectinload(Plan.reviewed),
        )
        .execution_options(populate_existing=True)
    )


def get_plan(*, session: Session, plan_id: int, for_update: bool = False) -> Plan | None:
    """The whole plan (quotes, notes, assignee); `for_update` locks it until commit."""
    statement = _select_whole_plan().where(Plan.id == plan_id)
    if for_update:
        statement = statement.with_for_update()
    return session.scalar(statement)


def get_plan_by_conversation_id(*, session: Session, conversation_id: str) -> Plan | None:
    return session.scalar(_select_whole_plan().where(Plan.conversation_id == conversation_id))


def get_plan_by_reference(*, session: Session, reference: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.reference == reference))


def _item(section: str, position: int, quote: Quote, *, ordinal: int = 0) -> PlanItem:
    return PlanItem(
        section=section,
        position=position,
        ordinal=ordinal,
        text=quote.text,
        message_id=quote.message_id,
        said_at=quote.said_at,
        asked=quote.asked,
        follows=quote.follows,
    )


_LEVELS = list(FlagLevel)


def _new_flags(
    flags: Sequence[Flag], *, already_flagged: set[str], raised_at: datetime
) -> list[PlanFlag]:
    """One row per message not yet flagged; flags without a message id are always new.

    Two flags for the same message in one request become one, with the categories of both:
    the unique constraint allows one flag per message, and no category may be lost.
    """
    rows: list[PlanFlag] = []
    by_message: dict[str, PlanFlag] = {}
    for flag in flags:
        message_id = flag.quote.message_id
        if message_id is not None and message_id in already_flagged:
            continue
        if message_id is not None and message_id in by_message:
            first = by_message[message_id]
            first.categories = [
                *first.categories,
                *(category for category in flag.categories if category not in first.categories),
            ]
            if _LEVELS.index(flag.level) > _LEVELS.index(first.level):
                first.level, first.source = flag.level, flag.source
            continue
        row = PlanFlag(
            text=flag.quote.text,
            message_id=message_id,
            said_at=flag.quote.said_at,
            asked=flag.quote.asked,
            follows=flag.quote.follows,
            categories=list(flag.categories),
            level=flag.level,
            source=flag.source,
            choices=list(flag.choices),
            raised_at=raised_at,
        )
        rows.append(row)
        if message_id is not None:
            by_message[message_id] = row
    return rows


def _review_target(*, session: Session, payload: PlanIn) -> tuple[Plan, ReviewInvitation]:
    """The plan a review reviews and the invitation its conversation claimed, locked until
    commit; raises NotInvitedError or ReviewMismatchError (having rolled back)."""
    reference = payload.reviews_plan or ""
    target = session.scalar(
        select(Plan)
        .options(selectinload(Plan.items))
        .where(Plan.reference == reference, Plan.kind == PlanKind.PLAN)
    )
    invitation = (
        None
        if target is None
        else session.scalar(
            select(ReviewInvitation)
            .where(
                ReviewInvitation.plan_id == target.id,
                ReviewInvitation.claimed_by == payload.conversation_id,
            )
            .order_by(ReviewInvitation.id.desc())
            .limit(1)
            .with_for_update()
        )
    )
    if target is None or invitation is None:
        session.rollback()
        raise NotInvitedError(reference)
    if payload.role is not target.role:
        session.rollback()
        raise ReviewMismatchError(
            f"Plan {reference} is a {target.role}'s plan: its review must be one too."
        )
    outcomes = {item.position for item in target.items if item.section == Part.WHAT_MATTERS}
    unknown = sorted({outcome.position for outcome in payload.reviewed} - outcomes)
    if unknown:
        session.rollback()
        raise ReviewMismatchError(
            f"Plan {reference} has no outcome at position {', '.join(map(str, unknown))}."
        )
    return target, invitation


def create_plan(*, session: Session, payload: PlanIn) -> Plan | None:
    """Store a plan sent by the bot; None if its conversation or reference is already taken.

    The unique constraints decide, so two requests racing for one conversation cannot both
    create a plan: the loser gets None, and the caller looks up the winner's.

    A review (kind review) is stored only for a conversation that claimed an invitation to
    review that plan (else NotInvitedError), of the same role and reviewing only outcomes the
    plan has (else ReviewMismatchError); the invitation is marked as answered by it in the
    same transaction. The reviewed plan's rows are only read, never written.
    """
    target: tuple[Plan, ReviewInvitation] | None = None
    if payload.kind is PlanKind.REVIEW:
        target = _review_target(session=session, payload=payload)
    items: list[PlanItem] = []
    # Each outcome's quotes at its place in the person's order of priority (0 matters most);
    # several quotes of one part (what they added) in the order said, by ordinal.
    for position, outcome in enumerate(payload.outcomes):
        for part, quotes in outcome.quotes().items():
            items.extend(
                _item(part, position, quote, ordinal=ordinal)
                for ordinal, quote in enumerate(quotes)
            )
    for section in FREE_TEXT_SECTIONS:
        quotes = payload.sections.get(section, [])
        items.extend(_item(section, position, quote) for position, quote in enumerate(quotes))
    items.extend(
        _item(QUESTION, position, quote) for position, quote in enumerate(payload.questions)
    )
    for reviewed in payload.reviewed:
        for field, part in REVIEWED_PARTS.items():
            quote = getattr(reviewed, field)
            if quote is not None:
                items.append(_item(part, reviewed.position, quote))

    now = utcnow()
    flags = _new_flags(payload.safety_flags, already_flagged=set(), raised_at=now)
    plan = Plan(
        reference=payload.reference,
        conversation_id=payload.conversation_id,
        role=payload.role,
        person_reference=payload.person_reference,
        match_consent=payload.match_consent,
        kind=payload.kind,
        reviews_plan_id=target[0].id if target else None,
        status=PlanStatus.NEW,
        urgent=any(flag.level.urgent for flag in flags),
        sent_at=payload.sent_at,
        received_at=now,
        updated_at=now,
        items=items,
        notes=[],
        flags=flags,
        skips=[
            PlanSkip(part=part, position=position) for position, part in enumerate(payload.skipped)
        ],
        reviewed=[
            ReviewedOutcome(position=reviewed.position, movement=reviewed.movement)
            for reviewed in payload.reviewed
        ],
    )
    session.add(plan)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    if target is not None:
        target[1].review_plan_id = plan.id
    # A review is not linked again: the link, if any, is the plan's it reviews.
    elif payload.person_reference is not None:
        person = session.scalar(
            select(Plan).where(
                Plan.reference == payload.person_reference,
                Plan.role == PlanRole.PERSON,
                Plan.kind == PlanKind.PLAN,
            )
        )
        if person is not None:
            session.add(PlanLink(person_plan_id=person.id, carer_plan_id=plan.id, linked_at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return get_plan(session=session, plan_id=plan.id)


_FLAG_ATTEMPTS = 3


def add_flags(*, session: Session, conversation_id: str, flags: Sequence[Flag]) -> Plan | None:
    """Add safety flags to the plan of this conversation, which makes it urgent; None if the
    conversation has no plan (yet).

    Idempotent per message: a flag for a message already flagged on the plan is not added
    again, so the bot may send the same flags as often as it likes. Only when something is
    added do `urgent` and `updated_at` change.
    """
    attempts_left = _FLAG_ATTEMPTS
    while True:
        # Locked (on PostgreSQL), so two requests for one plan add their flags one at a time.
        plan = session.scalar(
            select(Plan).where(Plan.conversation_id == conversation_id).with_for_update()
        )
        if plan is None:
            session.rollback()
            return None
        already_flagged = {
            message_id
            for message_id in session.scalars(
                select(PlanFlag.message_id).where(PlanFlag.plan_id == plan.id)
            )
            if message_id is not None
        }
        now = utcnow()
        new = _new_flags(flags, already_flagged=already_flagged, raised_at=now)
        for row in new:
            row.plan_id = plan.id
        session.add_all(new)
        if new:
            plan.urgent = plan.urgent or any(row.level.urgent for row in new)
            plan.updated_at = now
        try:
            session.commit()
        except IntegrityError:
            # Another request flagged one of these messages between our read and our insert
            # (SQLite has no row locks): read again, and skip what it added.
            session.rollback()
            attempts_left -= 1
            if attempts_left == 0:
                raise
            continue
        return get_plan(session=session, plan_id=plan.id)


def list_plans(
    *,
    session: Session,
    status: PlanStatus | None = None,
    urgent: bool | None = None,
    role: PlanRole | None = None,
    kind: PlanKind | None = None,
    conversation_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
    after: PlanCursor | None = None,
) -> list[PlanSummary]:
    """Plans, urgent first and then newest received first, with how many outcomes, notes and
    safety flags each has; those after `after` in that order, if given."""
    outcome_count = (
        select(func.count(PlanItem.id))
        .where(PlanItem.plan_id == Plan.id, PlanItem.section == Part.WHAT_MATTERS)
        .correlate(Plan)
        .scalar_subquery()
    )
    note_count = (
        select(func.count(PlanNote.id))
        .where(PlanNote.plan_id == Plan.id)
        .correlate(Plan)
        .scalar_subquery()
    )
    flag_count = (
        select(func.count(PlanFlag.id))
        .where(PlanFlag.plan_id == Plan.id)
        .correlate(Plan)
        .scalar_subquery()
    )
    statement = (
        select(Plan, outcome_count, note_count, flag_count)
        .options(selectinload(Plan.assigned_to))
        .order_by(Plan.urgent.desc(), Plan.received_at.desc(), Plan.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if status is not None:
        statement = statement.where(Plan.status == status)
    if urgent is not None:
        statement = statement.where(Plan.urgent == urgent)
    if role is not None:
        statement = statement.where(Plan.role == role)
    if kind is not None:
        statement = statement.where(Plan.kind == kind)
    if conversation_id is not None:
        statement = statement.where(Plan.conversation_id == conversation_id)
    if after is not None:
        # One row-value comparison, in the order's own terms: the index on (urgent,
        # received_at, id) is read from the cursor on, however deep the page.
        statement = statement.where(
            tuple_(Plan.urgent, Plan.received_at, Plan.id)
            < tuple_(after.urgent, after.received_at, after.id)
        )
    return [
        PlanSummary(plan=plan, outcome_count=outcomes, note_count=notes, flag_count=flags)
        for plan, outcomes, notes, flags in session.execute(statement).all()
    ]


def urgent_flags(*, session: Session, plan_ids: Sequence[int]) -> dict[int, list[PlanFlag]]:
    """The flags that make each of these plans urgent (harm, life), oldest first, by plan id:
    the reasons the practitioners' queue gives for urgency."""
    urgent = [level for level in FlagLevel if level.urgent]
    rows = session.scalars(
        select(PlanFlag)
        .where(PlanFlag.plan_id.in_(plan_ids), PlanFlag.level.in_(urgent))
        .order_by(PlanFlag.plan_id, PlanFlag.id)
    )
    found: dict[int, list[PlanFlag]] = {}
    for flag in rows:
        found.setdefault(flag.plan_id, []).append(flag)
    return found


def first_what_matters(*, session: Session, plan_ids: Sequence[int]) -> dict[int, str]:
    """The first thing that matters, in the person's words, of each of these plans that has
    one, by plan id: the queue's glimpse of each plan."""
    rows = session.execute(
        select(PlanItem.plan_id, PlanItem.text)
        .where(PlanItem.plan_id.in_(plan_ids), PlanItem.section == Part.WHAT_MATTERS)
        .order_by(PlanItem.plan_id, PlanItem.position, PlanItem.id)
    )
    found: dict[int, str] = {}
    for plan_id, text in rows:
        found.setdefault(plan_id, text)
    return found


def allowed_statuses(status: PlanStatus) -> list[PlanStatus]:
    """The statuses a plan at `status` may be given: itself, and those after it (never back)."""
    return [other for other in PlanStatus if other.rank >= status.rank]


def update_plan(*, session: Session, plan_id: int, changes: PlanUpdate) -> Plan | None:
    """Move the status forward and/or (un)assign; None if there is no such plan.

    Raises StatusMovesBackwardError or UnknownAssigneeError, leaving the plan unchanged.
    """
    # Locked, so two practitioners changing the status at once cannot move it backwards.
    plan = get_plan(session=session, plan_id=plan_id, for_update=True)
    if plan is None:
        return None
    fields = changes.model_fields_set
    if "status" in fields and changes.status is not None:
        if changes.status.rank < plan.status.rank:
            session.rollback()
            raise StatusMovesBackwardError(plan.status, changes.status)
        plan.status = changes.status
    if "assigned_to_id" in fields:
        assignee: Practitioner | None = None
        if changes.assigned_to_id is not None:
            assignee = get_active_practitioner(
                session=session, practitioner_id=changes.assigned_to_id
            )
            if assignee is None:
                session.rollback()
                raise UnknownAssigneeError(changes.assigned_to_id)
        plan.assigned_to = assignee
    plan.updated_at = utcnow()
    session.commit()
    return get_plan(session=session, plan_id=plan_id)


def add_note(*, session: Session, plan_id: int, author: Practitioner, text: str) -> PlanNote | None:
    """A practitioner's note on a plan; None if there is no such plan."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        return None
    note = PlanNote(plan_id=plan.id, author=author, text=text, created_at=utcnow())
    plan.updated_at = note.created_at
    session.add(note)
    session.commit()
    return note


def references(*, session: Session, plan_ids: Sequence[int]) -> dict[int, str]:
    """The reference of each of these plans, by id."""
    rows = session.execute(select(Plan.id, Plan.reference).where(Plan.id.in_(plan_ids)))
    return {plan_id: reference for plan_id, reference in rows}


def reviews_of(*, session: Session, plan: Plan) -> list[Plan]:
    """The reviews of this plan, whole, oldest sent first (then in the order received)."""
    return list(
        session.scalars(
            _select_whole_plan()
            .where(Plan.reviews_plan_id == plan.id, Plan.kind == PlanKind.REVIEW)
            .order_by(Plan.sent_at, Plan.id)
        )
    )


def linked_plans(*, session: Session, plan: Plan) -> list[Plan]:
    """The plans linked to this one (a person's carers, or a carer's person), oldest link first."""
    other = select(PlanLink).where(
        or_(PlanLink.person_plan_id == plan.id, PlanLink.carer_plan_id == plan.id)
    )
    links = session.scalars(other.order_by(PlanLink.linked_at, PlanLink.id)).all()
    ids = [
        link.carer_plan_id if link.person_plan_id == plan.id else link.person_plan_id
        for link in links
    ]
    plans = {p.id: p for p in session.scalars(_select_whole_plan().where(Plan.id.in_(ids)))}
    return [plans[plan_id] for plan_id in ids]


def _person_and_carer(
    *, session: Session, plan_id: int, other_plan_id: int
) -> tuple[Plan, Plan] | None:
    plans = [session.get(Plan, plan_id), session.get(Plan, other_plan_id)]
    if plans[0] is None or plans[1] is None:
        return None
    roles = {plan.role: plan for plan in plans if plan is not None}
    if set(roles) != {PlanRole.PERSON, PlanRole.CARER}:
        raise LinkRolesError
    return roles[PlanRole.PERSON], roles[PlanRole.CARER]


def link_plans(
    *, session: Session, plan_id: int, other_plan_id: int, practitioner: Practitioner
) -> Plan | None:
    """Link a person's plan and a carer's plan (either way round); None if either is missing.

    Raises LinkRolesError unless one is a person's and the other a carer's. Linking twice
    changes nothing.
    """
    pair = _person_and_carer(session=session, plan_id=plan_id, other_plan_id=other_plan_id)
    if pair is None:
        return None
    person, carer = pair
    exists = session.scalar(
        select(PlanLink.id).where(
            PlanLink.person_plan_id == person.id, PlanLink.carer_plan_id == carer.id
        )
    )
    if exists is None:
        session.add(
            PlanLink(
                person_plan_id=person.id,
                carer_plan_id=carer.id,
                linked_by_id=practitioner.id,
                linked_at=utcnow(),
            )
        )
        try:
            session.commit()
        except IntegrityError:
            # Another practitioner linked the same two plans at the same moment: that is fine.
            session.rollback()
    return get_plan(session=session, plan_id=plan_id)


def unlink_plans(*, session: Session, plan_id: int, other_plan_id: int) -> Plan | None:
    """Remove the link between two plans; None if either plan is missing."""
    if session.get(Plan, plan_id) is None or session.get(Plan, other_plan_id) is None:
        return None
    session.execute(
        delete(PlanLink).where(
            or_(
                (PlanLink.person_plan_id == plan_id) & (PlanLink.carer_plan_id == other_plan_id),
                (PlanLink.person_plan_id == other_plan_id) & (PlanLink.carer_plan_id == plan_id),
            )
        )
    )
    session.commit()
    return get_plan(session=session, plan_id=plan_id)


# --- Suggesting the person's plan to a carer's plan, with the carer's consent ---------------
# A carer may agree (match_consent) that the first name and town of the person they look after
# are used to suggest, to practitioners only, which person's plan may be that person's. Nothing
# here is ever said to the carer or the person: the bot's endpoints never answer with it, and a
# practitioner confirms any link with the existing link (link_plans).
MAX_MATCHES = 3
# Words an answer often starts with before the name itself ("call me Jean", "it's Jean", "her
# name is Jean"), as they read once punctuation is gone; the longest is tried first.
_NAME_LEADS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(lead.split())
            for lead in (
                "you can call me", "just call me", "please call me", "call me", "call her",
                "call him", "call them", "my name is", "my names", "her name is", "his name is",
                "their name is", "her names", "his names", "shes called", "hes called",
                "she is called", "he is called", "they are called", "theyre called", "its",
                "it is", "im", "i am", "she is", "he is", "shes", "hes",
            )
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
# The typewriter apostrophe, the typographer's (right and left single quotation marks) and `.
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`")


def _words(text: str) -> list[str]:
    """A text's words for comparing, not for showing: Unicode-normalised (so a composed and a
    decomposed "é" agree), casefolded, apostrophes dropped ("it's" is "its", "O'Neil" is
    "oneil"), and every other punctuation mark or symbol a space."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    spaced = "".join(
        " " if unicodedata.category(c)[0] in "PSZC" else c for c in folded
    )  # fmt: skip
    return spaced.split()


def first_name_in(text: str) -> str | None:
    """The first name an answer gives, for comparing: its first word once a leading "call me",
    "it's", "my name is" or the like is taken off; None if nothing is left. Simple on purpose:
    a suggestion that is wrong costs a practitioner a glance, and they confirm every link."""
    words = _words(text)
    for lead in _NAME_LEADS:
        if tuple(words[: len(lead)]) == lead and len(words) > len(lead):
            words = words[len(lead) :]
            break
    return words[0] if words else None


def town_in(text: str) -> str | None:
    """A town, for comparing: its words normalised as for names, one space between them."""
    return " ".join(_words(text)) or None


@dataclass(frozen=True)
class Match:
    """A person's plan that may be the cared-for person's: its first name matched, and maybe
    its town. Only what a practitioner needs to decide, never the person's words."""

    plan_id: int
    reference: str
    received_at: datetime
    town_matches: bool


def _first_answer(plan: Plan, part: Part) -> str | None:
    said = sorted((i for i in plan.items if i.section == part), key=lambda i: i.position)
    return said[0].text if said else None


def suggest_matches(*, session: Session, plan: Plan) -> list[Match]:
    """People's plans that may be the plan of the person this carer looks after: at most
    MAX_MATCHES, those whose town matches too first, then the newest received.

    Only for a carer's first plan (not a review) whose carer consented and that is linked to no
    person's plan yet; [] otherwise. A candidate is a person's first plan (never a carer's, never
    a review) whose answer to "what to call you" (call_me) gives the same first name as the
    carer's cared_for_name (see first_name_in); its town (town) is compared with the carer's
    cared_for_town (see town_in). `plan` must be whole (get_plan).
    """
    if plan.role is not PlanRole.CARER or plan.kind is not PlanKind.PLAN or not plan.match_consent:
        return []
    linked = session.scalar(select(PlanLink.id).where(PlanLink.carer_plan_id == plan.id).limit(1))
    if linked is not None:
        return []
    cared_for = _first_answer(plan, Part.CARED_FOR_NAME)
    name = first_name_in(cared_for) if cared_for is not None else None
    if name is None:
        return []
    where = _first_answer(plan, Part.CARED_FOR_TOWN)
    town = town_in(where) if where is not None else None
    # Every person's first plan's name and town (short answers, one row each): compared here,
    # since casefolding and punctuation are Python's to do the same way on either database.
    rows = session.execute(
        select(Plan.id, Plan.reference, Plan.received_at, PlanItem.section, PlanItem.text)
        .join(PlanItem, PlanItem.plan_id == Plan.id)
        .where(
            Plan.role == PlanRole.PERSON,
            Plan.kind == PlanKind.PLAN,
            PlanItem.section.in_([Part.CALL_ME.value, Part.TOWN.value]),
            PlanItem.position == 0,
        )
    ).all()
    people: dict[int, dict[str, Any]] = {}
    for plan_id, reference, received_at, section, text in rows:
        person = people.setdefault(
            plan_id, {"reference": reference, "received_at": received_at}
        )  # fmt: skip
        person[section] = text
    found = [
        Match(
            plan_id=plan_id,
            reference=person["reference"],
            received_at=person["received_at"],
            town_matches=town is not None
            and Part.TOWN.value in person
            and town_in(person[Part.TOWN.value]) == town,
        )
        for plan_id, person in people.items()
        if Part.CALL_ME.value in person and first_name_in(person[Part.CALL_ME.value]) == name
    ]
    found.sort(key=lambda m: (not m.town_matches, -m.received_at.timestamp(), -m.plan_id))
    return found[:MAX_MATCHES]
