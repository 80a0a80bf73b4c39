"""Rasa's SQL tracker store, with SQLite kept in write-ahead-log mode.

Rasa saves each turn with a commit made inside its event loop, so the time a commit waits for the
disk is time every conversation waits. In its default (rollback journal) mode SQLite syncs the
disk several times a commit; with a write-ahead log it syncs once, and SQLite's default
`synchronous=FULL` (left as it is: a test holds it) keeps every committed turn through a power
cut, so nothing said is risked for the speed. The journal mode is a property of the database
file, so setting it once when the store opens is enough. PostgreSQL (dialect: postgresql) is used
as Rasa ships it.
"""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore


class WalSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
