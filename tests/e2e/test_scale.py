"""Two of each service on PostgreSQL and Redis, HAProxy in front of the action servers (`make
run SCALE=2`'s layout), on private ports and a PostgreSQL and a Redis server of the tests' own:
30 conversations at once, each message sent to a Rasa replica chosen at random, and every word
arrives once, in one plan each; then, mid-conversation, a Rasa, an action server and the API
killed, PostgreSQL restarted and Redis stopped for ten seconds, with nothing lost or doubled."""

from __future__ import annotations

import json
import random
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest

from contract.http import API_PREFIX
from contract.plan import QUESTION, Part
from scripts.conversation import SAFETY_CHECKS, Conversation
from scripts.scaled import scaled_stack
from scripts.stack import API_PYTHON, ROOT, Stack, Supervisor
from tests.e2e.conftest import PRACTITIONER_EMAIL, PRACTITIONER_PASSWORD
from tests.e2e.engines import PrivateEngines, private_engines
from tests.e2e.test_conversation import SENT, words_in_plan

CONVERSATIONS = 30


# Everyday answers to the life questions, each made this conversation's own by its number.
LIFE = {
    "working_well": "the carers in the morning",
    "not_working": "the stairs are hard for me",
    "not_working_effect": "I stay downstairs",
    "strengths": "baking 🍰 for the church",
    "people": "my sister Morag",
    "anything_else": "when is the worker coming?",
}


def conversation(number: int) -> list[tuple[str, str | None]]:
    """A short whole conversation whose every answer is this conversation's own."""
    return [
        ("hello", None),
        ("/affirm", None),
        (f"Agnes {number}", "call_me"),
        (f"My garden, number {number} 🌻 0[", "what:0"),
        (f"it keeps me going {{{number}}}", "why:0"),
        ("/affirm", None),
        ("no", None),
        (f"a lift to the lunch club ({number})", "help:0"),
        (f"my son and his wife ({number})", "who:0"),
        *(
            (f"{answer} ({number})", part)
            for part, answer in LIFE.items()
            if part != "anything_else"
        ),
        ("/deny", None),  # "No, skip these" questions before we meet
        (f"{LIFE['anything_else']} ({number})", "anything_else"),
        # "Send it", then "Yes, send it" to the one question sending asks.
        ("/send_plan", None),
        ("/send_plan", None),
    ]


@pytest.fixture(scope="module")
def engines() -> Iterator[PrivateEngines]:
    with private_engines() as engines:
        yield engines


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory, engines: PrivateEngines) -> Iterator[Stack]:
    with scaled_stack(
        tmp_path_factory.mktemp("scaled"),
        replicas=2,
        admin_url=engines.admin_url,
        redis_url=engines.redis_url,
    ) as stack:
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


# How long the page keeps sending a message that got no answer (conversation.js).
PAGE_KEEPS_TRYING = 30.0
NO_ANSWER = (502, 503, 504)


def _page_says(browser: httpx.Client, text: str) -> str:
    """One message as the page sends it (conversation.js post()): with a key of its own, sent
    again with the same key while no answer comes; returns the reply."""
    key = uuid.uuid4().hex
    started = time.monotonic()
    wait, again = 1.0, False
    while True:
        try:
            response = browser.post(
                "/conversation/messages", json={"text": text, "key": key, "again": again}
            )
            if response.status_code not in NO_ANSWER:
                assert response.status_code == 200, (text, response.text)
                return "\n".join(turn["text"] for turn in response.json()["turns"])
        except httpx.TransportError:
            pass  # no answer at all: the API went away
        assert time.monotonic() - started + wait <= PAGE_KEEPS_TRYING, f"no answer to {text!r}"
        time.sleep(wait)
        wait, again = min(wait * 2, 8.0), True


def _talk_through_the_page(stack: Stack, number: int, said_enough: threading.Event) -> str:
    """One conversation as the page holds it (the API's relay chooses the Rasa); returns its
    last reply."""
    reply = ""
    with httpx.Client(base_url=stack.api_url, timeout=60) as browser:
        for index, (message, _field) in enumerate(conversation(number)):
            reply = _page_says(browser, message)
            if any(reply.rstrip().endswith(question) for question in SAFETY_CHECKS):
                _page_says(browser, "/deny")
            if index == 4:
                said_enough.set()
    return reply


def _restart_after_a_crash(stack: Stack, name: str) -> None:
    """kill -9, then `make run`'s supervisor starts it again (after its first delay)."""
    stack.kill(name)
    Supervisor(stack).watch_once()


def _stop_redis_for_ten_seconds(engines: PrivateEngines) -> None:
    engines.stop_redis()
    time.sleep(10)
    engines.start_redis()


FAULTS: dict[str, Callable[[Stack, PrivateEngines], None]] = {
    "kill -9 a Rasa": lambda stack, _: _restart_after_a_crash(stack, "rasa-2"),
    "kill -9 an action server": lambda stack, _: _restart_after_a_crash(stack, "actions-2"),
    "kill -9 the API": lambda stack, _: _restart_after_a_crash(stack, "api"),
    "restart PostgreSQL": lambda _, engines: engines.restart_postgres(),
    "stop Redis for ten seconds": lambda _, engines: _stop_redis_for_ten_seconds(engines),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_mid_conversation_loses_no_one(
    scaled: Stack, engines: PrivateEngines, fault: str
) -> None:
    """While ten conversations go on through the page, one fault. The API's relay passes each
    message to a Rasa that can take it, and asks the shared store about one that went away
    mid-turn; the balancer passes each action call to a live action server; the page sends a
    message again, with its key, when the API went away with it. Each conversation ends with
    its plan, once, word for word."""
    count = 10
    first = 100 * (1 + list(FAULTS).index(fault))
    said_enough = threading.Event()
    before = _plan_ids(scaled)
    with ThreadPoolExecutor(max_workers=count) as pool:
        talking = pool.map(
            lambda n: _talk_through_the_page(scaled, first + n, said_enough), range(count)
        )
        assert said_enough.wait(timeout=120)
        FAULTS[fault](scaled, engines)
        replies = list(talking)
    assert scaled.first_exited() is None

    references = [sent.group(1) for reply in replies if (sent := SENT.search(reply))]
    assert len(references) == count, replies
    assert scaled.shared is not None
    _wait_for_plans(scaled.shared.postgres_url, references)
    with psycopg.connect(scaled.shared.postgres_url) as database:
        for number, reference in enumerate(references):
            [(plan_id,)] = database.execute(
                "SELECT id FROM plans WHERE reference = %s", (reference,)
            ).fetchall()
            assert plan_id not in before
            stored = database.execute(
                "SELECT section, text FROM plan_items WHERE plan_id = %s", (plan_id,)
            ).fetchall()
            said = conversation(first + number)
            expected = [(_section(field), text) for text, field in said if field]
            # The question asked at "anything else?" is also kept as a question for the worker.
            expected += [(QUESTION, text) for text, field in said if field == "anything_else"]
            assert sorted(stored) == sorted(expected)


def _section(field: str) -> str:
    """The stored part of a conversation's field: "what:0" is a what-matters quote."""
    kind = field.partition(":")[0]
    return {
        "what": Part.WHAT_MATTERS.value,
        "why": Part.WHY_IT_MATTERS.value,
        "help": Part.OUTCOME_HELP.value,
        "who": Part.OUTCOME_WHO.value,
    }.get(kind, kind)


# A plan whose delivery failed during a fault waits in the action server's outbox, which tries
# again every OUTBOX_RETRY_SECONDS.
DELIVERY_WAIT = 60.0


def _wait_for_plans(postgres_url: str, references: list[str]) -> None:
    deadline = time.monotonic() + DELIVERY_WAIT
    with psycopg.connect(postgres_url, autocommit=True) as database:
        while True:
            [(arrived,)] = database.execute(
                "SELECT count(DISTINCT reference) FROM plans WHERE reference = ANY(%s)",
                (references,),
            ).fetchall()
            if arrived == len(references) or time.monotonic() > deadline:
                return
            time.sleep(0.5)


def _plan_ids(stack: Stack) -> set[int]:
    assert stack.shared is not None
    with psycopg.connect(stack.shared.postgres_url) as database:
        return {plan_id for (plan_id,) in database.execute("SELECT id FROM plans").fetchall()}
