"""The action server's database on each backend: SQLite in a temporary folder, and a new, empty
PostgreSQL database on the machine's server (dropped afterwards), over a real connection."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from psycopg2 import sql

from bot.actions.store import Store

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_BOT_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@contextmanager
def new_postgres_database() -> Iterator[str]:
    name = f"whatmatters_actions_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(POSTGRES_ADMIN_URL)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        admin.close()


@contextmanager
def store_on(backend: str, tmp_path: Path) -> Iterator[Store]:
    if backend == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'actions.sqlite3'}")
        yield store
        store.engine.dispose()
        return
    with new_postgres_database() as url:
        store = Store(url)
        try:
            yield store
        finally:
            store.engine.dispose()
