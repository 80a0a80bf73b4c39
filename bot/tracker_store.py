"""Rasa's SQL tracker store, with SQLite kept in write-ahead-log mode, and a conversation's cost
kept from growing with its length.

Rasa saves each turn with a commit made inside its event loop, so the time a commit waits for the
disk is time every conversation waits. In its default (rollback journal) mode SQLite syncs the
disk several times a commit; with a write-ahead log it syncs once, and SQLite's default
`synchronous=FULL` (left as it is: a test holds it) keeps every committed turn through a power
cut, so nothing said is risked for the speed. The journal mode is a property of the database
file, so setting it once when the store opens is enough. PostgreSQL (dialect: postgresql) is used
as Rasa ships it.

Each turn Rasa loads the conversation's current session from the store (`retrieve`: the events
since the latest `session_started`), replays it, and RulePolicy turns all of it into states, so a
turn cost more the longer the session. A session here ends only after an hour away, so a long
conversation was one long session. So every few turns, between two turns and only where a form
has just asked its question, a new session is started as Rasa's own session start does it: every
slot carried over, the form re-opened on the question it asked (as `action_session_start` in
bot/actions/session.py does after time away), then listening. The person sees nothing of it.
Nothing is removed: every session stays in the store, and Rasa's HTTP API (`GET .../tracker`,
read by the pages and by resume codes) reads all of them (`retrieve_full_tracker`).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import (
    ACTION_LISTEN_NAME,
    ACTION_SESSION_START_NAME,
    REQUESTED_SLOT,
)
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import DBAPIError

logger = logging.getLogger(__name__)

SESSION_INDEXES = {
    "events_session_starts": "sender_id, type_name, timestamp",
    "events_by_time": "sender_id, timestamp",
}

# The person's messages a session holds before a new one is started. A late turn then replays
# at most this many turns, as an early turn does (README, "Performance").
TURNS_PER_SESSION = 4


class WalSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self, *args: Any, turns_per_session: int = TURNS_PER_SESSION, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.turns_per_session = turns_per_session
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        self._index_sessions()

    def _index_sessions(self) -> None:
        """Rasa finds the current session by the latest `session_started` of a conversation and
        the events since it, but indexes only `sender_id`: each query then reads every event the
        conversation ever had. These two indexes find both directly."""
        for name, columns in SESSION_INDEXES.items():
            try:
                with self.engine.begin() as connection:
                    connection.exec_driver_sql(
                        f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns})"
                    )
            except DBAPIError as error:
                # Two replicas starting at once on PostgreSQL may both create it: one wins.
                logger.info("Index %s not created here (%s)", name, type(error).__name__)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The current session; a long one is followed by a new session, saved with the turn.

        Rasa retrieves a conversation to handle its next message holding the conversation's lock,
        and saves only the events past those it retrieved, so the new session is stored with the
        turn that follows it, or not at all.
        """
        tracker = await super().retrieve(sender_id)
        if tracker is not None and self._should_start_session(tracker):
            for event in session_rollover(tracker):
                tracker.update(event)
        return tracker

    def _should_start_session(self, tracker: DialogueStateTracker) -> bool:
        turns = sum(isinstance(event, UserUttered) for event in tracker.events)
        return (
            turns >= self.turns_per_session
            and form_question_was_asked(tracker)
            and not self._has_expired(tracker)
        )

    def _has_expired(self, tracker: DialogueStateTracker) -> bool:
        """Rasa starts a new session itself after time away (with a welcome back): not twice."""
        config = self.domain.session_config
        last = tracker.get_last_event_for(UserUttered)
        return (
            config.are_sessions_enabled()
            and last is not None
            and (time.time() - last.timestamp) / 60 > config.session_expiration_time
        )


def form_question_was_asked(tracker: DialogueStateTracker) -> bool:
    """Between turns, with a form's question just asked: the only point a new session starts.

    There the next message is read by the form (its slot mapping needs only the form and the
    slot it asked for) or by a rule that starts from the message with the form active, as after
    time away. Elsewhere a rule may depend on what the assistant did before the message (say,
    "Delete your draft?" then "yes"), which a new session would forget.
    """
    loop = tracker.active_loop_name
    if not loop or tracker.is_active_loop_interrupted or tracker.is_active_loop_rejected:
        return False
    actions = [event for event in tracker.events if isinstance(event, ActionExecuted)]
    return (
        len(actions) >= 2
        and isinstance(tracker.events[-1], ActionExecuted)
        and actions[-1].action_name == ACTION_LISTEN_NAME
        and actions[-2].action_name == loop
    )


def session_rollover(tracker: DialogueStateTracker) -> list[Event]:
    """A new session carrying the conversation on exactly: what `action_session_start` does
    after time away, without the welcome back (nothing was away).

    Every slot that differs from the value a new session gives it is set again (starting a
    session resets every slot to its initial value), the form is re-opened, and then the
    question it asked. All share one timestamp, no earlier than the last event: Rasa's store
    finds a session by the time of its `session_started`, and everything said after it is later.
    """
    form = tracker.active_loop_name
    carried = [
        SlotSet(name, slot.value)
        for name, slot in tracker.slots.items()
        if name != REQUESTED_SLOT and slot.value != slot.initial_value
    ]
    events: list[Event] = [
        ActionExecuted(ACTION_SESSION_START_NAME),
        SessionStarted(),
        *carried,
        ActiveLoop(form),
        SlotSet(REQUESTED_SLOT, tracker.get_slot(REQUESTED_SLOT)),
        ActionExecuted(ACTION_LISTEN_NAME),
    ]
    at = max(time.time(), tracker.events[-1].timestamp)
    for event in events:
        event.timestamp = at
    return events
