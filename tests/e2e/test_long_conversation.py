"""A long conversation through the conversation page: Rasa starts a new session every few turns
(bot/tracker_store.py), and nothing of it shows: every answer is in the plan byte for byte, the
history shows every turn, and the page's plan has every outcome."""

from __future__ import annotations

import sqlite3

import httpx

from scripts.conversation import LONG_CONVERSATION, SAFETY_CHECKS
from scripts.stack import Stack
from tests.e2e.test_conversation import SENT, find_plan, words_in_plan

# bot/tracker_store.py's TURNS_PER_SESSION (the bot's module cannot be imported here).
TURNS_PER_SESSION = 4


def test_a_long_conversation_keeps_every_word_across_its_sessions(
    stack: Stack, api: httpx.Client
) -> None:
    browser = httpx.Client(base_url=stack.api_url, timeout=60)
    said: list[str] = []
    reply = ""
    for message, _field in LONG_CONVERSATION:
        response = browser.post("/conversation/messages", json={"text": message})
        assert response.status_code == 200, response.text
        said.append(message)
        reply = "\n".join(turn["text"] for turn in response.json()["turns"])
        if any(reply.rstrip().endswith(question) for question in SAFETY_CHECKS):
            browser.post("/conversation/messages", json={"text": "/deny"})
            said.append("/deny")
    sent = SENT.search(reply)
    assert sent, reply

    # Rasa's store holds many sessions for it, and the current one is short.
    with sqlite3.connect(stack.data_dir / "rasa_tracker.db") as db:
        [(sender,)] = db.execute(
            "SELECT DISTINCT sender_id FROM events WHERE type_name = 'user' AND data LIKE ?",
            ("%Thing 9 matters%",),
        ).fetchall()
        sessions = db.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'session_started'",
            (sender,),
        ).fetchone()[0]
        current = db.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user' AND "
            "timestamp >= (SELECT max(timestamp) FROM events WHERE sender_id = ? AND "
            "type_name = 'session_started')",
            (sender, sender),
        ).fetchone()[0]
    assert sessions >= len(LONG_CONVERSATION) // (TURNS_PER_SESSION + 3)
    # A session starts only at a form's question, and the conversation ends with three turns
    # after its last one (the answer, "send it", "yes, send it").
    assert current <= TURNS_PER_SESSION - 1 + 3

    # The plan has every answer, byte for byte.
    plan = find_plan(api, sender)
    assert plan is not None and plan["reference"] == sent.group(1)
    assert words_in_plan(plan) == {field: text for text, field in LONG_CONVERSATION if field}

    # The history shows every turn the person had, in order (a button as the words it showed).
    turns = browser.get("/conversation/history").json()["turns"]
    typed = [t["text"] for t in turns if t["speaker"] == "person"]
    assert len(typed) == len(said)
    assert all(
        shown == text for shown, text in zip(typed, said, strict=True) if not text.startswith("/")
    )
    assert len([t for t in turns if t["speaker"] == "assistant"]) >= len(said)

    # And the person's own plan page has all ten outcomes (nothing in them needs escaping).
    page = browser.get("/conversation/plan").text
    whats = [text for text, field in LONG_CONVERSATION if field and field.startswith("what:")]
    assert len(whats) == 10 and all(text in page for text in whats)
    browser.close()
