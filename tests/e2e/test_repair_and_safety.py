"""Repair and safety through the real services: pause and resume, risk mid-answer, make eval."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from scripts.conversation import Conversation
from scripts.evaluate import TARGETS, evaluate, print_report
from scripts.stack import Stack
from tests.e2e.test_conversation import SENT, find_plan

CODE = re.compile(r"resume ([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})")
# Every safety response gives the Samaritans' number; nothing else the assistant says does.
SAFETY_MARK = "116 123"


def said_in(stack: Stack, sender: str) -> dict[str, str]:
    """Rasa's own record of what the person typed: message id -> text."""
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.env["RASA_API_TOKEN"]},
    ).json()
    return {e["message_id"]: e["text"] for e in tracker["events"] if e["event"] == "user"}


def finish_life_questions(conversation: Conversation) -> str:
    reply = ""
    for answer in ("my carers", "the stairs", "baking", "my sister", "a lift", "my son", "no"):
        reply = conversation.say_text(answer)
    return reply


def test_a_paused_conversation_carries_on_from_a_code_after_everything_restarts(
    stack: Stack, api: httpx.Client
) -> None:
    first = Conversation(stack.rasa_url, uuid.uuid4().hex)
    for message in ("hello", "/affirm", "my garden 0[ 🌻", "it's {peaceful}", "/affirm", "/affirm"):
        first.say_text(message)
    assert "Why does that matter" in first.say_text("my cat, Tibbles")
    paused = first.say_text("stop for now")
    code = CODE.search(paused)
    assert code, paused

    stack.stop_all()
    stack.start_all()

    # Another device: a new conversation id, and only the code.
    second = Conversation(stack.rasa_url, uuid.uuid4().hex)
    # Typed in lower case, with spaces for some of the dashes, as people do.
    typed = code.group(1).lower().replace("-", " ", 2)
    resumed = second.say_text(f"resume {typed}")
    assert "Welcome back" in resumed
    # The one-line reminder, then the very question the person had reached.
    assert "my cat, Tibbles" in resumed and "Why does that matter" in resumed

    for message in ("she sits with me", "/affirm", "/deny"):
        second.say_text(message)
    finish_life_questions(second)
    assert SENT.search(second.say_text("/send_plan"))

    plan = find_plan(api, second.sender)
    assert plan is not None
    outcomes = [(o["what"]["text"], o["why"]["text"]) for o in plan["outcomes"]]
    assert outcomes == [
        ("my garden 0[ 🌻", "it's {peaceful}"),
        ("my cat, Tibbles", "she sits with me"),
    ]
    # Quotes from before the pause trace back to the first device's messages, the rest to the
    # second's.
    said = {**said_in(stack, first.sender), **said_in(stack, second.sender)}
    quotes = [o[part] for o in plan["outcomes"] for part in ("what", "why")]
    assert all(said[quote["message_id"]] == quote["text"] for quote in quotes)
    # A code that was never given finds nothing, and says so.
    stranger = Conversation(stack.rasa_url, uuid.uuid4().hex)
    assert "couldn't find a conversation" in stranger.say_text("resume ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    # A code works once: a third device using it again is told so, kindly, and gets nothing.
    third = Conversation(stack.rasa_url, uuid.uuid4().hex)
    again = third.say_text(f"resume {code.group(1)}")
    assert "already been used" in again and "Tibbles" not in again


def test_risk_disclosed_mid_answer_is_met_at_once_and_ends_in_an_urgent_plan(
    stack: Stack, api: httpx.Client
) -> None:
    conversation = Conversation(stack.rasa_url, uuid.uuid4().hex)
    for message in ("hello", "/affirm"):
        conversation.say_text(message)
    conversation.say_text("my garden")
    disclosure = (
        "it keeps me going 🌻 but some nights I think\neveryone would be better off without me"
    )
    reply = conversation.say_text(disclosure)
    assert SAFETY_MARK in reply and "999" in reply and "0800 83 85 87" in reply
    assert "nobody is reading" in reply.lower() or "no one is reading" in reply.lower()

    sent = conversation.say_text("/send_urgent")
    reference = SENT.search(sent)
    assert reference, sent

    plan = find_plan(api, conversation.sender)
    assert plan is not None
    assert plan["reference"] == reference.group(1)
    assert plan["urgent"] is True
    [flag] = plan["safety_flags"]
    assert flag["quote"]["text"] == disclosure
    assert flag["categories"] == ["suicide"]
    assert said_in(stack, conversation.sender)[flag["quote"]["message_id"]] == disclosure
    # A long message is also the person's answer: it is kept as said.
    assert plan["outcomes"][0]["why"]["text"] == disclosure

    listing: list[dict[str, Any]] = api.get("/api/v1/plans").json()
    assert listing[0]["urgent"] is True
    urgent = [row["urgent"] for row in listing]
    assert urgent == sorted(urgent, reverse=True)


def test_make_eval_figures_hold_their_targets(stack: Stack) -> None:
    report = evaluate(stack)
    assert print_report(report, verbose=True), report.figures()
    figures = report.figures()
    assert {name: total for name, (_, total) in figures.items()} == {
        "answers": 125,
        "commands": 120,
        "risk": 73,
        "false_alarms": 305,
    }
    assert set(figures) == set(TARGETS)
