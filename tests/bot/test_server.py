"""The action server itself, as Rasa reaches it: over HTTP, with the shared secret."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.actions.server import authorised

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "the-action-server-token-0123456789"
# What the security review sent: a made-up tracker asking for an urgent plan.
FORGED = {
    "next_action": "action_submit_plan",
    "sender_id": "made-up",
    "tracker": {
        "sender_id": "made-up",
        "slots": {"stage": "review"},
        "latest_message": {"text": "hi", "intent": {}, "entities": []},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    },
    "domain": {},
    "version": "3.6.21",
}


def test_only_the_exact_token_is_authorised() -> None:
    assert authorised(f"Bearer {TOKEN}", TOKEN)
    assert not authorised(f"Bearer {TOKEN[:-1]}", TOKEN)
    assert not authorised(None, TOKEN)
    assert not authorised("", TOKEN)
    assert not authorised(TOKEN + "x", TOKEN)


@pytest.fixture(scope="module")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("actions")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "BOT_SERVICE_TOKEN": "service-token",
        "ACTION_SERVER_TOKEN": TOKEN,
        "ACTIONS_DATABASE_URL": f"sqlite:///{data / 'actions.sqlite3'}",
        # Never the checkout's own var/: an older file there would be carried over.
        "OUTBOX_PATH": str(data / "outbox.sqlite3"),
        "RESUME_CODES_PATH": str(data / "codes.sqlite3"),
        "API_URL": "http://127.0.0.1:9",
    }
    log = open(data / "actions.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.actions.server", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise TimeoutError("the action server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()
    # What it made is its owner's alone.
    assert oct((data / "actions.sqlite3").stat().st_mode & 0o777) == "0o600"


def test_a_call_without_the_secret_is_refused(action_server: str) -> None:
    assert httpx.post(f"{action_server}/webhook", json=FORGED).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert httpx.post(f"{action_server}/webhook", json=FORGED, headers=wrong).status_code == 401
    assert httpx.get(f"{action_server}/actions").status_code == 401


def test_rasa_with_the_secret_is_served(action_server: str) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    response = httpx.post(f"{action_server}/webhook", json=FORGED, headers=headers)
    # The action runs (and, the plan being unfinished, sends nothing).
    assert response.status_code == 200
    assert [r["response"] for r in response.json()["responses"]] == ["utter_not_finished"]


def test_health_reports_the_database_the_api_and_the_outbox(action_server: str) -> None:
    # Open, like a load balancer's check; the API it points at is not running.
    health = httpx.get(f"{action_server}/health")
    assert health.status_code == 200
    assert health.json() == {
        "status": "degraded",
        "database": "ok",
        "api": "unavailable",
        "outbox": {"pending": 0, "rejected": 0},
    }
