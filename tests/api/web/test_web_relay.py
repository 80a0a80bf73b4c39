"""The relay spreads a conversation's messages over every Rasa replica it is given, and passes
a message to another when one refuses the connection (it never saw the message)."""

from __future__ import annotations

import socket

import pytest

from api.web import relay
from tests.api import factories
from tests.api.web.conftest import FakeRasa


def _closed_port() -> int:
    # A port nothing listens on: bound, then let go.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_messages_go_to_every_replica_and_only_to_them() -> None:
    settings = factories.settings(
        database_url="sqlite://", rasa_url="http://127.0.0.1:5005, http://127.0.0.1:5006/"
    )
    assert settings.rasa_urls == ["http://127.0.0.1:5005", "http://127.0.0.1:5006"]

    # 200 draws: a replica is never first in all of them with probability 2 x 2^-200.
    firsts = {relay._replicas(settings)[0] for _ in range(200)}

    assert firsts == {"http://127.0.0.1:5005", "http://127.0.0.1:5006"}


def test_one_rasa_is_the_default_layout() -> None:
    settings = factories.settings(database_url="sqlite://")

    assert settings.rasa_urls == ["http://127.0.0.1:9"]


async def test_a_replica_that_is_down_is_passed_over(rasa: FakeRasa) -> None:
    down = f"http://127.0.0.1:{_closed_port()}"
    settings = factories.settings(database_url="sqlite://", rasa_url=f"{down},{rasa.url}")

    # Whichever replica is asked first, every message reaches the live one, once.
    for number in range(20):
        turns = await relay.say(settings=settings, sender=f"s{number}", text="hello", metadata={})
        assert [turn["text"] for turn in turns] == ["Hello"]
    assert rasa.senders() == [f"s{number}" for number in range(20)]


async def test_when_every_replica_is_down_the_person_is_told_kindly() -> None:
    settings = factories.settings(
        database_url="sqlite://",
        rasa_url=f"http://127.0.0.1:{_closed_port()},http://127.0.0.1:{_closed_port()}",
    )

    with pytest.raises(relay.AssistantUnavailableError):
        await relay.say(settings=settings, sender="s", text="hello", metadata={})
