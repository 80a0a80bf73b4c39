"""A private stack of several replicas on shared engines, for the tests and the benchmark: a new
PostgreSQL database on the server these machines run (dropped afterwards) and lock keys of its
own in their Redis (deleted afterwards). Needs the API's environment (psycopg, redis)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import redis
from psycopg import sql

from scripts.stack import SharedEngines, Stack, private_stack

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"


@contextmanager
def scaled_stack(data: Path, *, replicas: int = 2) -> Iterator[Stack]:
    """`replicas` of each service, started, on a new database and lock keys of its own."""
    name = f"whatmatters_scaled_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    shared = SharedEngines(
        postgres_url=f"postgresql://postgres@127.0.0.1:5432/{name}",
        redis_url=REDIS_URL,
        replicas=replicas,
        lock_prefix=uuid.uuid4().hex,
    )
    stack = private_stack(data, shared=shared)
    try:
        stack.start_all()
        yield stack
    finally:
        stack.stop_all()
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{shared.lock_prefix}*"):
            client.delete(key)
