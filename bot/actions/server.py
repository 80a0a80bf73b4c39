"""Run the action server, with the outbox delivery loop beside it.

`python -m bot.actions.server` replaces `rasa run actions` so that plans waiting in the outbox
are delivered by the same long-running process, also after it restarts.
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import logging
import os
from typing import Any

import httpx
from rasa_sdk.endpoint import create_app
from sanic import response

from bot.actions.logs import quiet_loggers
from bot.actions.outbox import Outbox, get_outbox, keep_flushing
from bot.actions.settings import get_settings
from contract.http import API_PREFIX
from contract.services import ACTIONS_PORT

logger = logging.getLogger(__name__)
# Only /health is open: it says how the server and what it depends on are, never whose
# conversations; the stack and a load balancer wait on it.
HEALTH_PATH = "/health"
OPEN_PATHS = frozenset({HEALTH_PATH})


async def health_report(*, outbox: Outbox, api_url: str) -> tuple[dict[str, Any], int]:
    """The server's dependencies, and what waits in and what was refused from the outbox.

    503 only when this server cannot work (its database is gone); with the API down it still
    takes conversations and keeps plans until the API is back, so it is "degraded"."""
    if not outbox.store.reachable():
        return {"status": "unavailable", "database": "unavailable"}, 503
    try:
        async with httpx.AsyncClient(timeout=2.0) as client:
            answer = await client.get(f"{api_url}{API_PREFIX}/health")
        api = "ok" if answer.status_code == 200 else f"answered {answer.status_code}"
    except httpx.HTTPError:
        api = "unavailable"
    report = {
        "status": "ok" if api == "ok" else "degraded",
        "database": "ok",
        "api": api,
        # Rejected plans are dead letters: each was also logged at ERROR.
        "outbox": outbox.counts(),
    }
    return report, 200


def report_health(app: Any, *, outbox: Outbox, api_url: str) -> None:
    """Answer /health with health_report; rasa-sdk's own /health only ever says "ok"."""

    @app.middleware("request")
    async def health(request: Any) -> Any:
        if request.path != HEALTH_PATH:
            return None
        report, status = await health_report(outbox=outbox, api_url=api_url)
        return response.json(report, status=status)


def authorised(authorization: str | None, token: str) -> bool:
    """Whether the request carries `Authorization: Bearer <token>`, compared in constant time."""
    given = (authorization or "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), token.encode())


def protect(app: Any, token: str) -> None:
    """Refuse every call without the shared secret: without it, anyone on this machine could
    run any action with a made-up tracker (and send an urgent plan)."""

    @app.middleware("request")
    async def require_token(request: Any) -> Any:
        if request.path in OPEN_PATHS:
            return None
        if not authorised(request.headers.get("Authorization"), token):
            return response.json({"error": "unauthorised"}, status=401)
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description="What Matters action server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=ACTIONS_PORT)
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    quiet_loggers()
    # The outbox and the resume codes hold people's words and conversation ids: owner only.
    os.umask(0o077)

    settings = get_settings()  # fails fast without the service token or the action token
    outbox = get_outbox()  # and without its database
    app = create_app("bot.actions", cors_origins="")
    report_health(app, outbox=outbox, api_url=settings.api_url)
    protect(app, settings.action_server_token)

    @app.after_server_start
    async def start_outbox(app_: Any, _loop: Any) -> None:
        app_.ctx.outbox_task = asyncio.create_task(
            keep_flushing(outbox, interval_seconds=settings.outbox_retry_seconds)
        )

    @app.before_server_stop
    async def stop_outbox(app_: Any, _loop: Any) -> None:
        app_.ctx.outbox_task.cancel()

    logger.info("Action server on http://%s:%s", args.host, args.port)
    app.run(args.host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
