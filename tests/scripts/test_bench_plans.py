"""`make bench`'s list benchmark runs (on a few plans, so quickly) and drops its database."""

from __future__ import annotations

import psycopg
import pytest

from scripts import bench_plans


def _bench_databases() -> set[str]:
    with psycopg.connect(bench_plans._libpq(bench_plans.ADMIN_URL)) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'whatmatters_bench_%'"
        ).fetchall()
    return {name for (name,) in rows}


def test_the_list_benchmark_runs_and_leaves_no_database(capsys: pytest.CaptureFixture[str]) -> None:
    before = _bench_databases()

    assert bench_plans.main(["--plans", "120", "--rounds", "3"]) == 0

    out = capsys.readouterr().out
    assert "120 plans stored" in out
    assert "page 2 by cursor" in out
    assert _bench_databases() == before
