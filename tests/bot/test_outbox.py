from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.actions import outbox as outbox_module
from bot.actions.api_client import Delivery
from bot.actions.outbox import Outbox
from bot.actions.store import Store, carry_over
from tests.bot.store_backends import store_on


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as store:
        yield store


def payload(conversation_id: str, text: str = "words") -> dict[str, object]:
    return {"conversation_id": conversation_id, "outcomes": [{"what": {"text": text}}]}


def test_a_queued_plan_survives_reopening_the_outbox(store: Store) -> None:
    Outbox(store).put("plan", "plan:c1", payload("c1", "0[ 🌻 {x}"))
    # Another replica, or this one after a restart: its own engine on the same database.
    [queued] = Outbox(Store(store.url)).pending()
    assert (queued.kind, queued.key, queued.payload) == (
        "plan",
        "plan:c1",
        payload("c1", "0[ 🌻 {x}"),
    )


def test_queueing_under_the_same_key_keeps_the_first(store: Store) -> None:
    outbox = Outbox(store)
    outbox.put("plan", "plan:c1", payload("c1", "first"))
    outbox.put("plan", "plan:c1", payload("c1", "second"))
    assert [q.payload for q in outbox.pending()] == [payload("c1", "first")]


def test_pending_comes_oldest_first(store: Store) -> None:
    outbox = Outbox(store)
    outbox.put("plan", "plan:c1", payload("c1"))
    outbox.put("flags", "flags:c1:m1", {"conversation_id": "c1", "flags": []})
    assert [q.key for q in outbox.pending()] == ["plan:c1", "flags:c1:m1"]


def test_delivered_and_rejected_are_not_retried_and_delivered_is_not_kept(store: Store) -> None:
    outbox = Outbox(store)
    for key in ("a", "b", "c"):
        outbox.put("plan", key, payload(key))
    outbox.record("a", Delivery.DELIVERED)
    outbox.record("b", Delivery.REJECTED)
    outbox.record("c", Delivery.RETRY)
    assert [q.key for q in outbox.pending()] == ["c"]
    # What the API has taken is gone from the database: its words are kept nowhere.
    assert (outbox.state("a"), outbox.state("b"), outbox.state("c")) == (
        None,
        "rejected",
        "pending",
    )
    with store.engine.connect() as db:
        keys = db.exec_driver_sql("SELECT key FROM deliveries ORDER BY key").scalars().all()
    assert keys == ["b", "c"]


def test_a_rejected_plan_is_a_dead_letter_logged_and_counted(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = Outbox(store)
    outbox.put("plan", "plan:conversation-7", payload("conversation-7", "my own words"))
    outbox.put("plan", "plan:conversation-8", payload("conversation-8"))
    with caplog.at_level(logging.INFO):
        outbox.record("plan:conversation-7", Delivery.REJECTED)

    assert outbox.counts() == {"pending": 1, "rejected": 1}
    [line] = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert line.getMessage() == (
        "The API rejected plan:conversation-7; kept as a dead letter for an operator"
    )
    assert "my own words" not in caplog.text
    # Kept, with its words, for an operator; never tried again.
    assert outbox.state("plan:conversation-7") == "rejected"
    assert [q.key for q in outbox.pending()] == ["plan:conversation-8"]


async def test_an_unexpected_error_does_not_stop_delivery(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loop logs any error and carries on; the plan is delivered once the cause is gone."""
    outbox = Outbox(store)
    outbox.put("plan", "plan:c1", payload("c1"))
    attempts: list[str] = []

    async def post(kind: str, body: dict[str, Any]) -> Delivery:
        attempts.append(kind)
        if len(attempts) == 1:
            raise RuntimeError("something nobody expected")
        return Delivery.DELIVERED

    monkeypatch.setattr(outbox_module, "post", post)
    loop = asyncio.create_task(outbox_module.keep_flushing(outbox, interval_seconds=0.01))
    try:
        for _ in range(200):
            if not outbox.pending():
                break
            await asyncio.sleep(0.01)
    finally:
        loop.cancel()
    assert not loop.done() or loop.cancelled()
    assert attempts[:2] == ["plan", "plan"]
    assert outbox.pending() == []


def test_an_older_servers_files_are_carried_over_once(tmp_path: Path) -> None:
    old_outbox, old_codes = tmp_path / "outbox.sqlite3", tmp_path / "resume_codes.sqlite3"
    with sqlite3.connect(old_outbox) as db:
        db.execute(
            "CREATE TABLE deliveries (key TEXT PRIMARY KEY, kind TEXT, payload TEXT,"
            " state TEXT, attempts INTEGER, queued_at TEXT, updated_at TEXT)"
        )
        db.execute(
            "INSERT INTO deliveries VALUES ('plan:c1', 'plan', '{\"conversation_id\": \"c1\"}',"
            " 'pending', 3, '2026-01-01T00:00:00', '2026-01-02T00:00:00')"
        )
    store = Store(f"sqlite:///{tmp_path / 'actions.sqlite3'}")
    carry_over(store, outbox_file=old_outbox, codes_file=old_codes)
    carry_over(store, outbox_file=old_outbox, codes_file=old_codes)

    [queued] = Outbox(store).pending()
    assert (queued.key, queued.payload) == ("plan:c1", {"conversation_id": "c1"})
    assert not old_outbox.exists()
    assert (tmp_path / "outbox.sqlite3.carried-over").is_file()
