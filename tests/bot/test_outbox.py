from __future__ import annotations

from pathlib import Path

from bot.actions.api_client import Delivery
from bot.actions.outbox import Outbox


def payload(conversation_id: str, text: str = "words") -> dict[str, object]:
    return {"conversation_id": conversation_id, "outcomes": [{"what": {"text": text}}]}


def test_a_queued_plan_survives_reopening_the_outbox(tmp_path: Path) -> None:
    Outbox(tmp_path / "outbox.sqlite3").put(payload("c1", "0[ 🌻 {x}"))
    reopened = Outbox(tmp_path / "outbox.sqlite3")
    assert reopened.pending() == [payload("c1", "0[ 🌻 {x}")]


def test_queueing_a_conversation_twice_keeps_the_first(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    outbox.put(payload("c1", "first"))
    outbox.put(payload("c1", "second"))
    assert outbox.pending() == [payload("c1", "first")]


def test_delivered_and_rejected_plans_are_not_retried(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    for conversation_id in ("c1", "c2", "c3"):
        outbox.put(payload(conversation_id))
    outbox.record("c1", Delivery.DELIVERED)
    outbox.record("c2", Delivery.REJECTED)
    outbox.record("c3", Delivery.RETRY)
    assert [p["conversation_id"] for p in outbox.pending()] == ["c3"]
    assert (outbox.state("c1"), outbox.state("c2"), outbox.state("c3")) == (
        "delivered",
        "rejected",
        "pending",
    )
