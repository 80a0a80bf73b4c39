"""What the person has chosen to send, until the API has taken it.

Everything sent is written here first, then delivered: a plan, or urgent flags for a plan
already sent. What the API could not take stays in the action server's database
(bot/actions/store.py), so it survives a restart, and a loop in every action server
(`bot.actions.server`) keeps trying, oldest first, until the API takes it. The API is idempotent
(per conversation for plans, per message for flags), so two replicas delivering the same thing,
or one delivering it twice, is harmless.

What the API refuses (a 4xx that retrying cannot mend) is kept as a dead letter: marked
rejected, logged at ERROR, and counted at the action server's /health for operators.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from bot.actions.api_client import Delivery, post
from bot.actions.logs import short_id
from bot.actions.store import Store, deliveries, get_store

logger = logging.getLogger(__name__)

PENDING = "pending"
REJECTED = "rejected"


def _now() -> str:
    return datetime.now(tz=timezone.utc).isoformat()


@dataclass(frozen=True)
class Queued:
    key: str
    kind: str
    payload: dict[str, Any]


class Outbox:
    def __init__(self, store: Store) -> None:
        self.store = store

    def put(self, kind: str, key: str, payload: dict[str, Any]) -> Queued:
        """Queue something to send; what is already queued under `key` is kept as it was."""
        now = _now()
        dialect = postgresql if self.store.engine.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(deliveries)
            .values(key=key, kind=kind, payload=json.dumps(payload), queued_at=now, updated_at=now)
            .on_conflict_do_nothing(index_elements=[deliveries.c.key])
        )
        with self.store.begin() as db:
            db.execute(statement)
        return Queued(key, kind, payload)

    def pending(self) -> list[Queued]:
        query = (
            select(deliveries.c.key, deliveries.c.kind, deliveries.c.payload)
            .where(deliveries.c.state == PENDING)
            .order_by(deliveries.c.queued_at, deliveries.c.key)
        )
        with self.store.begin() as db:
            rows = db.execute(query).all()
        return [Queued(key, kind, json.loads(payload)) for key, kind, payload in rows]

    def state(self, key: str) -> str | None:
        with self.store.begin() as db:
            found = db.execute(
                select(deliveries.c.state).where(deliveries.c.key == key)
            ).scalar_one_or_none()
        return str(found) if found is not None else None

    def counts(self) -> dict[str, int]:
        """How many wait to be delivered and how many were rejected: for /health."""
        with self.store.begin() as db:
            rows = db.execute(
                select(deliveries.c.state, func.count()).group_by(deliveries.c.state)
            ).all()
        found = {str(state): int(count) for state, count in rows}
        return {PENDING: found.get(PENDING, 0), REJECTED: found.get(REJECTED, 0)}

    def forget(self, key: str) -> None:
        with self.store.begin() as db:
            db.execute(delete(deliveries).where(deliveries.c.key == key))

    def record(self, key: str, delivery: Delivery) -> None:
        if delivery is Delivery.DELIVERED:
            # The API has it (it answered 200/201): nothing of the person's needs to stay here.
            self.forget(key)
            return
        state = REJECTED if delivery is Delivery.REJECTED else PENDING
        if delivery is Delivery.REJECTED:
            # The person was told it was sent: an operator must see this. The key names the
            # conversation (that is what an operator needs); the words are never logged.
            logger.error("The API rejected %s; kept as a dead letter for an operator", key)
        with self.store.begin() as db:
            db.execute(
                update(deliveries)
                .where(deliveries.c.key == key)
                .values(state=state, attempts=deliveries.c.attempts + 1, updated_at=_now())
            )


def plan_key(conversation_id: str) -> str:
    return f"plan:{conversation_id}"


@lru_cache(maxsize=1)
def get_outbox() -> Outbox:
    return Outbox(get_store())


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
        except SQLAlchemyError as error:
            logger.warning("Could not read the outbox (%s); will try again", type(error).__name__)
        # Anything else is logged too, and delivery carries on.
        except Exception:
            logger.exception("Delivering from the outbox failed; will try again")
        await asyncio.sleep(interval_seconds)
