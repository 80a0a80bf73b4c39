from __future__ import annotations

from fastapi.testclient import TestClient


def test_health_needs_no_sign_in(client: TestClient) -> None:
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_openapi_document_lists_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    assert sorted(paths) == [
        "/api/v1/audit",
        "/api/v1/auth/sign-out",
        "/api/v1/auth/token",
        "/api/v1/health",
        "/api/v1/plans",
        "/api/v1/plans/flags",
        "/api/v1/plans/{plan_id}",
        "/api/v1/plans/{plan_id}/audit",
        "/api/v1/plans/{plan_id}/fhir",
        "/api/v1/plans/{plan_id}/links",
        "/api/v1/plans/{plan_id}/links/{other_plan_id}",
        "/api/v1/plans/{plan_id}/notes",
        "/api/v1/plans/{plan_id}/side-by-side",
        "/api/v1/practitioners",
        "/api/v1/practitioners/me",
        "/api/v1/themes",
        "/fhir/Questionnaire/{questionnaire_id}",
    ]
    assert client.get("/docs").status_code == 200
