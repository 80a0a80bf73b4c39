"""Bar charts for the themes page, drawn on the server as SVG geometry (the template writes the
markup). Every chart has its table beside it on the page, which is what screen readers read;
the chart itself is one labelled image."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from api.themes.schemas import AreasTable, SafetyTable

LABEL_WIDTH = 320
BAR_SPACE = 200
ROW_HEIGHT = 28
BAR_HEIGHT = 18
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # what is written at the end of the bar: a count, a share, or "suppressed"
    y: int
    width: int  # 0 when suppressed: no bar is drawn


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH


def _chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, float | None, str]],
    *,
    full: float | None = None,
) -> Chart:
    """rows: (label, size, written value), size None when suppressed; a bar of size `full`
    (by default the largest) fills the space."""
    largest = full or max((size for _, size, _ in rows if size), default=0.0)
    bars = [
        Bar(
            label=label,
            value=written,
            y=TOP + number * ROW_HEIGHT,
            width=round(BAR_SPACE * size / largest) if size and largest else 0,
        )
        for number, (label, size, written) in enumerate(rows)
    ]
    return Chart(
        id=chart_id,
        title=title,
        bars=bars,
        width=LABEL_WIDTH + BAR_SPACE + 90,
        height=TOP * 2 + ROW_HEIGHT * max(len(rows), 1),
    )


def _written(count: int | None) -> str:
    return "suppressed" if count is None else str(count)


def areas_chart(chart_id: str, title: str, table: AreasTable) -> Chart:
    return _chart(
        chart_id,
        title,
        [(row.name, row.total, _written(row.total)) for row in table.areas],
    )


def safety_chart(table: SafetyTable) -> Chart:
    return _chart(
        "chart-safety",
        "Share of plans with a safety concern, by month received",
        [
            (
                month.month,
                month.share,
                "suppressed" if month.share is None else f"{month.share:.0%}",
            )
            for month in table.by_month
        ],
        full=1.0,
    )
