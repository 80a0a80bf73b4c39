"""A PostgreSQL server and a Redis server of a test's own, on free loopback ports, from the
packages these machines run: the fault tests restart and stop them, which they must never do to
the servers everything else here shares."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis

from scripts.stack import free_port

# PostgreSQL will not run as root: as root (these machines' CI), its tools run as `postgres`.
_AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _postgres_bin() -> Path:
    """The newest installed PostgreSQL's programs (Debian keeps them out of PATH)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL's server programs are not installed")
    return found[-1].parent


@dataclass
class PrivateEngines:
    root: Path
    postgres_port: int
    redis_port: int
    redis_process: subprocess.Popen[bytes] | None = None

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.postgres_port}/postgres"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def _pg_ctl(self, *args: str) -> None:
        options = (
            f"-p {self.postgres_port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200"
        )
        subprocess.run(
            [
                *_AS_POSTGRES,
                str(_postgres_bin() / "pg_ctl"),
                "-D",
                str(self.root / "postgres"),
                "-l",
                str(self.root / "postgres.log"),
                "-o",
                options,
                "-w",
                *args,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start_postgres(self) -> None:
        if not (self.root / "postgres").exists():
            subprocess.run(
                [
                    *_AS_POSTGRES,
                    str(_postgres_bin() / "initdb"),
                    "-D",
                    str(self.root / "postgres"),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self._pg_ctl("start")

    def restart_postgres(self) -> None:
        """As an operator restarts it: every connection is closed, then it comes back."""
        self._pg_ctl("-m", "fast", "restart")

    def stop_postgres(self) -> None:
        self._pg_ctl("-m", "immediate", "stop")

    def start_redis(self) -> None:
        self.redis_process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.redis_url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop_redis(self) -> None:
        """Redis gone: every connection refused, and every lock it held forgotten."""
        if self.redis_process is not None:
            self.redis_process.terminate()
            self.redis_process.wait(timeout=10)
            self.redis_process = None


@contextmanager
def private_engines() -> Iterator[PrivateEngines]:
    # Its own directory, which the postgres user can reach (a test's tmp_path is root's alone).
    root = Path(tempfile.mkdtemp(prefix="whatmatters-engines-"))
    if _AS_POSTGRES:
        shutil.chown(root, user="postgres")
    engines = PrivateEngines(root, postgres_port=free_port(), redis_port=free_port())
    try:
        engines.start_postgres()
        engines.start_redis()
        yield engines
    finally:
        engines.stop_redis()
        if (root / "postgres" / "postmaster.pid").exists():
            engines.stop_postgres()
        shutil.rmtree(root, ignore_errors=True)
