"""Run the action server, with the outbox delivery loop beside it.

`python -m bot.actions.server` replaces `rasa run actions` so that plans waiting in the outbox
are delivered by the same long-running process, also after it restarts.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from rasa_sdk.endpoint import create_app

from bot.actions.outbox import get_outbox, keep_flushing
from bot.actions.settings import get_settings

logger = logging.getLogger(__name__)


def main() -> None:
    parser = argparse.ArgumentParser(description="What Matters action server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    settings = get_settings()  # fails fast without the service token
    outbox = get_outbox()
    app = create_app("bot.actions", cors_origins="")

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
