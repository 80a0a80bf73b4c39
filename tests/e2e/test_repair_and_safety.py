"""Repair and safety through the real services: pause and resume, risk mid-answer, make eval."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from contract.http import API_PREFIX
from scripts.conversation import Conversation
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


# What would help with each of two things that matter, and who could.
HELP_WITH_TWO = ("a lift", "my son", "someone to sit with me", "my neighbour")


def finish_life_questions(conversation: Conversation) -> str:
    reply = ""
    for answer in (
        "my carers",
        "the stairs",
        "I stay in more",
        "baking",
        "my sister",
        "/deny",
        "no",
    ):
        reply = conversation.say_text(answer)
    return reply


def test_a_paused_conversation_carries_on_from_a_code_after_everything_restarts(
    stack: Stack, api: httpx.Client
) -> None:
    first = Conversation(stack.rasa_url, uuid.uuid4().hex)
    for message in (
        "hello",
        "/affirm",
        "Agnes",
        "my garden 0[ 🌻",
        "it's {peaceful}",
        "/affirm",
        "/affirm",
    ):
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

    # Two things matter: "which matters most?", the first; then what would help with each.
    for message in ("she sits with me", "/affirm", "/deny", "1", *HELP_WITH_TWO):
        second.say_text(message)
    finish_life_questions(second)
    assert "Send your plan to the social work team now?" in second.say_text("/send_plan")
    assert SENT.search(second.say_text("/affirm"))

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
    for message in ("hello", "/affirm", "skip"):
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

    listing: list[dict[str, Any]] = api.get(f"{API_PREFIX}/plans").json()
    assert listing[0]["urgent"] is True
    urgent = [row["urgent"] for row in listing]
    assert urgent == sorted(urgent, reverse=True)


# The everyday words that met the old detector's crisis script, in one person's conversation.
EVERYDAY = [
    ("I want to stay in my own home, not go into one of those places", "what:0"),
    ("Everything I ken is here. I'm no wantin tae go intae a home.", "why:0"),
    ("/affirm", None),
    ("/affirm", None),
    ("me and my dad went to the football every week before he died", "what:1"),
    ("since Jim passed it's the only thing that gets me out", "why:1"),
    ("/affirm", None),
    ("/deny", None),
    ("/deny", None),  # which matters most: they all matter as much
    ("someone to help me with the letters", "help:0"),
    ("my daughter, she handles my bank stuff", "who:0"),
    ("a lift to the match, I'd die happy", "help:1"),
    ("my pal Tam", "who:1"),
    ("my son phones every night, and I'd kill for a day at the seaside", "working_well"),
    ("Money. The bills come in and I can't open them.", "not_working"),
    ("I put off going to the shops", "not_working_effect"),
    ("I'm organised and my husband is supportive", "strengths"),
    ("my hip is killing me but my neighbour Margaret pops in", "people"),
    ("/deny", None),
    ("no", None),
]
CRISIS_MARKS = ("116 123", "Police Scotland", "0800 027 1234")


def test_everyday_words_get_no_crisis_script_and_every_answer_is_in_the_plan(
    stack: Stack, api: httpx.Client
) -> None:
    conversation = Conversation(stack.rasa_url, uuid.uuid4().hex)
    for message in ("hello", "/affirm", "Senga"):
        conversation.say_text(message)
    replies = [conversation.say_text(message) for message, _ in EVERYDAY]
    for reply in replies:
        assert not any(mark in reply for mark in CRISIS_MARKS), reply
    # Unopened bills are a worry: met with warmth, for the worker to ask about.
    assert "That sounds hard" in replies[14]
    conversation.say_text("/send_plan")
    assert SENT.search(conversation.say_text("/send_plan"))

    plan = find_plan(api, conversation.sender)
    assert plan is not None
    assert plan["urgent"] is False
    for text, field in EVERYDAY:
        if field is None:
            continue
        part, _, index = field.partition(":")
        if index:
            assert plan["outcomes"][int(index)][part]["text"] == text
        else:
            assert [quote["text"] for quote in plan["sections"][field]] == [text]
    [worry] = plan["safety_flags"]
    assert worry["quote"]["text"] == "Money. The bills come in and I can't open them."
    assert (worry["level"], worry["source"]) == ("concern", "classifier")


def test_a_possible_concern_confirmed_as_not_safe_ends_in_an_urgent_plan(
    stack: Stack, api: httpx.Client
) -> None:
    conversation = Conversation(stack.rasa_url, uuid.uuid4().hex)
    for message in ("hello", "/affirm", "skip", "my budgie"):
        conversation.say_text(message)
    concern = "my nephew sorts my money now and I don't know where it goes"
    check = conversation.say_text(concern)
    # Only the classifier heard it: one direct, kind question first, no script yet.
    assert "has anyone hurt you, frightened you, or taken money" in check
    assert not any(mark in check for mark in CRISIS_MARKS)

    told = conversation.say_text("/affirm")
    assert "Police Scotland on 101" in told and "999" in told
    assert "the council has to check" in told
    assert "0800 027 1234" not in told  # a nephew: not the domestic abuse helpline
    assert "What would you like to do now?" in told
    assert "Why does that matter" not in told  # the next question waits for the choice

    assert SENT.search(conversation.say_text("/send_urgent"))
    plan = find_plan(api, conversation.sender)
    assert plan is not None
    assert plan["urgent"] is True
    [flag] = plan["safety_flags"]
    assert flag["quote"]["text"] == concern
    assert flag["level"] == "harm"
    assert flag["source"] == "answer_to_check"
    assert flag["choices"] == ["yes", "send_now"]
    # The words are still the answer to the question they were typed at.
    assert plan["outcomes"][0]["why"]["text"] == concern
