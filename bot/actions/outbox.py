"""Plans the person has sent but the API has not taken yet.

Every plan is written here first, then delivered. What the API could not take stays on disk
(SQLite), so it survives a restart of the action server, and a loop in the action server
(`bot.actions.server`) keeps trying until the API takes it. The API is idempotent per
conversation, so delivering the same plan twice is harmless.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.actions.api_client import Delivery, post_plan
from bot.actions.settings import get_settings

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    conversation_id TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    queued_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


def _now() -> str:
    return datetime.now(tz=timezone.utc).isoformat()


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def put(self, payload: dict[str, Any]) -> None:
        """Queue a plan; a plan already queued for the conversation is kept as it was."""
        now = _now()
        with self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (conversation_id, payload, queued_at, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (payload["conversation_id"], json.dumps(payload), now, now),
            )

    def payload(self, conversation_id: str) -> dict[str, Any] | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT payload FROM outbox WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def pending(self) -> list[dict[str, Any]]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT payload FROM outbox WHERE state = 'pending' ORDER BY queued_at"
            ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def state(self, conversation_id: str) -> str | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT state FROM outbox WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()
        return str(row[0]) if row else None

    def forget(self, conversation_id: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM outbox WHERE conversation_id = ?", (conversation_id,))

    def record(self, conversation_id: str, delivery: Delivery) -> None:
        state = {
            Delivery.DELIVERED: "delivered",
            Delivery.REJECTED: "rejected",
            Delivery.RETRY: "pending",
        }[delivery]
        with self._connect() as db:
            db.execute(
                "UPDATE outbox SET state = ?, attempts = attempts + 1, updated_at = ?"
                " WHERE conversation_id = ?",
                (state, _now(), conversation_id),
            )


@lru_cache(maxsize=1)
def get_outbox() -> Outbox:
    return Outbox(get_settings().outbox_path)


async def deliver(outbox: Outbox, payload: dict[str, Any]) -> Delivery:
    delivery = await post_plan(payload)
    outbox.record(payload["conversation_id"], delivery)
    return delivery


async def flush(outbox: Outbox) -> int:
    """Try every pending plan once; returns how many were delivered."""
    delivered = 0
    for payload in outbox.pending():
        if await deliver(outbox, payload) is Delivery.DELIVERED:
            delivered += 1
            logger.info(
                "Delivered the waiting plan for conversation %s", payload["conversation_id"]
            )
    return delivered


async def keep_flushing(outbox: Outbox, *, interval_seconds: float) -> None:
    while True:
        try:
            await flush(outbox)
        except sqlite3.Error:
            logger.exception("Could not read the outbox at %s; will try again", outbox.path)
        await asyncio.sleep(interval_seconds)
