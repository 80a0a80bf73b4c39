"""A tracker store that cannot be reached is an error Rasa does not handle a message through,
never a new, empty conversation or a turn kept only in one replica's memory."""

from __future__ import annotations

import pytest
from rasa.core.agent import Agent
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot import store_errors


class _Unreachable(InMemoryTrackerStore):
    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        raise ConnectionError("the database is restarting")

    async def save(self, tracker: DialogueStateTracker) -> None:
        raise ConnectionError("the database is restarting")


async def test_the_stores_errors_reach_the_channel() -> None:
    store_errors.apply()
    domain = Domain.empty()
    agent = Agent(domain=domain, tracker_store=_Unreachable(domain))

    with pytest.raises(ConnectionError):
        await agent.tracker_store.retrieve("someone")
    with pytest.raises(ConnectionError):
        await agent.tracker_store.save(DialogueStateTracker("someone", []))


def test_without_a_store_conversations_are_kept_in_memory() -> None:
    store_errors.apply()
    agent = Agent(domain=Domain.empty())

    assert type(agent.tracker_store) is InMemoryTrackerStore
