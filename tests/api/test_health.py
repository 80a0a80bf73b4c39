from __future__ import annotations

from collections.abc import Iterator

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.core.config import Settings, get_settings
from api.core.database import get_session, make_engine, make_sessionmaker
from contract.http import API_PREFIX


def test_health_needs_no_sign_in(client: TestClient) -> None:
    response = client.get(f"{API_PREFIX}/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "rate_limit_store": "ok"}


def test_the_openapi_document_lists_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    assert sorted(paths) == [
        f"{API_PREFIX}/audit",
        f"{API_PREFIX}/auth/sign-out",
        f"{API_PREFIX}/auth/token",
        f"{API_PREFIX}/health",
        f"{API_PREFIX}/plans",
        f"{API_PREFIX}/plans/flags",
        f"{API_PREFIX}/plans/{{plan_id}}",
        f"{API_PREFIX}/plans/{{plan_id}}/audit",
        f"{API_PREFIX}/plans/{{plan_id}}/fhir",
        f"{API_PREFIX}/plans/{{plan_id}}/history",
        f"{API_PREFIX}/plans/{{plan_id}}/links",
        f"{API_PREFIX}/plans/{{plan_id}}/links/{{other_plan_id}}",
        f"{API_PREFIX}/plans/{{plan_id}}/matches",
        f"{API_PREFIX}/plans/{{plan_id}}/notes",
        f"{API_PREFIX}/plans/{{plan_id}}/reviews",
        f"{API_PREFIX}/plans/{{plan_id}}/side-by-side",
        f"{API_PREFIX}/practitioners",
        f"{API_PREFIX}/practitioners/me",
        f"{API_PREFIX}/reviews/claim",
        f"{API_PREFIX}/themes",
        "/fhir/Questionnaire/{questionnaire_id}",
    ]
    assert client.get("/docs").status_code == 200


def _settings_with(app: FastAPI, settings: Settings, **changes: str) -> None:
    app.dependency_overrides[get_settings] = lambda: settings.model_copy(update=changes)
    app.state.throttle = None


def test_health_is_503_when_the_shared_counts_are_unreachable(
    app: FastAPI, client: TestClient, settings: Settings
) -> None:
    """Redis, shared by several API processes, is down (nothing listens on port 9)."""
    _settings_with(app, settings, rate_limit_storage_url="redis://127.0.0.1:9/0")

    response = client.get(f"{API_PREFIX}/health")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "rate_limit_store": "unavailable",
    }


def test_health_counts_in_the_machines_redis(
    app: FastAPI, client: TestClient, settings: Settings
) -> None:
    _settings_with(app, settings, rate_limit_storage_url="redis://127.0.0.1:6379/0")

    assert client.get(f"{API_PREFIX}/health").json() == {
        "status": "ok",
        "database": "ok",
        "rate_limit_store": "ok",
    }


def test_health_is_503_when_the_database_is_unreachable(app: FastAPI, client: TestClient) -> None:
    unreachable = make_sessionmaker(make_engine("postgresql+psycopg://postgres@127.0.0.1:9/test"))

    def session_override() -> Iterator[Session]:
        with unreachable() as session:
            yield session

    app.dependency_overrides[get_session] = session_override

    response = client.get(f"{API_PREFIX}/health")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "rate_limit_store": "ok",
    }


def test_while_the_shared_counts_are_away_sign_in_waits_rather_than_go_unchecked(
    app: FastAPI, client: TestClient, settings: Settings
) -> None:
    """Redis restarting: a sign-in (and a resume code) cannot be counted, so it is not let
    through; the caller is asked to wait a moment."""
    _settings_with(app, settings, rate_limit_storage_url="redis://127.0.0.1:9/0")

    response = client.post(
        f"{API_PREFIX}/auth/token", data={"username": "alex@example.org", "password": "x"}
    )

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json() == {"error": "unavailable", "retry_after": 5}
