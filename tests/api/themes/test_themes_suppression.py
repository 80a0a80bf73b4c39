"""Small-number suppression: under 5 hidden, and nothing that subtraction would give away."""

from __future__ import annotations

import pytest

from api.themes.suppression import MINIMUM, Shown, Table, suppress


@pytest.mark.parametrize(("plans", "shown"), [(4, None), (5, 5), (6, 6)])
def test_a_count_is_shown_from_5(plans: int, shown: int | None) -> None:
    assert MINIMUM == 5
    assert suppress(Table(cells=[[plans]], row_totals=True)) == Shown(
        cells=[[shown]], row_totals=[shown], column_totals=None, grand_total=None
    )


def test_zero_is_a_small_number_too() -> None:
    assert suppress(Table(cells=[[0, 7, 9]])).cells == [[None, 7, 9]]


def test_one_hidden_cell_in_a_row_with_its_total_hides_the_next_smallest() -> None:
    # 12 - 9 - 6 would give the 3 back: the 6 goes too, and the 9 and the total stay.
    shown = suppress(Table(cells=[[9, 3, 6]], row_totals=True))

    assert shown.cells == [[9, None, None]]
    assert shown.row_totals == [18]


def test_hidden_cells_that_add_up_to_under_5_hide_one_more() -> None:
    # 1 + 2 = 3 = 20 - 17: the total less the shown cell would give a small number.
    shown = suppress(Table(cells=[[17, 1, 2]], row_totals=True))

    assert shown.cells == [[None, None, None]]
    assert shown.row_totals == [20]


def test_a_row_whose_only_cell_is_hidden_hides_its_total() -> None:
    assert suppress(Table(cells=[[4, 8], [3, 0]], row_totals=True)) == Shown(
        cells=[[None, None], [None, None]],
        row_totals=[12, None],
        column_totals=None,
        grand_total=None,
    )


def test_differencing_across_rows_and_columns_is_closed_off() -> None:
    # Months by (with a concern, without), with every total: the 2 must not come back from
    # its row (2 + 10 = 12), its column (2 + 8 = 10) or the grand total.
    table = Table(cells=[[2, 10], [8, 7], [6, 9]], row_totals=True, column_totals=True,
                  grand_total=True)  # fmt: skip
    shown = suppress(table)

    # Row 0 hides the 10 beside the 2; column 0 then the 6, column 1 the 7; rows 1 and 2 are
    # left with one hidden cell each, so their other cells go too. Hiding more than needed
    # is the price of a rule that is simple to check: every total stays.
    assert shown.cells == [[None, None], [None, None], [None, None]]
    assert shown.row_totals == [12, 15, 15]
    assert shown.column_totals == [16, 26]
    assert shown.grand_total == 42


def test_every_line_with_a_shown_total_hides_none_or_at_least_5_in_two_or_more() -> None:
    cells = [[2, 10, 30], [8, 7, 1], [6, 9, 12], [40, 0, 5]]
    shown = suppress(Table(cells=cells, row_totals=True, column_totals=True, grand_total=True))

    lines = [[(r, c) for c in range(3)] for r in range(4)]
    lines += [[(r, c) for r in range(4)] for c in range(3)]
    for line in lines:
        hidden = [cells[r][c] for r, c in line if shown.cells[r][c] is None]
        assert hidden == [] or (len(hidden) >= 2 and sum(hidden) >= 5)
    for r, row in enumerate(shown.cells):
        assert all(value is None or value >= 5 for value in row)
        assert shown.row_totals is not None
        if shown.row_totals[r] is not None:
            assert shown.row_totals[r] == sum(cells[r])


def test_the_same_figures_always_give_the_same_table() -> None:
    table = Table(cells=[[5, 3, 5, 9]], row_totals=True)

    assert suppress(table) == suppress(table)
    # The first of the two smallest (5 and 5) goes.
    assert suppress(table).cells == [[None, None, 5, 9]]
