"""Start, watch and stop the three services: the API, the action server and Rasa.

`make run` uses it to run everything on the default ports until Ctrl-C; the end-to-end tests and
the benchmark use `Stack` to run a private copy on free ports with its own data folder, and to
stop and restart single services (the API-down test). It needs only what both virtual
environments have (python-dotenv, the contract package), so it runs on either one's Python.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dotenv import dotenv_values

from contract.services import ACTIONS_PORT, API_PORT, HOST, RASA_PORT, SECRETS, local_url

ROOT = Path(__file__).resolve().parent.parent
BOT_PYTHON = ROOT / ".venv-bot" / "bin" / "python"
API_PYTHON = ROOT / ".venv-api" / "bin" / "python"
MODEL = ROOT / "models" / "what-matters.tar.gz"
# Debian's HAProxy, in front of the action servers when there are several (the Makefile installs
# it for `make run SCALE=2` and the tests).
HAPROXY = "/usr/sbin/haproxy"
LOCK_SECONDS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def read_env_file(path: Path) -> dict[str, str]:
    """The settings in a `.env` file, read as the API and the action server read it."""
    return {key: value.strip() for key, value in dotenv_values(path).items() if value is not None}


def private_secrets() -> dict[str, str]:
    """Fresh secrets for a private copy of the stack (a benchmark, an evaluation, a test)."""
    return {name: secrets.token_urlsafe(32) for name in SECRETS}


def private_stack(data: Path, *, shared: SharedEngines | None = None, **env: str) -> Stack:
    """A private copy of the stack (a benchmark, an evaluation, a test): its own data folder and
    logs, fresh secrets, free ports; `env` adds to its environment. With `shared`, as many
    replicas of Rasa and the action server as it says, on PostgreSQL and Redis."""
    replicas = shared.replicas if shared else 1
    return Stack(
        data_dir=data,
        env={**private_secrets(), **env},
        api_port=free_port(),
        actions_ports=[free_port() for _ in range(replicas)],
        rasa_ports=[free_port() for _ in range(replicas)],
        balancer_port=free_port(),
        log_dir=data,
        shared=shared,
    )


@dataclass(frozen=True)
class SharedEngines:
    """Where replicas keep what they share (README, "Running at scale"): every store on one
    PostgreSQL database (the API's plans, Rasa's conversations, the action server's outbox and
    resume codes), Redis for Rasa's conversation locks and the API's sign-in counts."""

    postgres_url: str  # postgresql://user[:password]@host:port/database
    redis_url: str  # redis://host:port/db
    replicas: int = 2
    # Keeps this stack's locks apart from any other's on the same Redis.
    lock_prefix: str = "whatmatters"

    def endpoints(self) -> str:
        """Rasa's tracker and lock stores, as endpoints.yml says them."""
        pg, redis = urlsplit(self.postgres_url), urlsplit(self.redis_url)
        password = "\n  password: ${WM_POSTGRES_PASSWORD}" if pg.password else ""
        return (
            "tracker_store:\n"
            "  type: bot.tracker_store.WalSQLTrackerStore\n"
            '  dialect: "postgresql"\n'
            f'  url: "{pg.hostname}"\n  port: {pg.port or 5432}\n'
            f'  db: "{pg.path.lstrip("/")}"\n  username: "{pg.username or "postgres"}"'
            f"{password}\n"
            "lock_store:\n"
            "  type: redis\n"
            f'  url: "{redis.hostname}"\n  port: {redis.port or 6379}\n'
            f"  db: {int(redis.path.lstrip('/') or 0)}\n"
            f'  key_prefix: "{self.lock_prefix}"\n'
        )

    def environment(self) -> dict[str, str]:
        """The API's and the action server's settings for these engines."""
        pg = urlsplit(self.postgres_url)
        tail = self.postgres_url.split("://", 1)[1]
        env = {
            "DATABASE_URL": f"postgresql+psycopg://{tail}",
            # The action server runs in Rasa's environment, whose driver is psycopg2.
            "ACTIONS_DATABASE_URL": f"postgresql+psycopg2://{tail}",
            "RATE_LIMIT_STORAGE_URL": self.redis_url,
            # How long a Rasa's lock on a conversation outlives it, if it dies mid-turn, before
            # another may take that conversation's next message (Rasa's default is 60 s; a turn
            # takes well under a second).
            "TICKET_LOCK_LIFETIME": str(LOCK_SECONDS),
        }
        if pg.password:
            env["WM_POSTGRES_PASSWORD"] = unquote(pg.password)
        return env


@dataclass
class Stack:
    """The three services, sharing one data folder and one set of secrets."""

    data_dir: Path
    env: dict[str, str]
    api_port: int = API_PORT
    # One port per replica.
    actions_ports: list[int] = field(default_factory=lambda: [ACTIONS_PORT])
    rasa_ports: list[int] = field(default_factory=lambda: [RASA_PORT])
    # With shared engines, every Rasa reaches every action server through HAProxy here.
    balancer_port: int = ACTIONS_PORT
    log_dir: Path | None = None
    # None: one of each, on SQLite files in data_dir (the default).
    shared: SharedEngines | None = None
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Only Rasa and the action server need to agree on this secret, so a stack started
        # without one (a private copy, for a benchmark or an evaluation) makes its own.
        if not self.env.get("ACTION_SERVER_TOKEN"):
            self.env["ACTION_SERVER_TOKEN"] = secrets.token_urlsafe(32)

    @property
    def api_url(self) -> str:
        return local_url(self.api_port)

    @property
    def rasa_url(self) -> str:
        return local_url(self.rasa_ports[0])

    @property
    def rasa_urls(self) -> list[str]:
        return [local_url(port) for port in self.rasa_ports]

    @property
    def actions_port(self) -> int:
        return self.actions_ports[0]

    @property
    def services(self) -> list[str]:
        """Every service's name, in the order they start: Rasa checks its action server at
        start-up, so the action servers (and, with shared engines, the balancer in front of
        them) go first. Replica 1 is "actions" and "rasa"; replica n is "actions-n" and
        "rasa-n"."""
        actions = [_replica_name("actions", n) for n in self._replicas]
        rasas = [_replica_name("rasa", n) for n in self._replicas]
        return ["api", *actions, *(["balancer"] if self.shared else []), *rasas]

    @property
    def action_endpoint(self) -> str:
        """Where every Rasa calls its actions: the one action server, or the balancer."""
        return local_url(self.balancer_port if self.shared else self.actions_port)

    @property
    def _replicas(self) -> range:
        return range(1, len(self.rasa_ports) + 1)

    def endpoints_file(self, replica: int = 1) -> Path:
        return self.data_dir / ("endpoints.yml" if replica == 1 else f"endpoints-{replica}.yml")

    def _environment(self, name: str = "api") -> dict[str, str]:
        env = {**os.environ, **self.env}
        if self.shared is not None:
            env.update(self.shared.environment())
        env.setdefault("DATABASE_URL", f"sqlite:///{self.data_dir / 'whatmatters.db'}")
        env["API_URL"] = self.api_url
        # The API spreads conversations' messages over every Rasa (no stickiness: any replica
        # can take any turn); an action server resumes conversations through its own.
        kind, replica = _kind_and_replica(name)
        env["RASA_URL"] = ",".join(self.rasa_urls) if kind == "api" else self.rasa_urls[replica - 1]
        env.setdefault("ACTIONS_DATABASE_URL", f"sqlite:///{self.data_dir / 'actions.sqlite3'}")
        env.setdefault("OUTBOX_PATH", str(self.data_dir / "outbox.sqlite3"))
        env.setdefault("RESUME_CODES_PATH", str(self.data_dir / "resume_codes.sqlite3"))
        return env

    def _write_endpoints(self, replica: int) -> None:
        # Rasa reads the action server's address and the stores from this file; it fills
        # ${ACTION_SERVER_TOKEN} from its environment, so the secret is never written here.
        stores = (
            self.shared.endpoints()
            if self.shared is not None
            else "tracker_store:\n"
            '  type: bot.tracker_store.WalSQLTrackerStore\n  dialect: "sqlite"\n'
            f'  db: "{self.data_dir / "rasa_tracker.db"}"\n'
        )
        self.endpoints_file(replica).write_text(
            f'action_endpoint:\n  url: "{self.action_endpoint}/webhook"\n'
            "  headers:\n"
            # Unquoted: Rasa expands ${...} only in plain YAML scalars.
            "    Authorization: Bearer ${ACTION_SERVER_TOKEN}\n" + stores
        )

    def _write_balancer_config(self) -> None:
        """HAProxy in front of the action servers. A call an action server refused, or that it
        died in the middle of (no answer at all), is sent to another: an action's only lasting
        effects are the events Rasa applies from its answer, and deliveries that the outbox and
        the API make idempotent, so a call taken again changes nothing twice."""
        servers = "".join(
            f"    server actions{n} {HOST}:{port} check inter 500ms fall 1 rise 2\n"
            for n, port in enumerate(self.actions_ports, 1)
        )
        self.balancer_config.write_text(
            "global\n"
            "    maxconn 256\n"
            # Room to keep a whole call (the tracker's current session) for a retry.
            "    tune.bufsize 262144\n"
            "defaults\n"
            "    mode http\n"
            "    timeout connect 2s\n"
            "    timeout client 60s\n"
            "    timeout server 60s\n"
            "    retries 3\n"
            "    option redispatch 1\n"
            "    retry-on conn-failure empty-response\n"
            "    option http-buffer-request\n"
            "frontend actions\n"
            f"    bind {HOST}:{self.balancer_port}\n"
            "    default_backend actions\n"
            "backend actions\n"
            "    balance roundrobin\n" + servers
        )

    @property
    def balancer_config(self) -> Path:
        return self.data_dir / "haproxy.cfg"

    def _command(self, name: str) -> list[str]:
        kind, replica = _kind_and_replica(name)
        if kind == "balancer":
            return [HAPROXY, "-f", str(self.balancer_config), "-db"]
        return self._commands(replica)[kind]

    def _commands(self, replica: int = 1) -> dict[str, list[str]]:
        # Several API processes on one port when the stores are shared (uvicorn's workers).
        workers = ["--workers", str(len(self.rasa_ports))] if self.shared is not None else []
        return {
            "api": [
                str(API_PYTHON),
                "-m",
                "uvicorn",
                "api.main:app",
                "--host",
                HOST,
                "--port",
                str(self.api_port),
                "--no-access-log",
                *workers,
            ],
            "actions": [
                str(BOT_PYTHON),
                "-m",
                "bot.actions.server",
                "--port",
                str(self.actions_ports[replica - 1]),
            ],
            # Through our wrapper, which gives Rasa RASA_API_TOKEN from the environment: a
            # token on the command line would be readable by every local user.
            "rasa": [
                str(BOT_PYTHON),
                "-m",
                "scripts.rasa_run",
                "run",
                "--model",
                str(MODEL),
                "--endpoints",
                str(self.endpoints_file(replica)),
                "--credentials",
                str(ROOT / "credentials.yml"),
                "--interface",
                HOST,
                "--port",
                str(self.rasa_ports[replica - 1]),
                "--enable-api",
            ],
        }

    def _health_url(self, name: str) -> str:
        kind, replica = _kind_and_replica(name)
        return {
            "api": f"{self.api_url}/api/v1/health",
            "actions": f"{local_url(self.actions_ports[replica - 1])}/health",
            "rasa": f"{self.rasa_urls[replica - 1]}/",
            # The balancer's own answer: 503 until an action server is up, but an answer.
            "balancer": f"{local_url(self.balancer_port)}/health",
        }[kind]

    def migrate(self) -> None:
        self.prepare_data_dir()
        subprocess.run(
            [
                str(API_PYTHON),
                "-m",
                "alembic",
                "-c",
                str(ROOT / "api" / "alembic.ini"),
                "upgrade",
                "head",
            ],
            cwd=ROOT,
            env=self._environment(),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def prepare_data_dir(self) -> None:
        """The data folder holds conversations, plans, password hashes and resume codes: only
        its owner may enter it, and every file made from here on is the owner's alone."""
        os.umask(0o077)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        for path in self.data_dir.rglob("*"):
            if path.is_file() and not path.is_symlink():
                path.chmod(0o600)

    def start(self, name: str, *, timeout: float = 120) -> None:
        self.prepare_data_dir()
        kind, replica = _kind_and_replica(name)
        if kind == "rasa":
            self._write_endpoints(replica)
        if kind == "balancer":
            self._write_balancer_config()
        log = open(self.log_dir / f"{name}.log", "ab") if self.log_dir else None
        self.processes[name] = subprocess.Popen(
            self._command(name),
            cwd=ROOT,
            env=self._environment(name),
            stdout=log,
            stderr=subprocess.STDOUT if log else None,
            start_new_session=True,
        )
        self.wait_healthy(name, timeout=timeout)

    def wait_healthy(self, name: str, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        process = self.processes[name]
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with code {process.returncode} while starting")
            try:
                with urllib.request.urlopen(self._health_url(name), timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise TimeoutError(f"{name} did not become healthy in {timeout:.0f} s")

    def kill(self, name: str) -> None:
        """Stop a service at once, but keep it listed, as one that has exited."""
        process = self.processes[name]
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def start_all(self) -> None:
        self.migrate()
        for name in self.services:
            self.start(name)

    def stop_all(self) -> None:
        for name in reversed(self.services):
            self.stop(name)

    def first_exited(self) -> str | None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                return name
        return None


def _replica_name(kind: str, replica: int) -> str:
    return kind if replica == 1 else f"{kind}-{replica}"


def _kind_and_replica(name: str) -> tuple[str, int]:
    """("rasa", 2) for "rasa-2"; ("api", 1) for "api"."""
    kind, _, replica = name.partition("-")
    return kind, int(replica or 1)


@dataclass
class Supervisor:
    """Restarts a service that dies under `make run`, waiting longer after each failure.

    In production a process supervisor does this (systemd's Restart=on-failure, or Kubernetes
    restarting a container): README, "Running at scale". Here a crash of one service must not
    stop the others, nor leave the assistant half up."""

    stack: Stack
    first_delay: float = 1.0
    longest_delay: float = 30.0
    # A service that has run this long since its restart is well again: back to the first delay.
    settled_after: float = 60.0
    # Restarts in a row that did not even start: then the fault needs a person, so stop.
    give_up_after: int = 5
    _delays: dict[str, float] = field(default_factory=dict)
    _started: dict[str, float] = field(default_factory=dict)
    _failures: dict[str, int] = field(default_factory=dict)

    def watch_once(self) -> None:
        exited = self.stack.first_exited()
        if exited is None:
            return
        code = self.stack.processes[exited].returncode
        now = time.monotonic()
        if now - self._started.get(exited, 0.0) > self.settled_after:
            self._delays[exited] = self.first_delay
        delay = self._delays.get(exited, self.first_delay)
        print(
            f"The {exited} service stopped (exit code {code}); restarting it in {delay:.0f} s.",
            file=sys.stderr,
            flush=True,
        )
        time.sleep(delay)
        self._delays[exited] = min(delay * 2, self.longest_delay)
        try:
            self.stack.start(exited)
        except (RuntimeError, TimeoutError) as error:
            self.stack.kill(exited)  # started but never healthy: try again from nothing
            failures = self._failures.get(exited, 0) + 1
            self._failures[exited] = failures
            print(f"Restarting {exited} failed ({error}).", file=sys.stderr, flush=True)
            if failures >= self.give_up_after:
                raise ServiceFailedError(exited) from error
            return
        self._failures[exited] = 0
        self._started[exited] = time.monotonic()
        print(f"The {exited} service is running again.", file=sys.stderr, flush=True)


class ServiceFailedError(RuntimeError):
    """A service would not start again after several tries."""


def _stop_on(signum: int, _frame: object) -> None:
    # A service manager, `kill` or a closed terminal sends SIGTERM or SIGHUP: stop everything as
    # Ctrl-C does, so no service is left holding its port.
    raise KeyboardInterrupt(signal.Signals(signum).name)


# `make run SCALE=2`: the engines these machines run, unless .env names others.
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/whatmatters"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def shared_engines(env: dict[str, str]) -> SharedEngines | None:
    """SCALE (from make, or .env) above 1: that many replicas on PostgreSQL and Redis
    (SHARED_POSTGRES_URL, SHARED_REDIS_URL); else None, one of each on SQLite."""
    replicas = int(os.environ.get("SCALE") or env.get("SCALE") or 1)
    if replicas <= 1:
        return None
    return SharedEngines(
        postgres_url=env.get("SHARED_POSTGRES_URL") or DEFAULT_POSTGRES_URL,
        redis_url=env.get("SHARED_REDIS_URL") or DEFAULT_REDIS_URL,
        replicas=replicas,
    )


def ensure_database(postgres_url: str) -> None:
    """Create the shared PostgreSQL database if it does not exist (its server must)."""
    import psycopg  # the API's environment has it; a stack on SQLite never needs it
    from psycopg import sql

    url = urlsplit(postgres_url)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if found.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> int:
    """`make run`: everything on the default ports, until Ctrl-C, SIGTERM or SIGHUP."""
    signal.signal(signal.SIGTERM, _stop_on)
    signal.signal(signal.SIGHUP, _stop_on)
    env = read_env_file(ROOT / ".env")
    shared = shared_engines(env)
    replicas = shared.replicas if shared else 1
    # With several action servers, the balancer takes their usual port and they the next ones.
    first_actions_port = ACTIONS_PORT + 1 if shared else ACTIONS_PORT
    stack = Stack(
        data_dir=ROOT / "var",
        env=env,
        actions_ports=[first_actions_port + n for n in range(replicas)],
        rasa_ports=[RASA_PORT + n for n in range(replicas)],
        shared=shared,
    )
    if shared is not None:
        ensure_database(shared.postgres_url)
        print(
            f"{replicas} of each service, sharing PostgreSQL "
            f"({urlsplit(shared.postgres_url).hostname}) and Redis "
            f"({urlsplit(shared.redis_url).hostname})."
        )
    print("Starting the API, the action server and Rasa (Rasa takes about 20 seconds)...")
    try:
        stack.start_all()
        print(
            "\nWhat Matters is running.\n"
            f"  Open the conversation:  {stack.api_url}/\n"
            f"  Practitioners sign in:  {stack.api_url}/practitioner\n"
            "  Or talk in a terminal:  make chat\n"
            f"  REST channel:           {stack.rasa_url}/webhooks/rest/webhook\n"
            f"  Practitioner API docs:  {stack.api_url}/docs\n"
            "  Add a practitioner:     make practitioner EMAIL=you@example.org\n"
            "Press Ctrl-C to stop everything.",
            flush=True,
        )
        supervisor = Supervisor(stack)
        while True:
            supervisor.watch_once()
            time.sleep(1)
    except ServiceFailedError as failed:
        print(
            f"\nThe {failed} service would not start again; stopping the others.", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    finally:
        # A second SIGTERM or SIGHUP (a service manager repeating itself) must not cut the
        # stopping short and leave a service holding its port.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        stack.stop_all()


if __name__ == "__main__":
    sys.exit(main())
