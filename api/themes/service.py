"""Outcome areas on a plan (suggest, read, confirm) and the themes across plans.

The themes are counts of plans, never words: which areas practitioners confirmed, by month,
for people and for carers; and how many plans had a safety concern. Every figure goes
through suppression.py before anyone sees it.

Only first plans are counted (kind plan): a review is a record of its own about the same
person, and counting it too would count them twice. The review movement per area (better, same,
worse) is still to come: one more table of plan counts by area and movement, built from the same
confirmed areas and suppressed by the same rules.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.database import utcnow
from api.plans.models import Plan, PlanFlag, PlanItem, PlanKind, PlanRole
from api.practitioners.models import Practitioner
from api.themes import classifier
from api.themes.areas import AREAS_FOR, NAMES, Area
from api.themes.models import OutcomeArea
from api.themes.schemas import AreaRow, AreasTable, SafetyMonth, SafetyTable, ThemesOut
from api.themes.suppression import MINIMUM, Table, suppress
from contract.plan import Part

logger = logging.getLogger(__name__)


class NotAnOutcomeError(Exception):
    """The item is not one of this plan's things that matter."""


class AreaOfOtherRoleError(Exception):
    """An area of the other kind of plan (a carer's area on a person's outcome, or back)."""


@dataclass(frozen=True)
class OutcomeAreas:
    """One thing that matters, by its item id and position (never its words), and its areas."""

    item_id: int
    position: int
    suggested: list[Area]
    confirmed: list[Area]
    decided: bool


def _outcomes(plan: Plan) -> list[PlanItem]:
    return sorted(
        (item for item in plan.items if item.section == Part.WHAT_MATTERS),
        key=lambda item: item.position,
    )


def _rows(session: Session, item_ids: Sequence[int]) -> list[OutcomeArea]:
    if not item_ids:
        return []
    statement = select(OutcomeArea).where(OutcomeArea.item_id.in_(item_ids))
    return list(session.scalars(statement.order_by(OutcomeArea.id)))


def suggest_missing(*, session: Session, plan: Plan) -> None:
    """Suggest areas for each outcome that has none yet. Without the encoder, nothing is
    suggested and the practitioner chooses unaided."""
    outcomes = _outcomes(plan)
    done = {row.item_id for row in _rows(session, [item.id for item in outcomes])}
    waiting = [item for item in outcomes if item.id not in done]
    if not waiting:
        return
    try:
        suggestions = classifier.suggest([item.text for item in waiting], plan.role)
    except classifier.SuggestionsUnavailableError as error:
        # Names the missing piece only: never a word of the plan.
        logger.warning("No outcome area suggestions: the encoder is unavailable (%s)", error)
        return
    for item, areas in zip(waiting, suggestions, strict=True):
        session.add_all(OutcomeArea(item_id=item.id, area=area, suggested=True) for area in areas)
    session.commit()


def outcome_areas(*, session: Session, plan: Plan) -> list[OutcomeAreas]:
    outcomes = _outcomes(plan)
    by_item: dict[int, list[OutcomeArea]] = defaultdict(list)
    for row in _rows(session, [item.id for item in outcomes]):
        by_item[row.item_id].append(row)
    order = list(Area)
    return [
        OutcomeAreas(
            item_id=item.id,
            position=item.position,
            suggested=sorted((r.area for r in by_item[item.id] if r.suggested), key=order.index),
            confirmed=sorted((r.area for r in by_item[item.id] if r.confirmed), key=order.index),
            decided=any(r.confirmed_at is not None for r in by_item[item.id]),
        )
        for item in outcomes
    ]


def confirm(
    *,
    session: Session,
    plan: Plan,
    item_id: int,
    areas: Sequence[Area],
    practitioner: Practitioner,
    now: datetime | None = None,
) -> None:
    """Set an outcome's confirmed areas to exactly these (none is a choice too)."""
    if item_id not in {item.id for item in _outcomes(plan)}:
        raise NotAnOutcomeError
    if not set(areas) <= set(AREAS_FOR[plan.role]):
        raise AreaOfOtherRoleError
    moment = now or utcnow()
    rows = {row.area: row for row in _rows(session, [item_id])}
    for area in areas:
        if area not in rows:
            rows[area] = OutcomeArea(item_id=item_id, area=area, suggested=False)
            session.add(rows[area])
    for area, row in rows.items():
        row.confirmed = area in areas
        row.confirmed_by_id = practitioner.id
        row.confirmed_at = moment
    session.commit()


@dataclass(frozen=True)
class PlanAreas:
    """What the plan page shows: each outcome's areas, and the areas its role can take as
    (area, name, group)."""

    outcomes: list[OutcomeAreas]
    choices: list[tuple[Area, str, str]]


def for_plan_page(*, session: Session, plan: Plan) -> PlanAreas:
    suggest_missing(session=session, plan=plan)
    return PlanAreas(
        outcomes=outcome_areas(session=session, plan=plan),
        choices=[(area, *NAMES[area]) for area in AREAS_FOR[plan.role]],
    )


# --- themes ---------------------------------------------------------------------------------


def _month(moment: datetime) -> str:
    return moment.strftime("%Y-%m")


def _areas_table(session: Session, role: PlanRole) -> AreasTable:
    plans = session.execute(
        select(Plan.id, Plan.received_at).where(Plan.role == role, Plan.kind == PlanKind.PLAN)
    ).all()
    months = sorted({_month(received) for _, received in plans})
    confirmed = session.execute(
        select(PlanItem.plan_id, OutcomeArea.area, Plan.received_at)
        .join(PlanItem, PlanItem.id == OutcomeArea.item_id)
        .join(Plan, Plan.id == PlanItem.plan_id)
        .where(OutcomeArea.confirmed, Plan.role == role, Plan.kind == PlanKind.PLAN)
        .distinct()
    ).all()
    # Plans, not outcomes: a plan with two outcomes in one area counts once.
    plans_in: dict[tuple[Area, str], set[int]] = defaultdict(set)
    for plan_id, area, received in confirmed:
        plans_in[(area, _month(received))].add(plan_id)
    areas = AREAS_FOR[role]
    shown = suppress(
        Table(
            cells=[[len(plans_in[(area, month)]) for month in months] for area in areas],
            row_totals=True,
        )
    )
    totals = shown.row_totals or [None] * len(areas)
    return AreasTable(
        months=months,
        areas=[
            AreaRow(
                area=area,
                name=NAMES[area][0],
                group=NAMES[area][1],
                by_month=shown.cells[number],
                total=totals[number],
            )
            for number, area in enumerate(areas)
        ],
    )


def _safety_table(session: Session) -> SafetyTable:
    flagged = select(PlanFlag.plan_id).distinct().scalar_subquery()
    rows = session.execute(
        select(Plan.received_at, Plan.id.in_(flagged))
        .where(Plan.kind == PlanKind.PLAN)
        .order_by(Plan.received_at)
    ).all()
    counts: dict[str, list[int]] = {}
    for received, has_flag in rows:
        pair = counts.setdefault(_month(received), [0, 0])
        pair[0 if has_flag else 1] += 1
    months = sorted(counts)
    shown = suppress(
        Table(
            cells=[counts[month] for month in months],
            row_totals=True,
            column_totals=True,
            grand_total=True,
        )
    )
    row_totals = shown.row_totals or []
    column_totals = shown.column_totals or [None, None]

    def line(month: str, cells: list[int | None], plans: int | None) -> SafetyMonth:
        with_concern, without = cells
        share = round(with_concern / plans, 3) if with_concern is not None and plans else None
        return SafetyMonth(
            month=month,
            plans=plans,
            with_concern=with_concern,
            without_concern=without,
            share=share,
        )

    return SafetyTable(
        by_month=[line(m, shown.cells[n], row_totals[n]) for n, m in enumerate(months)],
        all_months=line("all", column_totals, shown.grand_total),
    )


def themes(*, session: Session) -> ThemesOut:
    return ThemesOut(
        minimum=MINIMUM,
        people=_areas_table(session, PlanRole.PERSON),
        carers=_areas_table(session, PlanRole.CARER),
        safety=_safety_table(session),
    )
