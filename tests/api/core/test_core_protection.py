"""Security headers on every answer, and the request size limit on every endpoint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.core.protection import MAX_BODY_BYTES, MAX_PLAN_BYTES, PAGE_CSP
from contract.http import API_PREFIX
from tests.api import factories

PATHS = [
    "/",
    "/conversation/plan",
    "/practitioner/sign-in",
    "/practitioner",
    f"{API_PREFIX}/health",
    f"{API_PREFIX}/plans",
    f"{API_PREFIX}/plans/1",
    "/openapi.json",
    "/static/site/site.css",
    "/static/site/init.js",
    "/no-such-page",
]


def _headers_of(client: TestClient, path: str) -> dict[str, str]:
    response = client.get(path, follow_redirects=False)
    return {name: response.headers.get(name, "") for name in _EXPECTED}


_EXPECTED = {
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    assert _headers_of(client, path) == _EXPECTED


def test_the_page_policy_allows_no_inline_script_and_no_framing() -> None:
    directives = dict(part.strip().split(" ", 1) for part in PAGE_CSP.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in PAGE_CSP and "unsafe-eval" not in PAGE_CSP


def test_hsts_only_over_tls(client: TestClient) -> None:
    assert "strict-transport-security" not in client.get(f"{API_PREFIX}/health").headers
    with TestClient(client.app, base_url="https://testserver") as secure:
        hsts = secure.get(f"{API_PREFIX}/health").headers["strict-transport-security"]
    assert hsts == "max-age=31536000; includeSubDomains"


def test_the_docs_page_still_works_and_cannot_be_framed(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_nothing_personal_is_cached_but_the_design_system_may_be(client: TestClient) -> None:
    assert client.get("/").headers["cache-control"] == "no-store"
    assert client.get(f"{API_PREFIX}/health").headers["cache-control"] == "no-store"
    assert "cache-control" not in client.get("/static/site/site.css").headers


def test_a_plan_of_99_mb_is_refused_with_413(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    huge = factories.plan_payload(
        sections={
            "working_well": [factories.quote("x" * 99_000, message_id=str(n)) for n in range(100)]
        }
    )
    response = client.post(f"{API_PREFIX}/plans", json=huge, headers=bot_headers)

    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request is too large: at most {MAX_PLAN_BYTES // 1024} KiB."
    }
    assert client.get(f"{API_PREFIX}/plans", headers=bot_headers).status_code == 401  # still served


def test_a_large_body_sent_without_content_length_is_cut_off(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(40):
            yield b"y" * 10_000
        yield b'"}'

    response = client.post(
        f"{API_PREFIX}/plans/1/notes",
        content=chunks(),
        headers={**auth_headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request is too large: at most {MAX_BODY_BYTES // 1024} KiB."
    }


def test_a_big_but_reasonable_plan_is_accepted(
    client: TestClient, bot_headers: dict[str, str]
) -> None:
    # Nine answers of 20,000 characters each, as the conversation allows, with emoji.
    big = factories.plan_payload(
        sections={
            "working_well": [
                factories.quote("🌻 a long answer " * 1_200, message_id=str(n)) for n in range(9)
            ]
        }
    )
    assert client.post(f"{API_PREFIX}/plans", json=big, headers=bot_headers).status_code == 201


def test_a_message_to_the_assistant_over_the_limit_is_refused(client: TestClient) -> None:
    response = client.post("/conversation/messages", content=b"x" * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413
