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

from dotenv import dotenv_values

from contract.services import ACTIONS_PORT, API_PORT, HOST, RASA_PORT, SECRETS, local_url

ROOT = Path(__file__).resolve().parent.parent
BOT_PYTHON = ROOT / ".venv-bot" / "bin" / "python"
API_PYTHON = ROOT / ".venv-api" / "bin" / "python"
MODEL = ROOT / "models" / "what-matters.tar.gz"


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


def private_stack(data: Path, **env: str) -> Stack:
    """A private copy of the stack (a benchmark, an evaluation, a test): its own data folder and
    logs, fresh secrets, free ports; `env` adds to its environment."""
    return Stack(
        data_dir=data,
        env={**private_secrets(), **env},
        api_port=free_port(),
        actions_port=free_port(),
        rasa_port=free_port(),
        log_dir=data,
    )


@dataclass
class Stack:
    """The three services, sharing one data folder and one set of secrets."""

    data_dir: Path
    env: dict[str, str]
    api_port: int = API_PORT
    actions_port: int = ACTIONS_PORT
    rasa_port: int = RASA_PORT
    log_dir: Path | None = None
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
        return local_url(self.rasa_port)

    @property
    def endpoints_file(self) -> Path:
        return self.data_dir / "endpoints.yml"

    def _environment(self) -> dict[str, str]:
        env = {**os.environ, **self.env}
        env.setdefault("DATABASE_URL", f"sqlite:///{self.data_dir / 'whatmatters.db'}")
        env["API_URL"] = self.api_url
        env["RASA_URL"] = self.rasa_url
        env.setdefault("ACTIONS_DATABASE_URL", f"sqlite:///{self.data_dir / 'actions.sqlite3'}")
        env.setdefault("OUTBOX_PATH", str(self.data_dir / "outbox.sqlite3"))
        env.setdefault("RESUME_CODES_PATH", str(self.data_dir / "resume_codes.sqlite3"))
        return env

    def _write_endpoints(self) -> None:
        # Rasa reads the action server's address and the tracker store from this file; it
        # fills ${ACTION_SERVER_TOKEN} from its environment, so the secret is never written here.
        self.endpoints_file.write_text(
            f'action_endpoint:\n  url: "{local_url(self.actions_port)}/webhook"\n'
            "  headers:\n"
            # Unquoted: Rasa expands ${...} only in plain YAML scalars.
            "    Authorization: Bearer ${ACTION_SERVER_TOKEN}\n"
            "tracker_store:\n"
            '  type: bot.tracker_store.WalSQLTrackerStore\n  dialect: "sqlite"\n'
            f'  db: "{self.data_dir / "rasa_tracker.db"}"\n'
        )

    def _commands(self) -> dict[str, list[str]]:
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
            ],
            "actions": [
                str(BOT_PYTHON),
                "-m",
                "bot.actions.server",
                "--port",
                str(self.actions_port),
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
                str(self.endpoints_file),
                "--credentials",
                str(ROOT / "credentials.yml"),
                "--interface",
                HOST,
                "--port",
                str(self.rasa_port),
                "--enable-api",
            ],
        }

    def _health_url(self, name: str) -> str:
        return {
            "api": f"{self.api_url}/api/v1/health",
            "actions": f"{local_url(self.actions_port)}/health",
            "rasa": f"{self.rasa_url}/",
        }[name]

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
        self._write_endpoints()
        log = open(self.log_dir / f"{name}.log", "ab") if self.log_dir else None
        self.processes[name] = subprocess.Popen(
            self._commands()[name],
            cwd=ROOT,
            env=self._environment(),
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
        # Rasa checks the action server at start-up, so it goes last.
        for name in ("api", "actions", "rasa"):
            self.start(name)

    def stop_all(self) -> None:
        for name in ("rasa", "actions", "api"):
            self.stop(name)

    def first_exited(self) -> str | None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                return name
        return None


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


def main() -> int:
    """`make run`: everything on the default ports, until Ctrl-C, SIGTERM or SIGHUP."""
    signal.signal(signal.SIGTERM, _stop_on)
    signal.signal(signal.SIGHUP, _stop_on)
    stack = Stack(data_dir=ROOT / "var", env=read_env_file(ROOT / ".env"))
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
        stack.stop_all()


if __name__ == "__main__":
    sys.exit(main())
