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
def scaled_stack(
    data: Path, *, replicas: int = 2, admin_url: str = ADMIN_URL, redis_url: str = REDIS_URL
) -> Iterator[Stack]:
    """`replicas` of each service, started, on a new database and lock keys of its own, on the
    PostgreSQL server whose `postgres` database `admin_url` names and the Redis at `redis_url`."""
    name = f"whatmatters_scaled_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    shared = SharedEngines(
        postgres_url=admin_url.rsplit("/", 1)[0] + f"/{name}",
        redis_url=redis_url,
        replicas=replicas,
        lock_prefix=uuid.uuid4().hex,
    )
    stack = private_stack(data, shared=shared)
    try:
        stack.start_all()
        yield stack
    finally:
        stack.stop_all()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(f"{shared.lock_prefix}*"):
            client.delete(key)
