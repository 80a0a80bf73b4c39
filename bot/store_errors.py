"""One change to how Rasa 3.6 uses its tracker store, made when our `rasa run` starts
(scripts/rasa_run.py).

Rasa wraps every tracker store in a FailSafeTrackerStore. When the store cannot be read (say,
PostgreSQL restarting), it hands back no conversation, so the person's message is taken as the
first of a new one; when a turn cannot be saved, it keeps the turn in this replica's memory,
where no other replica, nor a restart, will find it. Either way the conversation is quietly
forked and its words lost. Here the store's error goes on up instead: Rasa does not handle the
message, the REST channel answers 503 (bot/channels.py), and the API tries the message again
once the store is back (api/web/relay.py).
"""

from __future__ import annotations

from rasa.core.agent import Agent
from rasa.core.tracker_store import InMemoryTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain


def _create_tracker_store(store: TrackerStore | None, domain: Domain) -> TrackerStore:
    if store is None:
        return InMemoryTrackerStore(domain)
    store.domain = domain
    return store


def apply() -> None:
    Agent._create_tracker_store = staticmethod(_create_tracker_store)  # type: ignore[assignment, unused-ignore]
