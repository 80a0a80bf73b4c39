from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.actions import outbox as outbox_module
from bot.actions.api_client import Delivery
from bot.actions.outbox import Outbox


def payload(conversation_id: str, text: str = "words") -> dict[str, object]:
    return {"conversation_id": conversation_id, "outcomes": [{"what": {"text": text}}]}


def test_a_queued_plan_survives_reopening_the_outbox(tmp_path: Path) -> None:
    Outbox(tmp_path / "outbox.sqlite3").put("plan", "plan:c1", payload("c1", "0[ 🌻 {x}"))
    [queued] = Outbox(tmp_path / "outbox.sqlite3").pending()
    assert (queued.kind, queued.key, queued.payload) == (
        "plan",
        "plan:c1",
        payload("c1", "0[ 🌻 {x}"),
    )


def test_queueing_under_the_same_key_keeps_the_first(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    outbox.put("plan", "plan:c1", payload("c1", "first"))
    outbox.put("plan", "plan:c1", payload("c1", "second"))
    assert [q.payload for q in outbox.pending()] == [payload("c1", "first")]


def test_pending_comes_oldest_first(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    outbox.put("plan", "plan:c1", payload("c1"))
    outbox.put("flags", "flags:c1:m1", {"conversation_id": "c1", "flags": []})
    assert [q.key for q in outbox.pending()] == ["plan:c1", "flags:c1:m1"]


def test_delivered_and_rejected_are_not_retried_and_delivered_is_not_kept(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    for key in ("a", "b", "c"):
        outbox.put("plan", key, payload(key))
    outbox.record("a", Delivery.DELIVERED)
    outbox.record("b", Delivery.REJECTED)
    outbox.record("c", Delivery.RETRY)
    assert [q.key for q in outbox.pending()] == ["c"]
    # What the API has taken is gone from disk: its words are nowhere in the file.
    assert (outbox.state("a"), outbox.state("b"), outbox.state("c")) == (
        None,
        "rejected",
        "pending",
    )
    with sqlite3.connect(tmp_path / "outbox.sqlite3") as db:
        assert [row[0] for row in db.execute("SELECT key FROM deliveries ORDER BY key")] == [
            "b",
            "c",
        ]


async def test_an_unexpected_error_does_not_stop_delivery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loop logs any error and carries on; the plan is delivered once the cause is gone."""
    outbox = Outbox(tmp_path / "outbox.sqlite3")
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
