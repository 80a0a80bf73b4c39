"""Small-number suppression for the themes tables: no count of fewer than 5 plans is shown, and
nothing shown lets a hidden count be worked out by subtraction.

A table is cells, and optionally a total for each row, each column, and all. Every total is
the exact sum of what it totals, so each row (or column, or the row of row totals) is a line
whose hidden members could be worked out as the total less the members shown. The rules:

1. primary: any count under MINIMUM is hidden (zero included: "none" is a small number too);
2. complementary, repeated until nothing changes, for each line whose total is shown: if it
   hides exactly one member, or hides several that add up to under MINIMUM (so that the total
   less the shown would give a small number), the smallest member still shown is hidden as
   well (or, when every member is hidden, the total); and a hidden total whose members are
   all shown is hidden from them too (by hiding the smallest).

Hiding only ever grows, so the loop ends. Which extra cell is hidden is fixed (the smallest,
then the first), so the same figures always give the same table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MINIMUM = 5

# ("cell", row, column), ("row", row, 0), ("column", 0, column) or ("all", 0, 0).
Key = tuple[str, int, int]


@dataclass(frozen=True)
class Table:
    """Counts, and which totals are shown beside them."""

    cells: Sequence[Sequence[int]]
    row_totals: bool = False
    column_totals: bool = False
    grand_total: bool = False


@dataclass(frozen=True)
class Shown:
    """The same table with every hidden count as None."""

    cells: list[list[int | None]]
    row_totals: list[int | None] | None
    column_totals: list[int | None] | None
    grand_total: int | None


def _lines(table: Table, rows: int, columns: int) -> list[tuple[list[Key], Key]]:
    lines: list[tuple[list[Key], Key]] = []
    if table.row_totals:
        lines += [([("cell", r, c) for c in range(columns)], ("row", r, 0)) for r in range(rows)]
    if table.column_totals:
        lines += [([("cell", r, c) for r in range(rows)], ("column", 0, c)) for c in range(columns)]
    if table.grand_total and table.row_totals:
        lines.append(([("row", r, 0) for r in range(rows)], ("all", 0, 0)))
    if table.grand_total and table.column_totals:
        lines.append(([("column", 0, c) for c in range(columns)], ("all", 0, 0)))
    return [(members, total) for members, total in lines if members]


def suppress(table: Table) -> Shown:
    rows = len(table.cells)
    columns = len(table.cells[0]) if rows else 0
    if any(len(row) != columns for row in table.cells):
        raise ValueError("every row must have the same number of cells")
    values: dict[Key, int] = {
        ("cell", r, c): table.cells[r][c] for r in range(rows) for c in range(columns)
    }
    for r in range(rows):
        values[("row", r, 0)] = sum(table.cells[r])
    for c in range(columns):
        values[("column", 0, c)] = sum(table.cells[r][c] for r in range(rows))
    values[("all", 0, 0)] = sum(values[("row", r, 0)] for r in range(rows))

    hidden = {key for key, value in values.items() if value < MINIMUM}
    lines = _lines(table, rows, columns)
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            shown = [key for key in members if key not in hidden]
            if total in hidden:
                # A hidden total is the sum of its members: one of them must be hidden too.
                if members and not [key for key in members if key in hidden]:
                    hidden.add(min(shown, key=lambda key: (values[key], key)))
                    changed = True
                continue
            hidden_here = [key for key in members if key in hidden]
            if not hidden_here:
                continue
            if len(hidden_here) >= 2 and sum(values[key] for key in hidden_here) >= MINIMUM:
                continue
            hidden.add(min(shown, key=lambda key: (values[key], key)) if shown else total)
            changed = True

    def show(key: Key) -> int | None:
        return None if key in hidden else values[key]

    return Shown(
        cells=[[show(("cell", r, c)) for c in range(columns)] for r in range(rows)],
        row_totals=[show(("row", r, 0)) for r in range(rows)] if table.row_totals else None,
        column_totals=(
            [show(("column", 0, c)) for c in range(columns)] if table.column_totals else None
        ),
        grand_total=show(("all", 0, 0)) if table.grand_total else None,
    )
