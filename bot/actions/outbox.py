"""What the person has chosen to send, until the API has taken it.

Everything sent is written here first, then delivered: a plan, or urgent flags for a plan
already sent. What the API could not take stays on disk (SQLite), so it survives a restart of
the action server, and a loop in the action server (`bot.actions.server`) keeps trying, oldest
first, until the API takes it. The API is idempotent (per conversation for plans, per message
for flags), so delivering the same thing twice is harmless.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.actions.api_client import Delivery, post
from bot.actions.logs import short_id
from bot.actions.settings import get_settings
from bot.actions.store import connect

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    queued_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


def _now() -> str:
    return datetime.now(tz=timezone.utc).isoformat()


@dataclass(frozen=True)
class Queued:
    key: str
    kind: str
    payload: dict[str, Any]


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(_SCHEMA)

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connect(self.path)

    def put(self, kind: str, key: str, payload: dict[str, Any]) -> Queued:
        """Queue something to send; what is already queued under `key` is kept as it was."""
        now = _now()
        with self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO deliveries (key, kind, payload, queued_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, kind, json.dumps(payload), now, now),
            )
        return Queued(key, kind, payload)

    def pending(self) -> list[Queued]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT key, kind, payload FROM deliveries WHERE state = 'pending'"
                " ORDER BY queued_at, rowid"
            ).fetchall()
        return [Queued(key, kind, json.loads(payload)) for key, kind, payload in rows]

    def state(self, key: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT state FROM deliveries WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def forget(self, key: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM deliveries WHERE key = ?", (key,))

    def record(self, key: str, delivery: Delivery) -> None:
        if delivery is Delivery.DELIVERED:
            # The API has it (it answered 200/201): nothing of the person's needs to stay here.
            self.forget(key)
            return
        state = {Delivery.REJECTED: "rejected", Delivery.RETRY: "pending"}[delivery]
        with self._connect() as db:
            db.execute(
                "UPDATE deliveries SET state = ?, attempts = attempts + 1, updated_at = ?"
                " WHERE key = ?",
                (state, _now(), key),
            )


def plan_key(conversation_id: str) -> str:
    return f"plan:{conversation_id}"


@lru_cache(maxsize=1)
def get_outbox() -> Outbox:
    return Outbox(get_settings().outbox_path)


async def deliver(outbox: Outbox, item: Queued) -> Delivery:
    delivery = await post(item.kind, item.payload)
    outbox.record(item.key, delivery)
    return delivery


async def flush(outbox: Outbox) -> int:
    """Try everything pending once, oldest first; returns how many were delivered."""
    delivered = 0
    for item in outbox.pending():
        if await deliver(outbox, item) is Delivery.DELIVERED:
            delivered += 1
            logger.info("Delivered waiting %s (%s)", item.kind, short_id(item.key))
    return delivered


async def keep_flushing(outbox: Outbox, *, interval_seconds: float) -> None:
    """Deliver what waits, for as long as the server runs: no error may end the loop, or no
    waiting plan would ever be delivered again."""
    while True:
        try:
            await flush(outbox)
        except sqlite3.Error:
            logger.exception("Could not read the outbox at %s; will try again", outbox.path)
        # Anything else is logged too, and delivery carries on.
        except Exception:
            logger.exception("Delivering from the outbox failed; will try again")
        await asyncio.sleep(interval_seconds)
