"""`make run` stops every service on SIGTERM and SIGHUP, as it does on Ctrl-C."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from scripts.stack import API_PYTHON, ROOT, free_port

# scripts.stack.main(), on free ports and a data folder of its own instead of 8000, 5055, 5005
# and var/, so that it runs beside anything else on the machine.
RUN = """
import sys
from pathlib import Path
import scripts.stack as stack
ports, data = [int(p) for p in sys.argv[1:4]], Path(sys.argv[4])
real = stack.Stack
def private(**settings):
    return real(**{**settings, "data_dir": data, "env": {**settings["env"], **KEYS},
                   "api_port": ports[0], "actions_ports": [ports[1]], "rasa_ports": [ports[2]]})
stack.Stack = private
sys.exit(stack.main())
"""


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_every_service(tmp_path: Path, stop: signal.Signals) -> None:
    ports = [free_port(), free_port(), free_port()]
    names = ("SECRET_KEY", "BOT_SERVICE_TOKEN", "RASA_API_TOKEN", "ACTION_SERVER_TOKEN")
    keys = {name: secrets.token_urlsafe(32) for name in names}
    code = f"KEYS = {keys!r}\n{RUN}"
    log = tmp_path / "run.log"
    with log.open("w") as output:
        # To a file, not a pipe: services left behind by a failing run would hold a pipe open.
        run = subprocess.Popen(
            [str(API_PYTHON), "-c", code, *map(str, ports), str(tmp_path / "var")],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    try:
        deadline = time.monotonic() + 180
        while "What Matters is running" not in log.read_text():
            assert run.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        assert all(_listening(port) for port in ports)

        run.send_signal(stop)
        assert run.wait(timeout=60) == 0, log.read_text()
        deadline = time.monotonic() + 10
        while any(_listening(port) for port in ports) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_listening(port) for port in ports), log.read_text()
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()


def test_a_service_that_dies_is_restarted_and_the_restart_logged(tmp_path: Path) -> None:
    ports = [free_port(), free_port(), free_port()]
    names = ("SECRET_KEY", "BOT_SERVICE_TOKEN", "RASA_API_TOKEN", "ACTION_SERVER_TOKEN")
    keys = {name: secrets.token_urlsafe(32) for name in names}
    log = tmp_path / "run.log"
    with log.open("w") as output:
        run = subprocess.Popen(
            [str(API_PYTHON), "-c", f"KEYS = {keys!r}\n{RUN}", *map(str, ports), str(tmp_path)],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    try:
        _wait_for(log, "What Matters is running", run)
        actions = _listener_pid(ports[1])
        os.kill(actions, signal.SIGKILL)

        _wait_for(log, "The actions service is running again.", run)
        assert "The actions service stopped (exit code -9); restarting it in 1 s." in (
            log.read_text()
        )
        assert _listener_pid(ports[1]) != actions
        assert all(_listening(port) for port in ports)
    finally:
        run.send_signal(signal.SIGTERM)
        run.wait(timeout=60)


def _wait_for(log: Path, line: str, run: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while line not in log.read_text():
        assert run.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.5)


def _listener_pid(port: int) -> int:
    """The process listening on the port, from the kernel's own table (ss, from iproute2)."""
    shown = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout
    return int(shown.split("pid=")[1].split(",")[0])
