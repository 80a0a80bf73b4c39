"""The themes: `GET /api/v1/themes` and the lead's page and CSV; outcome areas on the plan page.

Leads only for the themes (403 for any other practitioner). The outcome areas on a plan are
for any practitioner who can read the plan; the person never sees them.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.audit import service as audit
from api.audit.models import AuditAction
from api.auth.dependencies import CurrentPractitioner
from api.core.dependencies import SessionDep
from api.core.openapi import errors
from api.core.security import MAX_ID
from api.plans import service as plans
from api.practitioners.models import Practitioner
from api.themes import charts, service
from api.themes.areas import Area
from api.themes.schemas import ThemesOut
from api.web.practitioner import PagePractitioner, _check_csrf, _page

router = APIRouter(prefix="/themes", tags=["themes"])
page_router = APIRouter(include_in_schema=False)

ONLY_LEADS = "Only a lead practitioner may read the themes."


def require_lead(practitioner: CurrentPractitioner) -> Practitioner:
    if not practitioner.is_lead:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=ONLY_LEADS)
    return practitioner


@router.get(
    "",
    response_model=ThemesOut,
    dependencies=[Depends(require_lead)],
    responses=errors(401, 403, description={403: ONLY_LEADS}),
)
def read_themes(session: SessionDep) -> ThemesOut:
    """Counts of plans by confirmed outcome area and month (people and carers apart), and the
    share of plans with a safety concern. A count under 5, or one that the others would give
    away by subtraction, is null. No one's words."""
    return service.themes(session=session)


def _lead_page(practitioner: Practitioner) -> None:
    if not practitioner.is_lead:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=ONLY_LEADS)


@page_router.get("/practitioner/themes", response_class=HTMLResponse)
def themes_page(request: Request, practitioner: PagePractitioner, session: SessionDep) -> Response:
    _lead_page(practitioner)
    figures = service.themes(session=session)
    return _page(
        request,
        "themes.html",
        title="Themes",
        practitioner=practitioner,
        figures=figures,
        charts={
            "people": charts.areas_chart(
                "chart-people", "People: plans with each outcome area", figures.people
            ),
            "carers": charts.areas_chart(
                "chart-carers", "Carers: plans with each outcome area", figures.carers
            ),
            "safety": charts.safety_chart(figures.safety),
        },
    )


def _cell(value: int | float | None) -> str:
    return "suppressed" if value is None else str(value)


@page_router.get("/practitioner/themes.csv")
def themes_csv(practitioner: PagePractitioner, session: SessionDep) -> Response:
    """The same figures as the page, one per line; nothing but our own names and numbers."""
    _lead_page(practitioner)
    figures = service.themes(session=session)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "group", "area", "month", "measure", "value"])
    for table_name, table in (("people", figures.people), ("carers", figures.carers)):
        for row in table.areas:
            for month, count in zip(table.months, row.by_month, strict=True):
                writer.writerow([table_name, row.group, row.name, month, "plans", _cell(count)])
            writer.writerow([table_name, row.group, row.name, "all", "plans", _cell(row.total)])
    for line in (*figures.safety.by_month, figures.safety.all_months):
        for measure in ("plans", "with_concern", "without_concern", "share"):
            value = getattr(line, measure)
            writer.writerow(["safety", "", "", line.month, measure, _cell(value)])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="themes.csv"'},
    )


@page_router.post("/practitioner/plans/{plan_id}/areas")
def confirm_areas(
    request: Request,
    plan_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
    practitioner: PagePractitioner,
    session: SessionDep,
    csrf: Annotated[str, Form(max_length=100)],
    item_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    area: Annotated[list[Area] | None, Form()] = None,
) -> Response:
    """Confirm or change one outcome's areas: exactly the boxes ticked (none is a choice)."""
    _check_csrf(request, csrf)
    plan = plans.get_plan(session=session, plan_id=plan_id)
    if plan is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no such plan.")
    try:
        service.confirm(
            session=session,
            plan=plan,
            item_id=item_id,
            areas=list(dict.fromkeys(area or [])),
            practitioner=practitioner,
        )
    except (service.NotAnOutcomeError, service.AreaOfOtherRoleError):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="Those areas cannot be saved."
        ) from None
    audit.record(
        session=session,
        practitioner=practitioner,
        action=AuditAction.CHANGE,
        plan_ids=[plan_id],
        detail="outcome areas",
    )
    return RedirectResponse(
        f"/practitioner/plans/{plan_id}#areas-{item_id}", status_code=status.HTTP_303_SEE_OTHER
    )
