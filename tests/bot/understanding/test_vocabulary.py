"""What an intent means inside a question, read the same by the actions and `make eval`."""

from __future__ import annotations

import pytest

from bot.understanding.vocabulary import command_meant


@pytest.mark.parametrize(
    ("intent", "slot", "meant"),
    [
        ("rather_not_say", "people", "skip"),
        ("change_plan", "people", "go_back"),
        ("delete_plan", "caring_role", "start_again"),
        ("add_something", "strengths", "go_back"),
        ("add_something", "outcome_confirmed", "add_something"),
        ("add_something", "more_outcomes", "add_something"),
        ("pause", "people", "pause"),
        (None, "people", None),
    ],
)
def test_an_intent_means_its_command_at_each_question(
    intent: str | None, slot: str, meant: str | None
) -> None:
    assert command_meant(intent, slot) == meant
