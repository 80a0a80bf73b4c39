from __future__ import annotations

from fastapi.testclient import TestClient

from contract.http import API_PREFIX


def test_health_needs_no_sign_in(client: TestClient) -> None:
    response = client.get(f"{API_PREFIX}/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


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
        f"{API_PREFIX}/plans/{{plan_id}}/links",
        f"{API_PREFIX}/plans/{{plan_id}}/links/{{other_plan_id}}",
        f"{API_PREFIX}/plans/{{plan_id}}/notes",
        f"{API_PREFIX}/plans/{{plan_id}}/side-by-side",
        f"{API_PREFIX}/practitioners",
        f"{API_PREFIX}/practitioners/me",
        f"{API_PREFIX}/themes",
        "/fhir/Questionnaire/{questionnaire_id}",
    ]
    assert client.get("/docs").status_code == 200
