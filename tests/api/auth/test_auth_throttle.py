"""Guessing passwords is slowed down: per account and per client, with 429 and Retry-After."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from api.core.throttle import Limit, Throttle
from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories

TOKEN = f"{API_PREFIX}/auth/token"
REDIS_URL = "redis://127.0.0.1:6379/0"


def _attempt(client: TestClient, email: str, password: str) -> int:
    return int(client.post(TOKEN, data={"username": email, "password": password}).status_code)


def test_after_ten_wrong_passwords_even_the_right_one_waits(
    client: TestClient, practitioner: Practitioner
) -> None:
    wrong = [_attempt(client, "alex@example.org", f"wrong guess {n}") for n in range(10)]
    refused = client.post(
        TOKEN, data={"username": "ALEX@example.org ", "password": factories.PASSWORD}
    )

    assert wrong == [401] * 10
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many attempts. Please wait and try again."}
    assert 800 <= int(refused.headers["Retry-After"]) <= 900


def test_the_51st_wrong_password_within_a_minute_is_refused(
    client: TestClient, practitioner: Practitioner
) -> None:
    codes = [_attempt(client, "alex@example.org", f"wrong guess {n}") for n in range(51)]

    assert codes[-1] == 429
    assert codes.count(401) == 10


def test_one_client_trying_many_accounts_is_slowed_down(client: TestClient) -> None:
    codes = [_attempt(client, f"person{n}@example.org", "a wrong password") for n in range(31)]

    assert codes == [401] * 30 + [429]


def test_a_right_password_does_not_count_against_the_account(
    client: TestClient, practitioner: Practitioner
) -> None:
    codes = [_attempt(client, "alex@example.org", factories.PASSWORD) for _ in range(12)]

    assert codes == [200] * 12


def test_the_sign_in_page_is_throttled_too(client: TestClient, practitioner: Practitioner) -> None:
    page = client.get("/practitioner/sign-in")
    token = page.text.split('name="form_token" value="')[1].split('"')[0]
    form = {"email": "alex@example.org", "password": "wrong", "form_token": token}
    codes = [client.post("/practitioner/sign-in", data=form).status_code for _ in range(11)]

    assert codes == [401] * 10 + [429]
    last = client.post("/practitioner/sign-in", data={**form, "password": factories.PASSWORD})
    assert last.status_code == 429
    assert "Too many attempts" in last.text and int(last.headers["Retry-After"]) > 0


def test_counts_are_shared_through_redis_between_processes() -> None:
    # Two throttles on one Redis are two API processes: what one counts, the other sees.
    first, second = Throttle(REDIS_URL), Throttle(REDIS_URL)
    account = f"{uuid.uuid4()}@example.org"
    for _ in range(10):
        first.count(Limit.SIGN_IN_ACCOUNT, account)

    refusal = second.check(Limit.SIGN_IN_ACCOUNT, account)

    assert refusal is not None and 800 <= refusal.retry_after_seconds <= 900
    assert second.check(Limit.SIGN_IN_ACCOUNT, f"{uuid.uuid4()}@example.org") is None


def test_memory_is_the_default_store() -> None:
    throttle = Throttle("memory://")
    for _ in range(9):
        throttle.count(Limit.RESUME_CLIENT, "1.2.3.4")
    assert throttle.check(Limit.RESUME_CLIENT, "1.2.3.4") is None
    throttle.count(Limit.RESUME_CLIENT, "1.2.3.4")
    assert throttle.check(Limit.RESUME_CLIENT, "1.2.3.4") is not None
