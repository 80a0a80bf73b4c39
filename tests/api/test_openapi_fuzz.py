"""schemathesis: property-based requests against the API's own OpenAPI schema.

Every operation, with a practitioner's token, a lead's and the bot's, valid requests and
invalid ones (schemathesis's positive and negative modes): no server error,
and every answer (status, content type, headers, body) as the schema says. Bounded by
MAX_EXAMPLES per operation, on SQLite only (the rest of tests/api covers PostgreSQL), so that
it adds well under a minute to `make test`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.core.config import Settings
from api.core.database import make_engine, make_sessionmaker
from api.main import create_app
from api.practitioners.models import Practitioner, PractitionerRole
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.conftest import migrate
from tests.api.factories import Database

MAX_EXAMPLES = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _operations() -> list[tuple[str, str]]:
    found = []
    for result in schemathesis.openapi.from_asgi(
        "/openapi.json", create_app()
    ).get_all_operations():
        # An operation schemathesis cannot read is an error in our schema: fail loudly here.
        operation = result.ok()  # type: ignore[union-attr]
        found.append((operation.method.upper(), operation.path))
    return found


OPERATIONS = _operations()


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """SQLite only, for this module: every other API test also runs on PostgreSQL."""
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'whatmatters.db'}"
    migrate(url)
    engine = make_engine(url)
    try:
        yield Database(backend="sqlite", url=url, engine=engine, sessions=make_sessionmaker(engine))
    finally:
        engine.dispose()


@pytest.fixture
def seeded(db: Database, client: Any, bot_headers: dict[str, str]) -> None:
    """Plans to be found: a person's (id 1) and a carer's (id 2), and an urgent one (id 3)."""
    for payload in (
        factories.plan_payload(),
        factories.carer_payload(),
        factories.plan_payload(safety_flags=[factories.flag("I am not safe")]),
    ):
        assert (
            client.post(f"{API_PREFIX}/plans", json=payload, headers=bot_headers).status_code == 201
        )


def _run(app: FastAPI, method: str, path: str, headers_for: Any) -> None:
    operation = schemathesis.openapi.from_asgi("/openapi.json", app)[path][method]
    # Valid requests and invalid ones (wrong types, out-of-range numbers, missing fields).
    cases = operation.as_strategy(generation_mode=GenerationMode.POSITIVE) | operation.as_strategy(
        generation_mode=GenerationMode.NEGATIVE
    )

    @given(case=cases)
    @FUZZ
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers_for(), checks=CHECKS)

    check()


@pytest.mark.parametrize("role", list(PractitionerRole))
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_api_keeps_its_schema_for_a_practitioner(
    app: FastAPI,
    seeded: None,
    db: Database,
    settings: Settings,
    method: str,
    path: str,
    role: PractitionerRole,
) -> None:
    caller: Practitioner = factories.create_practitioner(db.sessions, role=role)
    # A new session for every request: one of them may be POST /auth/sign-out.
    _run(app, method, path, lambda: factories.bearer(factories.access_token(caller, settings)))


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_api_keeps_its_schema_for_the_bot(
    app: FastAPI, seeded: None, method: str, path: str
) -> None:
    _run(app, method, path, lambda: factories.bearer(factories.BOT_SERVICE_TOKEN))
