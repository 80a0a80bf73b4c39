"""The tracker store Rasa is configured with: really ours (Rasa silently falls back to memory when
a custom store cannot be imported), in write-ahead-log mode, keeping every turn, and starting a
new session (everything carried over) every few turns inside a form."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.tracker_store import TURNS_PER_SESSION, WalSQLTrackerStore, form_question_was_asked


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


DOMAIN_DIR = Path(__file__).resolve().parents[2] / "domain"


def test_the_current_session_is_found_by_index_not_by_reading_every_event(
    tmp_path: Path,
) -> None:
    """A turn's cost must not grow with the conversation: the query for the latest session's
    start uses the index, on SQLite here and on PostgreSQL (e2e), so does not scan."""
    store = _store(tmp_path)
    asyncio.run(store.save(DialogueStateTracker("someone", [])))
    with store.engine.connect() as connection:
        plan = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT max(timestamp) FROM events "
            "WHERE sender_id = 'someone' AND type_name = 'session_started'"
        ).fetchall()
    assert any("USING COVERING INDEX events_session_starts" in row[-1] for row in plan), plan
    # Made once: a second store on the same database (a restart, a replica) is no error.
    _store(tmp_path)


def _store(tmp_path: Path) -> WalSQLTrackerStore:
    return WalSQLTrackerStore(
        domain=Domain.load(str(DOMAIN_DIR)), dialect="sqlite", db=str(tmp_path / "t.db")
    )


def _turn(tracker: DialogueStateTracker, text: str, *, asks: str) -> None:
    """One turn inside the outcomes form: the person's words, then the form asks `asks`."""
    tracker.update(UserUttered(text))
    tracker.update(ActionExecuted("outcomes_form"))
    tracker.update(SlotSet("requested_slot", asks))
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME))


def _in_the_form(sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, Domain.load(str(DOMAIN_DIR)).slots)
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
    tracker.update(ActiveLoop("outcomes_form"))
    tracker.update(SlotSet("outcomes", [{"what": {"text": "my garden 0[", "message_id": "m1"}}]))
    tracker.update(SlotSet("stage", "talking"))
    return tracker


def test_a_long_session_is_followed_by_a_new_one_carrying_everything(tmp_path: Path) -> None:
    store = _store(tmp_path)
    tracker = _in_the_form("long")
    said = [f"answer {n} {{0[}}" for n in range(TURNS_PER_SESSION)]
    for text in said:
        _turn(tracker, text, asks="outcome_why")
    asyncio.run(store.save(tracker))

    # The next turn's tracker: the old session, then a new one in the same form and question.
    rolled = asyncio.run(store.retrieve("long"))
    assert rolled is not None
    assert sum(isinstance(e, SessionStarted) for e in rolled.events) == 1
    assert rolled.active_loop_name == "outcomes_form"
    assert rolled.get_slot("requested_slot") == "outcome_why"
    assert rolled.get_slot("stage") == "talking"
    assert rolled.get_slot("outcomes") == tracker.get_slot("outcomes")
    assert rolled.latest_action_name == ACTION_LISTEN_NAME
    _turn(rolled, "the next answer", asks="outcome_confirmed")
    asyncio.run(store.save(rolled))

    # Later turns load only the new session; Rasa's HTTP API reads every session.
    current = asyncio.run(store.retrieve("long"))
    assert current is not None
    assert [e.text for e in current.events if isinstance(e, UserUttered)] == ["the next answer"]
    assert current.get_slot("outcomes") == tracker.get_slot("outcomes")
    assert current.get_slot("requested_slot") == "outcome_confirmed"
    full = asyncio.run(store.retrieve_full_tracker("long"))
    assert full is not None
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == [
        *said,
        "the next answer",
    ]


def test_no_new_session_outside_a_form_or_before_enough_turns(tmp_path: Path) -> None:
    store = _store(tmp_path)
    short = _in_the_form("short")
    for n in range(TURNS_PER_SESSION - 1):
        _turn(short, f"answer {n}", asks="outcome_why")
    asyncio.run(store.save(short))
    again = asyncio.run(store.retrieve("short"))
    assert again is not None and not any(isinstance(e, SessionStarted) for e in again.events)

    # "Delete your draft?": a rule reads the question before the answer, so no new session.
    outside = _in_the_form("outside")
    for n in range(TURNS_PER_SESSION):
        _turn(outside, f"answer {n}", asks="outcome_why")
    outside.update(ActiveLoop(None))
    outside.update(UserUttered("delete my plan"))
    outside.update(ActionExecuted("utter_ask_confirm_delete"))
    outside.update(ActionExecuted(ACTION_LISTEN_NAME))
    assert not form_question_was_asked(outside)
    asyncio.run(store.save(outside))
    kept = asyncio.run(store.retrieve("outside"))
    assert kept is not None and not any(isinstance(e, SessionStarted) for e in kept.events)


def test_after_time_away_rasa_starts_the_session_itself(tmp_path: Path) -> None:
    store = _store(tmp_path)
    tracker = _in_the_form("away")
    for n in range(TURNS_PER_SESSION):
        _turn(tracker, f"answer {n}", asks="outcome_why")
    two_hours_ago = time.time() - 7200
    for event in tracker.events:
        event.timestamp = two_hours_ago
    asyncio.run(store.save(tracker))
    away = asyncio.run(store.retrieve("away"))
    assert away is not None and not any(isinstance(e, SessionStarted) for e in away.events)
