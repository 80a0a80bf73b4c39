"""Every database test runs twice: on a temporary SQLite file and on a fresh PostgreSQL database.

Both are built by the real Alembic migrations (so the migrations are tested too), emptied
between tests, and thrown away at the end. The app gets its settings and sessions through
FastAPI dependency overrides, never from the developer's .env.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The test helpers are imported as `tests.api.factories`, the name mypy gives them; pytest only
# puts this folder on sys.path, so put the repository root there too.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psycopg
import pytest
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from fastapi.testclient import TestClient
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api.core.config import Settings, get_settings
from api.core.database import get_session, make_engine, make_sessionmaker
from api.main import create_app
from api.practitioners.models import Practitioner, PractitionerRole
from tests.api import factories
from tests.api.factories import Database

ROOT = Path(__file__).resolve().parents[2]
ALEMBIC_INI = ROOT / "api" / "alembic.ini"
# An existing database to connect to while creating and dropping the test databases.
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TABLES = (
    "review_invitations",
    "reviewed_outcomes",
    "outcome_areas",
    "audit_events",
    "practitioner_sessions",
    "plan_links",
    "plan_flags",
    "plan_skips",
    "plan_notes",
    "plan_items",
    "plans",
    "practitioners",
)


def alembic_config(url: str) -> Config:
    """Alembic's configuration for the database at `url` (api/migrations/env.py reads it)."""
    config = Config(str(ALEMBIC_INI))
    config.attributes["database_url"] = url
    return config


def migrate(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def _libpq(url: str) -> str:
    """A SQLAlchemy URL as psycopg wants it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def _new_postgres_database() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    name = f"whatmatters_test_{uuid.uuid4().hex[:12]}"
    admin = _libpq(POSTGRES_ADMIN_URL)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with _new_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of each backend with no tables at all, for testing the migrations one by one."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.db'}"
    else:
        with _new_postgres_database() as url:
            yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'whatmatters.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    migrate(url)
    engine = make_engine(url)
    try:
        yield Database(
            backend=request.param, url=url, engine=engine, sessions=make_sessionmaker(engine)
        )
    finally:
        engine.dispose()


def _empty(database: Database) -> None:
    with database.engine.begin() as connection:
        if database.backend == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
        else:
            for table in TABLES:
                connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names


@pytest.fixture
def db(database: Database) -> Iterator[Database]:
    """The session's database of this backend, empty at the start of the test."""
    _empty(database)
    yield database


@pytest.fixture
def settings(db: Database) -> Settings:
    return factories.settings(database_url=db.url)


@pytest.fixture
def app(db: Database, settings: Settings) -> FastAPI:
    def session_override() -> Iterator[Session]:
        with db.sessions() as session:
            yield session

    application = create_app()
    application.dependency_overrides[get_settings] = lambda: settings
    application.dependency_overrides[get_session] = session_override
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def bot_headers() -> dict[str, str]:
    return factories.bearer(factories.BOT_SERVICE_TOKEN)


@pytest.fixture
def practitioner(db: Database) -> Practitioner:
    return factories.create_practitioner(db.sessions, email="alex@example.org", name="Alex Morgan")


@pytest.fixture
def auth_headers(practitioner: Practitioner, settings: Settings) -> dict[str, str]:
    return factories.bearer(factories.access_token(practitioner, settings))


@pytest.fixture
def lead(db: Database) -> Practitioner:
    return factories.create_practitioner(
        db.sessions, email="lee@example.org", name="Lee Lead", role=PractitionerRole.LEAD
    )


@pytest.fixture
def lead_headers(lead: Practitioner, settings: Settings) -> dict[str, str]:
    return factories.bearer(factories.access_token(lead, settings))
