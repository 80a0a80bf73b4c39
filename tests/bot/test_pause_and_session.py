from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from rasa_sdk.events import ActionExecuted, ActiveLoop, FollowupAction, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.codes import CODE_DAYS, CodeState, ResumeCodes, get_resume_codes
from bot.actions.pause import ActionPause, ActionResumeConversation
from bot.actions.session import ActionSessionStart
from bot.actions.settings import get_settings
from bot.actions.store import Store, carry_over
from contract.formats import code_in, new_code
from tests.bot.conftest import serve
from tests.bot.factories import DOMAIN, quote, texts, tracker
from tests.bot.store_backends import store_on

PAUSED: dict[str, Any] = {
    "slots": {
        "outcomes": [{"what": quote("my garden"), "why": quote("peace")}],
        "answers": {"working_well": quote("the carers 0[")},
        "working_well": "the carers 0[",
        "requested_slot": "not_working",
        "stage": "talking",
        "not_a_slot_here": "ignored",
    },
    "active_loop": {"name": "life_form"},
}


@pytest.fixture
async def rasa_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[list[str]]:
    """A real HTTP server standing in for Rasa's tracker endpoint; records the tokens it got."""
    tokens: list[str] = []

    async def get_tracker(request: web.Request) -> web.Response:
        tokens.append(request.query.get("token", ""))
        if request.match_info["sender"] != "paused-sender":
            return web.json_response({}, status=404)
        return web.json_response(PAUSED)

    async with serve([web.get("/conversations/{sender}/tracker", get_tracker)]) as url:
        monkeypatch.setenv("RASA_URL", url)
        monkeypatch.setenv("RASA_API_TOKEN", "rasa-token")
        get_settings.cache_clear()
        yield tokens


CODE = "ABCD-EFGH-JKLM-NPQR"


def test_codes_are_80_bits_readable_and_found_however_they_are_typed() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 19 and [code[i] for i in (4, 9, 14)] == ["-", "-", "-"]
        # No 0/O or 1/I: 32 symbols, 16 of them: 80 bits.
        assert not set(code) & set("0O1I")
    assert code_in(f"resume {CODE.lower().replace('-', '')} please") == CODE
    assert code_in("resume abcd efgh jklm npqr") == CODE
    assert code_in("my code is  Abcd - efGH-jklm npqr.") == CODE
    assert code_in("resume my conversation") is None
    # The shorter codes given before still read as codes, until they expire.
    assert code_in("resume abcd-efgh") == "ABCD-EFGH"
    assert code_in("resume 46SA EJAJ") == code_in("46sa-ejaj") == "46SA-EJAJ"


async def test_a_code_brings_the_conversation_to_a_new_device(rasa_api: list[str]) -> None:
    get_resume_codes().issue(CODE, "paused-sender")
    dispatcher = CollectingDispatcher()
    new_device = tracker("resume abcd efgh-jklm-npqr", intent="resume", sender_id="new-sender")
    events = await ActionResumeConversation().run(dispatcher, new_device, DOMAIN)

    assert rasa_api == ["rasa-token"]
    assert texts(dispatcher) == ["utter_resumed", "utter_reminder_life_form"]
    assert events == [
        SlotSet("outcomes", PAUSED["slots"]["outcomes"]),
        SlotSet("answers", PAUSED["slots"]["answers"]),
        SlotSet("working_well", "the carers 0["),
        SlotSet("stage", "talking"),
        SlotSet("resume_code", None),
        ActiveLoop("life_form"),
        SlotSet("requested_slot", None),
        FollowupAction("life_form"),
    ]
    # Used once: spent.
    assert get_resume_codes().state(CODE) == (CodeState.SPENT, "paused-sender")


async def test_an_unknown_code_is_tried_as_a_review_code(rasa_api: list[str]) -> None:
    # Told kindly there if it is neither kind (tests/bot/test_plan_review.py).
    dispatcher = CollectingDispatcher()
    events = await ActionResumeConversation().run(
        dispatcher, tracker("resume ZZZZ-ZZZZ-ZZZZ-ZZZZ", intent="resume"), DOMAIN
    )
    assert (events, texts(dispatcher), rasa_api) == (
        [FollowupAction("action_review_code")],
        [],
        [],
    )


async def test_a_used_code_is_refused_kindly_and_reads_nothing(rasa_api: list[str]) -> None:
    get_resume_codes().issue(CODE, "paused-sender")
    first = tracker(f"resume {CODE}", intent="resume", sender_id="device-2")
    await ActionResumeConversation().run(CollectingDispatcher(), first, DOMAIN)
    dispatcher = CollectingDispatcher()
    second = tracker(f"resume {CODE}", intent="resume", sender_id="device-3")
    events = await ActionResumeConversation().run(dispatcher, second, DOMAIN)

    assert (events, texts(dispatcher)) == ([], ["utter_resume_code_spent"])
    assert rasa_api == ["rasa-token"]  # only the first use read the conversation


async def test_a_code_older_than_30_days_is_refused_kindly(rasa_api: list[str]) -> None:
    long_ago = datetime.now(tz=timezone.utc) - timedelta(days=CODE_DAYS, minutes=1)
    get_resume_codes().issue(CODE, "paused-sender", now=long_ago)
    dispatcher = CollectingDispatcher()
    events = await ActionResumeConversation().run(
        dispatcher, tracker(f"resume {CODE}", intent="resume", sender_id="device-2"), DOMAIN
    )

    assert (events, texts(dispatcher), rasa_api) == ([], ["utter_resume_code_spent"], [])


async def test_pausing_again_gives_a_new_code_and_the_old_one_stops_working() -> None:
    paused = tracker("stop for now", sender_id="paused-sender")
    first = await ActionPause().run(CollectingDispatcher(), paused, DOMAIN)
    second = await ActionPause().run(CollectingDispatcher(), paused, DOMAIN)
    old, new = first[0]["value"], second[0]["value"]

    assert old != new
    codes = get_resume_codes()
    assert codes.state(old) == (CodeState.UNKNOWN, None)
    assert codes.state(new) == (CodeState.FOUND, "paused-sender")


def test_codes_are_stored_hashed(tmp_path: Path) -> None:
    path = tmp_path / "actions.sqlite3"
    codes = ResumeCodes(Store(f"sqlite:///{path}"))
    codes.issue(CODE, "new-sender")

    assert codes.state(CODE) == (CodeState.FOUND, "new-sender")
    assert CODE.encode() not in path.read_bytes()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_code_is_spent_once_across_replicas(backend: str, tmp_path: Path) -> None:
    """Two action servers share the database: a code issued by one resumes on the other, once."""
    with store_on(backend, tmp_path) as store:
        ResumeCodes(store).issue(CODE, "paused-sender")
        other = ResumeCodes(Store(store.url))
        assert other.state(CODE) == (CodeState.FOUND, "paused-sender")
        assert other.use(CODE) is True
        assert ResumeCodes(store).use(CODE) is False
        assert ResumeCodes(store).state(CODE) == (CodeState.SPENT, "paused-sender")


def test_codes_in_an_older_servers_file_carry_over(tmp_path: Path) -> None:
    old = tmp_path / "resume_codes.sqlite3"
    recently = (datetime.now(tz=timezone.utc) - timedelta(days=1)).isoformat()
    with sqlite3.connect(old) as db:
        db.execute(
            "CREATE TABLE codes (digest TEXT PRIMARY KEY, sender_id TEXT NOT NULL,"
            " issued_at TEXT NOT NULL, used_at TEXT)"
        )
        db.execute(
            "INSERT INTO codes VALUES (?, 'old-sender', ?, NULL)",
            (hashlib.sha256(b"ABCD-EFGH").hexdigest(), recently),
        )
    store = Store(f"sqlite:///{tmp_path / 'actions.sqlite3'}")
    carry_over(store, outbox_file=tmp_path / "outbox.sqlite3", codes_file=old)

    assert ResumeCodes(store).state("ABCD-EFGH") == (CodeState.FOUND, "old-sender")


async def test_after_time_away_the_question_they_were_on_is_reopened() -> None:
    slots: dict[str, Any] = {"stage": "talking", "requested_slot": "strengths", "people": None}
    away = tracker(slots=slots)
    away.active_loop = {"name": "life_form"}
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, away, DOMAIN)
    assert events == [
        SessionStarted(),
        SlotSet("stage", "talking"),
        ActiveLoop("life_form"),
        SlotSet("requested_slot", "strengths"),
        ActionExecuted("action_listen"),
    ]
    assert texts(dispatcher) == ["utter_welcome_back", "utter_reminder_life_form"]


async def test_the_reminder_quotes_the_outcome_they_were_explaining_exactly() -> None:
    slots = {"requested_slot": "outcome_why", "pending": {"what": quote("my cat {name} 0[")}}
    away = tracker(slots=slots)
    away.active_loop = {"name": "outcomes_form"}
    dispatcher = CollectingDispatcher()
    await ActionSessionStart().run(dispatcher, away, DOMAIN)
    assert texts(dispatcher) == [
        "utter_welcome_back",
        "We were talking about something that matters to you: “my cat {name} 0[”",
    ]


async def test_a_new_conversation_starts_quietly() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, tracker(), DOMAIN)
    assert events == [SessionStarted(), ActionExecuted("action_listen")]
    assert dispatcher.messages == []
