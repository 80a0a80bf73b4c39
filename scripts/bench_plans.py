"""The practitioners' list of plans with 100,000 plans in PostgreSQL (part of `make bench`).

A new PostgreSQL database is made on the server tests use (TEST_POSTGRES_URL, by default
127.0.0.1:5432, database `test` to connect through), migrated, filled with plans shaped as the
bot sends them (what matters and why, a few notes, urgent plans with their flags), and dropped
afterwards. The API runs in this process (FastAPI's TestClient), so the figures are the API's
and its database's, without a network between them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from psycopg import sql
from pydantic import SecretStr
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api.auth.service import start_session
from api.core.config import Settings, get_settings
from api.core.database import get_session, make_engine, make_sessionmaker
from api.main import create_app
from api.plans.models import (
    FlagLevel,
    FlagSource,
    Plan,
    PlanFlag,
    PlanItem,
    PlanNote,
    PlanRole,
    PlanStatus,
    SafetyCategory,
)
from api.plans.schemas import PlanCursor
from api.practitioners.service import create_practitioner
from contract.http import API_PREFIX
from contract.plan import Part
from scripts.stack import ROOT

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BATCH = 5_000
STATUSES = list(PlanStatus)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def new_database() -> Iterator[str]:
    """A new PostgreSQL database, migrated, and dropped afterwards."""
    name = f"whatmatters_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(ADMIN_URL), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        config = Config(str(ROOT / "api" / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        yield url
    finally:
        with psycopg.connect(_libpq(ADMIN_URL), autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def fill(session: Session, *, plans: int, author_id: int) -> None:
    """`plans` plans, newest last: 1 in 50 urgent (with a flag), 1 in 10 with a note."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for first in range(1, plans + 1, BATCH):
        numbers = range(first, min(first + BATCH, plans + 1))
        when = {n: start + timedelta(minutes=n) for n in numbers}
        session.execute(
            insert(Plan),
            [
                {
                    "id": n,
                    "reference": f"WM-B{n:06d}",
                    "conversation_id": f"bench-{n}",
                    "status": STATUSES[n % len(STATUSES)],
                    "role": PlanRole.CARER if n % 7 == 0 else PlanRole.PERSON,
                    "urgent": n % 50 == 0,
                    "sent_at": when[n],
                    "received_at": when[n],
                    "updated_at": when[n],
                }
                for n in numbers
            ],
        )
        session.execute(
            insert(PlanItem),
            [
                {
                    "plan_id": n,
                    "section": part,
                    "position": 0,
                    "text": f"{part} of plan {n}",
                    "said_at": when[n],
                }
                for n in numbers
                for part in (Part.WHAT_MATTERS, Part.WHY_IT_MATTERS, Part.PEOPLE)
            ],
        )
        session.execute(
            insert(PlanNote),
            [
                {"plan_id": n, "author_id": author_id, "text": "Phoned", "created_at": when[n]}
                for n in numbers
                if n % 10 == 0
            ],
        )
        session.execute(
            insert(PlanFlag),
            [
                {
                    "plan_id": n,
                    "text": "my son takes my pension",
                    "said_at": when[n],
                    "categories": [SafetyCategory.FINANCIAL_HARM],
                    "level": FlagLevel.HARM,
                    "source": FlagSource.PHRASE_LIST,
                    "choices": [],
                    "raised_at": when[n],
                }
                for n in numbers
                if n % 50 == 0
            ],
        )
        session.commit()
    session.execute(text("ANALYZE"))
    session.commit()


def timings(call: Callable[[], Any], *, rounds: int) -> list[float]:
    call()  # warm: the first call compiles and caches statements
    out: list[float] = []
    for _ in range(rounds):
        began = time.perf_counter()
        call()
        out.append((time.perf_counter() - began) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args(argv)
    with new_database() as url:
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        settings = Settings(
            database_url=url,
            secret_key=SecretStr(uuid.uuid4().hex * 2),
            bot_service_token=SecretStr(uuid.uuid4().hex),
            rate_limit_storage_url="memory://",
        )
        with sessions() as session:
            practitioner = create_practitioner(
                session=session, email="bench@example.org", password=uuid.uuid4().hex
            )
            assert practitioner is not None
            began = time.perf_counter()
            fill(session, plans=args.plans, author_id=practitioner.id)
            print(f"{args.plans:,} plans stored in {time.perf_counter() - began:.0f} s", flush=True)
            token = start_session(session=session, practitioner=practitioner, settings=settings)

        def session_override() -> Iterator[Session]:
            with sessions() as session:
                yield session

        app = create_app()
        app.dependency_overrides[get_settings] = lambda: settings
        app.dependency_overrides[get_session] = session_override
        headers = {"Authorization": f"Bearer {token}"}
        with TestClient(app) as client:

            def get(**params: Any) -> Callable[[], Any]:
                def call() -> Any:
                    response = client.get(f"{API_PREFIX}/plans", params=params, headers=headers)
                    assert response.status_code == 200, response.text
                    return response

                return call

            # Half way down (page 1,001 of 50 for 100,000 plans), reached as a client does: from
            # the previous page's cursor.
            depth = max(args.plans // 100 * 50, 50)
            page = f"page {depth // 50 + 1:,}"
            with sessions() as session:
                last = session.scalars(
                    select(Plan)
                    .order_by(Plan.urgent.desc(), Plan.received_at.desc(), Plan.id.desc())
                    .offset(depth - 1)
                    .limit(1)
                ).one()
                deep = PlanCursor.after(last).token()
            scenarios = {
                "first page (50)": get(),
                "first page, status=new": get(status="new"),
                "first page, role=carer": get(role="carer"),
                "urgent only": get(urgent="true"),
                f"{page} by offset": get(offset=depth),
                f"{page} by cursor": get(after=deep),
                f"{page} by cursor, status=new": get(after=deep, status="new"),
            }
            print(f"\nThe practitioners' list, {args.rounds} requests each (ms)")
            print(f"  {'':<34}{'p50':>8}{'p95':>8}")
            for name, call in scenarios.items():
                values = timings(call, rounds=args.rounds)
                print(f"  {name:<34}{statistics.median(values):>8.1f}{p95(values):>8.1f}")
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
