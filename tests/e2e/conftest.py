"""The three real services, started once for the end-to-end tests on free ports."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from contract.http import API_PREFIX
from scripts.stack import API_PYTHON, ROOT, Stack, private_stack

PRACTITIONER_EMAIL = "e2e.practitioner@example.org"
PRACTITIONER_PASSWORD = "a long enough password"


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data_dir: Path = tmp_path_factory.mktemp("stack")
    stack = private_stack(
        data_dir,
        DATABASE_URL=f"sqlite:///{data_dir / 'whatmatters.db'}",
        ACTIONS_DATABASE_URL=f"sqlite:///{data_dir / 'actions.sqlite3'}",
        OUTBOX_RETRY_SECONDS="5",
    )
    try:
        stack.start_all()
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture(scope="session")
def practitioner_token(stack: Stack) -> str:
    subprocess.run(
        [
            str(API_PYTHON), "-m", "api.practitioners.cli", "create",
            "--email", PRACTITIONER_EMAIL, "--name", "E2E Practitioner",
        ],
        input=f"{PRACTITIONER_PASSWORD}\n".encode(),
        cwd=ROOT, env=stack._environment(), check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    response = httpx.post(
        f"{stack.api_url}{API_PREFIX}/auth/token",
        data={"username": PRACTITIONER_EMAIL, "password": PRACTITIONER_PASSWORD},
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


@pytest.fixture
def api(stack: Stack, practitioner_token: str) -> Iterator[httpx.Client]:
    """The practitioner API, signed in."""
    headers = {"Authorization": f"Bearer {practitioner_token}"}
    with httpx.Client(base_url=stack.api_url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def api_lead(stack: Stack) -> tuple[str, str]:
    """A lead practitioner's email and password (a lead also reads the audit log)."""
    email, password = "e2e.lead@example.org", "a lead's long enough password"
    subprocess.run(
        [str(API_PYTHON), "-m", "api.practitioners.cli", "create", "--email", email,
         "--name", "E2E Lead", "--role", "lead"],
        input=f"{password}\n".encode(),
        cwd=ROOT, env=stack._environment(), check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return email, password
