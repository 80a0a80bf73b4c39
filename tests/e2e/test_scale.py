"""Two of each service on PostgreSQL and Redis, HAProxy in front of the action servers (`make
run SCALE=2`'s layout), on private ports, a private PostgreSQL database and private Redis lock
keys: 30 conversations at once, each message sent to a Rasa replica chosen at random, and every
word arrives once, in one plan each; then a Rasa, and an action server, killed mid-conversation."""

from __future__ import annotations

import json
import random
import subprocess
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest

from contract.http import API_PREFIX
from scripts.conversation import SAFETY_CHECKS, Conversation
from scripts.scaled import scaled_stack
from scripts.stack import API_PYTHON, ROOT, Stack
from tests.e2e.conftest import PRACTITIONER_EMAIL, PRACTITIONER_PASSWORD
from tests.e2e.test_conversation import SENT, words_in_plan

CONVERSATIONS = 30


# Everyday answers to the life questions, each made this conversation's own by its number.
LIFE = {
    "working_well": "the carers in the morning",
    "not_working": "the stairs are hard for me",
    "strengths": "baking 🍰 for the church",
    "people": "my sister Morag",
    "what_would_help": "a lift to the lunch club",
    "who_could_help": "my son and his wife",
    "anything_else": "when is the worker coming?",
}


def conversation(number: int) -> list[tuple[str, str | None]]:
    """A short whole conversation whose every answer is this conversation's own."""
    return [
        ("hello", None),
        ("/affirm", None),
        (f"My garden, number {number} 🌻 0[", "what:0"),
        (f"it keeps me going {{{number}}}", "why:0"),
        ("/affirm", None),
        ("no", None),
        *((f"{answer} ({number})", part) for part, answer in LIFE.items()),
        # "Send it", then "Yes, send it" to the one question sending asks.
        ("/send_plan", None),
        ("/send_plan", None),
    ]


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with scaled_stack(tmp_path_factory.mktemp("scaled"), replicas=2) as stack:
        yield stack


def _talk(stack: Stack, number: int, seed: int) -> tuple[str, list[str], str]:
    """Hold one conversation, each message to a replica chosen at random; returns its sender,
    everything it said and its last reply."""
    choose = random.Random(seed)
    sender = uuid.uuid4().hex
    said: list[str] = []
    reply = ""
    for message, _field in conversation(number):
        reply = Conversation(choose.choice(stack.rasa_urls), sender).say_text(message)
        said.append(message)
        if any(reply.rstrip().endswith(question) for question in SAFETY_CHECKS):
            reply = Conversation(choose.choice(stack.rasa_urls), sender).say_text("/deny")
            said.append("/deny")
    return sender, said, reply


def test_thirty_conversations_over_two_replicas_lose_nothing_and_double_nothing(
    scaled: Stack,
) -> None:
    assert len(scaled.rasa_urls) == 2 and len(scaled.processes) == 6  # and the balancer
    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        held = list(pool.map(lambda n: _talk(scaled, n, seed=n), range(CONVERSATIONS)))

    subprocess.run(
        [str(API_PYTHON), "-m", "api.practitioners.cli", "create", "--email", PRACTITIONER_EMAIL],
        input=f"{PRACTITIONER_PASSWORD}\n".encode(),
        cwd=ROOT,
        env=scaled._environment(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    token = httpx.post(
        f"{scaled.api_url}{API_PREFIX}/auth/token",
        data={"username": PRACTITIONER_EMAIL, "password": PRACTITIONER_PASSWORD},
    ).json()["access_token"]
    assert scaled.shared is not None
    with (
        httpx.Client(
            base_url=scaled.api_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ) as api,
        psycopg.connect(scaled.shared.postgres_url) as database,
    ):
        listing = api.get(f"{API_PREFIX}/plans", params={"limit": 200}).json()
        assert len(listing) == CONVERSATIONS
        for number, (sender, said, reply) in enumerate(held):
            sent = SENT.search(reply)
            assert sent, reply
            # Exactly one plan for the conversation, with every answer as typed.
            [summary] = [plan for plan in listing if plan["conversation_id"] == sender]
            plan = api.get(f"{API_PREFIX}/plans/{summary['id']}").json()
            assert plan["reference"] == sent.group(1)
            assert words_in_plan(plan) == {f: text for text, f in conversation(number) if f}
            # Rasa's shared store holds each message once, in the order said: none lost,
            # none taken twice by the two replicas.
            rows = database.execute(
                "SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' ORDER BY id",
                (sender,),
            ).fetchall()
            assert [_text(data) for (data,) in rows] == said


def _text(data: str) -> str:
    return str(json.loads(data)["text"])


def _talk_through_the_page(stack: Stack, number: int, said_enough: threading.Event) -> str:
    """One conversation as the page holds it (the API's relay chooses the Rasa); returns its
    last reply."""
    reply = ""
    with httpx.Client(base_url=stack.api_url, timeout=60) as browser:
        for index, (message, _field) in enumerate(conversation(number)):
            response = browser.post("/conversation/messages", json={"text": message})
            assert response.status_code == 200, (number, message, response.text)
            reply = "\n".join(turn["text"] for turn in response.json()["turns"])
            if any(reply.rstrip().endswith(question) for question in SAFETY_CHECKS):
                browser.post("/conversation/messages", json={"text": "/deny"})
            if index == 4:
                said_enough.set()
    return reply


@pytest.mark.parametrize(("killed", "first"), [("rasa-2", 100), ("actions-2", 200)])
def test_a_replica_killed_mid_conversation_loses_no_one(
    scaled: Stack, killed: str, first: int
) -> None:
    """kill -9 one Rasa, or one action server, while conversations go on through the page:
    the API's relay passes every message to the other Rasa, and the balancer every action call
    to the other action server (again, if one died while taking it). Each conversation ends
    with its plan, once, word for word."""
    count = 10
    said_enough = threading.Event()
    before = _plan_ids(scaled)
    with ThreadPoolExecutor(max_workers=count) as pool:
        talking = pool.map(
            lambda n: _talk_through_the_page(scaled, first + n, said_enough), range(count)
        )
        assert said_enough.wait(timeout=120)
        scaled.kill(killed)
        replies = list(talking)
    scaled.start(killed)

    references = [sent.group(1) for reply in replies if (sent := SENT.search(reply))]
    assert len(references) == count, replies
    assert scaled.shared is not None
    with psycopg.connect(scaled.shared.postgres_url) as database:
        for number, reference in enumerate(references):
            [(plan_id,)] = database.execute(
                "SELECT id FROM plans WHERE reference = %s", (reference,)
            ).fetchall()
            assert plan_id not in before
            stored = database.execute(
                "SELECT text FROM plan_items WHERE plan_id = %s", (plan_id,)
            ).fetchall()
            expected = [text for text, field in conversation(first + number) if field]
            assert sorted(text for (text,) in stored) == sorted(expected)


def _plan_ids(stack: Stack) -> set[int]:
    assert stack.shared is not None
    with psycopg.connect(stack.shared.postgres_url) as database:
        return {plan_id for (plan_id,) in database.execute("SELECT id FROM plans").fetchall()}
