"""How the stack starts its services (no services are started here)."""

from __future__ import annotations

from pathlib import Path

from scripts.stack import Stack


def test_rasas_token_is_never_on_its_command_line(tmp_path: Path) -> None:
    # Any local user can read a process's arguments; the wrapper takes the token from the
    # environment instead (a token starting with "-" needs no care there either).
    stack = Stack(data_dir=tmp_path, env={"RASA_API_TOKEN": "-the-rasa-token"})
    command = stack._commands()["rasa"]
    assert command[1:3] == ["-m", "scripts.rasa_run"]
    assert not [argument for argument in command if "the-rasa-token" in argument]
    assert stack._environment()["RASA_API_TOKEN"] == "-the-rasa-token"


def test_rasa_reaches_the_action_server_with_its_secret_from_the_environment(
    tmp_path: Path,
) -> None:
    stack = Stack(data_dir=tmp_path, env={"ACTION_SERVER_TOKEN": "the-action-token"})
    stack.prepare_data_dir()
    stack._write_endpoints()
    endpoints = stack.endpoints_file.read_text()
    assert "Authorization: Bearer ${ACTION_SERVER_TOKEN}\n" in endpoints
    assert "the-action-token" not in endpoints
    assert oct(tmp_path.stat().st_mode & 0o777) == "0o700"
