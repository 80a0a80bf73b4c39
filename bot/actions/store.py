"""The action server's own state: the outbox and the resume codes, in one SQL database.

SQLite under var/ by default; PostgreSQL (`ACTIONS_DATABASE_URL=postgresql://...`) when several
action servers must share it, so that the action server itself keeps nothing on its disk and any
replica can deliver a plan or resume a conversation another one started. SQLAlchemy Core, 1.4
(Rasa pins it below 1.5), in its 2.0 style.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.actions.settings import get_settings

logger = logging.getLogger(__name__)

metadata = MetaData()

# Something the person chose to send, until the API has taken it. `state` is pending, or
# rejected: the API refused it, and it is kept (a dead letter) for an operator to look at.
deliveries = Table(
    "deliveries",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("payload", Text, nullable=False),
    Column("state", String(20), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("queued_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
)

# Resume codes, hashed: the database alone does not let anyone resume a conversation.
codes = Table(
    "codes",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("sender_id", String(200), nullable=False),
    Column("issued_at", String(40), nullable=False),
    Column("used_at", String(40)),
)


class Store:
    """One engine for the action server's tables; made once per process."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_waits_for_locks)
        self._create_tables()

    def _create_tables(self) -> None:
        try:
            metadata.create_all(self.engine)
        except SQLAlchemyError:
            # Two replicas starting at once may race to create the same table; the loser finds
            # it there on a second look.
            logger.warning("Creating the action server's tables raced another; looking again")
            metadata.create_all(self.engine)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: committed on success, rolled back on error."""
        with self.engine.begin() as connection:
            yield connection

    def reachable(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except SQLAlchemyError as error:
            logger.warning("The action server's database is unreachable: %s", type(error).__name__)
            return False
        return True


def _sqlite_waits_for_locks(connection: sqlite3.Connection, _record: object) -> None:
    # Several threads of one server (and a second server on the same file) write: wait for a
    # lock instead of failing at once.
    connection.execute("PRAGMA busy_timeout = 10000")


def carry_over(store: Store, *, outbox_file: Path, codes_file: Path) -> None:
    """Bring what an older action server kept in its own two SQLite files into the store, once:
    plans waiting to be sent, and resume codes a person may still hold. The old files are then
    renamed, so nothing is carried twice and nothing is deleted."""
    for path, table in ((outbox_file, deliveries), (codes_file, codes)):
        if not path.is_file():
            continue
        old = create_engine(f"sqlite:///{path}", future=True)
        try:
            with old.connect() as source:
                rows = (
                    [dict(row) for row in source.execute(select(*table.c)).mappings()]
                    if inspect(source).has_table(table.name)
                    else []
                )
        finally:
            old.dispose()
        key = next(iter(table.primary_key.columns))
        with store.begin() as connection:
            known = set(connection.execute(select(key)).scalars())
            fresh = [row for row in rows if row[key.name] not in known]
            if fresh:
                connection.execute(table.insert(), fresh)
        path.rename(path.with_name(path.name + ".carried-over"))
        logger.info("Carried %d rows of %s over from an older file", len(fresh), table.name)


@lru_cache(maxsize=1)
def get_store() -> Store:
    settings = get_settings()
    store = Store(settings.actions_database_url)
    carry_over(store, outbox_file=settings.outbox_path, codes_file=settings.resume_codes_path)
    return store
