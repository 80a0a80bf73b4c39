"""How the stack starts its services (no services are started here)."""

from __future__ import annotations

from pathlib import Path

from scripts.stack import Stack


def test_a_rasa_token_that_starts_with_a_dash_is_passed_as_one_argument(tmp_path: Path) -> None:
    # token_urlsafe gives a leading "-" about one time in 64: Rasa then refused to start.
    stack = Stack(data_dir=tmp_path, env={"RASA_API_TOKEN": "-starts-with-a-dash"})
    command = stack._commands()["rasa"]
    assert "--auth-token=-starts-with-a-dash" in command
    assert "-starts-with-a-dash" not in command
