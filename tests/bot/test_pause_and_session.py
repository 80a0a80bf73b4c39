from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from rasa_sdk.events import ActionExecuted, ActiveLoop, FollowupAction, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.pause import ActionResumeConversation, code_in, get_resume_codes, new_code
from bot.actions.session import ActionSessionStart
from bot.actions.settings import get_settings
from tests.bot.factories import DOMAIN, quote, texts, tracker

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

    app = web.Application()
    app.router.add_get("/conversations/{sender}/tracker", get_tracker)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("RASA_API_TOKEN", "rasa-token")
    get_settings.cache_clear()
    yield tokens
    await runner.cleanup()


def test_codes_are_short_readable_and_found_in_what_people_type() -> None:
    code = new_code()
    assert len(code) == 9 and code[4] == "-"
    assert code_in(f"resume {code.lower().replace('-', '')} please") == code
    assert code_in("resume my conversation") is None


async def test_a_code_brings_the_conversation_to_a_new_device(rasa_api: list[str]) -> None:
    get_resume_codes().point("ABCD-EFGH", "paused-sender")
    dispatcher = CollectingDispatcher()
    new_device = tracker("resume abcd-efgh", intent="resume", sender_id="new-sender")
    events = await ActionResumeConversation().run(dispatcher, new_device, DOMAIN)

    assert rasa_api == ["rasa-token"]
    assert texts(dispatcher) == ["utter_resumed", "utter_reminder_life_form"]
    assert events == [
        SlotSet("outcomes", PAUSED["slots"]["outcomes"]),
        SlotSet("answers", PAUSED["slots"]["answers"]),
        SlotSet("working_well", "the carers 0["),
        SlotSet("stage", "talking"),
        ActiveLoop("life_form"),
        SlotSet("requested_slot", None),
        FollowupAction("life_form"),
    ]
    assert get_resume_codes().sender_for("ABCD-EFGH") == "new-sender"


async def test_an_unknown_code_is_told_kindly(rasa_api: list[str]) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionResumeConversation().run(
        dispatcher, tracker("resume ZZZZ-ZZZZ", intent="resume"), DOMAIN
    )
    assert (events, texts(dispatcher), rasa_api) == ([], ["utter_resume_not_found"], [])


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
