"""The tracker store Rasa is configured with: really ours (Rasa silently falls back to memory when
a custom store cannot be imported), in write-ahead-log mode, and keeping every turn."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.tracker_store import WalSQLTrackerStore


def test_the_configured_store_keeps_turns_in_a_write_ahead_log(tmp_path: Path) -> None:
    db = tmp_path / "rasa_tracker.db"
    config = EndpointConfig.from_dict(
        {"type": "bot.tracker_store.WalSQLTrackerStore", "dialect": "sqlite", "db": str(db)}
    )
    store = TrackerStore.create(config, Domain.empty())
    assert isinstance(store, WalSQLTrackerStore)

    tracker = DialogueStateTracker("someone", [])
    tracker.update(UserUttered("my garden 0[1]"))
    asyncio.run(store.save(tracker))

    again = asyncio.run(store.retrieve("someone"))
    assert again is not None
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["my garden 0[1]"]
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    # Every turn the store commits is synced to disk (2: FULL).
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").fetchone() == (2,)
