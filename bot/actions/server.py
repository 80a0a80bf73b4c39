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

from rasa_sdk.endpoint import create_app
from sanic import response

from bot.actions.logs import quiet_loggers
from bot.actions.outbox import get_outbox, keep_flushing
from bot.actions.settings import get_settings
from contract.services import ACTIONS_PORT

logger = logging.getLogger(__name__)
# Only /health is open: it says nothing and the stack waits on it.
OPEN_PATHS = frozenset({"/health"})


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
    outbox = get_outbox()
    app = create_app("bot.actions", cors_origins="")
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
