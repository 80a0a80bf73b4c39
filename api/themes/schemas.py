"""The themes as figures: counts of plans and shares, every one that could identify someone
given as null. No field here can hold anyone's words."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from api.themes.areas import Area

Count = Annotated[
    int | None, Field(ge=0, description="Plans; null when suppressed (under 5, or derivable).")
]


class AreaRow(BaseModel):
    area: Area
    name: str
    group: str
    by_month: Annotated[list[Count], Field(description="Plans, in the order of `months`.")]
    total: Count


class AreasTable(BaseModel):
    """Plans with each confirmed area, by the month they were received."""

    months: Annotated[list[str], Field(description="YYYY-MM, oldest first.")]
    areas: list[AreaRow]


class SafetyMonth(BaseModel):
    month: Annotated[str, Field(description="YYYY-MM, or `all`.")]
    plans: Count
    with_concern: Count
    without_concern: Count
    share: Annotated[
        float | None,
        Field(ge=0, le=1, description="with_concern / plans; null when either is suppressed."),
    ]


class SafetyTable(BaseModel):
    """Plans (people's and carers') with at least one safety concern, by month received."""

    by_month: list[SafetyMonth]
    all_months: SafetyMonth


class ThemesOut(BaseModel):
    minimum: Annotated[int, Field(description="The smallest count ever shown.")]
    people: AreasTable
    carers: AreasTable
    safety: SafetyTable
