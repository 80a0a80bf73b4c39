from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.actions.codes import get_resume_codes
from bot.actions.outbox import get_outbox
from bot.actions.settings import get_settings
from bot.actions.store import get_store
from contract.http import FLAGS_PATH, PLANS_PATH

CACHED = (get_settings, get_store, get_outbox, get_resume_codes)


@pytest.fixture(autouse=True)
def bot_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own stores, and API and Rasa addresses where nothing listens."""
    monkeypatch.setenv("BOT_SERVICE_TOKEN", "test-service-token")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "test-action-server-token")
    monkeypatch.setenv("ACTIONS_DATABASE_URL", f"sqlite:///{tmp_path / 'actions.sqlite3'}")
    # Older files to carry over: none, unless a test writes them.
    monkeypatch.setenv("OUTBOX_PATH", str(tmp_path / "old-outbox.sqlite3"))
    monkeypatch.setenv("RESUME_CODES_PATH", str(tmp_path / "old-resume_codes.sqlite3"))
    monkeypatch.setenv("API_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:9")
    # The team's details are the deployment's: none, unless a test gives them (not a .env's).
    for name in ("TEAM_NAME", "TEAM_PHONE", "TEAM_RESPONSE_TIME"):
        monkeypatch.setenv(name, "")
    for cached in CACHED:
        cached.cache_clear()
    yield
    for cached in CACHED:
        cached.cache_clear()


@asynccontextmanager
async def serve(routes: list[web.RouteDef]) -> AsyncIterator[str]:
    """A real HTTP server on a free loopback port, standing in for another service; its URL."""
    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@dataclass
class FakeApi:
    """A real HTTP server standing in for the practitioner API."""

    status: int = 201
    # (path, body) of every request, in order.
    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)


@pytest.fixture
async def fake_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeApi]:
    api = FakeApi()

    async def receive(request: web.Request) -> web.Response:
        api.received.append((request.path, json.loads(await request.text())))
        api.authorizations.append(request.headers.get("Authorization"))
        return web.json_response({"id": 1}, status=api.status)

    routes = [web.post(PLANS_PATH, receive), web.post(FLAGS_PATH, receive)]
    async with serve(routes) as url:
        monkeypatch.setenv("API_URL", url)
        get_settings.cache_clear()
        yield api
