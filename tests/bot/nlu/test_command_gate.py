"""The command gate: a typed message is a command only when it is clearly one."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.components import CommandGate
from bot.understanding.corpus import ROOT


def _gate() -> CommandGate:
    """The gate as config.yml sets it."""
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    settings = next(c for c in pipeline if c["name"].endswith("CommandGate"))
    config: dict[str, Any] = {**CommandGate.get_default_config(), **settings}
    return CommandGate(config)


def _heard(text: str, intent: str, confidence: float) -> tuple[str, list[str]]:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": confidence}})
    message.data[INTENT_RANKING_KEY] = [{"name": intent, "confidence": confidence}]
    _gate().process([message])
    ranking = [str(entry["name"]) for entry in message.get(INTENT_RANKING_KEY)]
    return str(message.get(INTENT)["name"]), ranking


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I don't know", "dont_know"),
        ("dunno", "dont_know"),
        ("nie wiem", "dont_know"),
        ("haven't a scooby", "dont_know"),
        ("skip", "skip"),
        ("can I take a wee break from this and come back to it later on", "pause"),
    ],
)
def test_a_clear_command_is_a_command(text: str, intent: str) -> None:
    assert _heard(text, intent, 0.9)[0] == intent


@pytest.mark.parametrize("text", ["ma da", "a pot of tea", "ma pals"])
def test_a_short_answer_heard_as_i_dont_know_without_its_words_is_an_answer(text: str) -> None:
    # The classifier's guess is kept second, for the actions to read.
    assert _heard(text, "dont_know", 0.9) == ("inform", ["inform", "dont_know"])


def test_an_unsure_or_long_command_is_an_answer() -> None:
    assert _heard("skip", "skip", 0.45)[0] == "inform"
    long = (
        "start again with the bowls on a Tuesday, and then the lunch club on a Thursday, and the"
        " library too when my legs are up to it"
    )
    assert _heard(long, "start_again", 0.99)[0] == "inform"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("no, I don't know, my daughter helps me", "inform"),
        ("not sure, maybe my sister", "inform"),
        ("I've never really thought about it, I don't know.", "dont_know"),
        ("Not a clue, to be honest with you.", "dont_know"),
    ],
)
def test_i_dont_know_with_an_answer_beside_it_is_the_answer(text: str, intent: str) -> None:
    assert _heard(text, "dont_know", 0.9)[0] == intent
