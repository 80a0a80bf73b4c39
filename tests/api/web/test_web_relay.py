"""The relay spreads a conversation's messages over every Rasa replica it is given."""

from __future__ import annotations

from api.web import relay
from tests.api import factories


def test_messages_go_to_every_replica_and_only_to_them() -> None:
    settings = factories.settings(
        database_url="sqlite://", rasa_url="http://127.0.0.1:5005, http://127.0.0.1:5006/"
    )
    assert settings.rasa_urls == ["http://127.0.0.1:5005", "http://127.0.0.1:5006"]

    # 200 draws: each replica is missed by all of them with probability 2 x 2^-200.
    chosen = {relay._rasa(settings) for _ in range(200)}

    assert chosen == {"http://127.0.0.1:5005", "http://127.0.0.1:5006"}


def test_one_rasa_is_the_default_layout() -> None:
    settings = factories.settings(database_url="sqlite://")

    assert settings.rasa_urls == ["http://127.0.0.1:9"]
