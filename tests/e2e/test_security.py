"""The security review's findings, against the real services."""

from __future__ import annotations

import re
import sqlite3
import stat
import uuid
from pathlib import Path

import httpx

from contract.http import API_PREFIX
from scripts.conversation import AWKWARD_CONVERSATION, Conversation
from scripts.stack import Stack

SENT = re.compile(r"Your reference is (WM-[A-Z0-9]{6})")
CODE = re.compile(r"resume ([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})")
SECRETS = ("RASA_API_TOKEN", "ACTION_SERVER_TOKEN", "BOT_SERVICE_TOKEN", "SECRET_KEY")


def _page_conversation(stack: Stack) -> tuple[httpx.Client, str]:
    """A whole conversation through the conversation page; the browser and its reference."""
    browser = httpx.Client(base_url=stack.api_url, timeout=60)
    text = ""
    for message, _field in AWKWARD_CONVERSATION:
        response = browser.post("/conversation/messages", json={"text": message})
        assert response.status_code == 200, response.text
        text = "\n".join(turn["text"] for turn in response.json()["turns"])
    sent = SENT.search(text)
    assert sent, text
    return browser, sent.group(1)


def test_a_plans_conversation_id_as_a_cookie_gives_a_fresh_conversation(
    stack: Stack, api: httpx.Client
) -> None:
    person, reference = _page_conversation(stack)
    [plan] = [p for p in api.get(f"{API_PREFIX}/plans").json() if p["reference"] == reference]
    seen = plan["conversation_id"]
    assert seen != person.cookies["wm_conversation"]

    with httpx.Client(base_url=stack.api_url, timeout=60) as practitioner:
        practitioner.cookies.set("wm_conversation", seen)
        history = practitioner.get("/conversation/history")
        my_plan = practitioner.get("/conversation/plan")
        said = practitioner.post("/conversation/messages", json={"text": "hello"})

    # Nothing of the person's: no turns, no draft, and the message started a new conversation.
    assert history.json() == {"turns": []}
    assert "There is no plan here yet" in my_plan.text and reference not in my_plan.text
    assert said.status_code == 200
    assert reference not in str(said.json())
    # The person's own browser still has their whole conversation.
    turns = person.get("/conversation/history").json()["turns"]
    assert [t["text"] for t in turns if t["speaker"] == "person"][3].startswith("My garden")
    person.close()


def test_the_action_server_refuses_anyone_without_the_secret(stack: Stack) -> None:
    url = f"http://127.0.0.1:{stack.actions_port}/webhook"
    forged = {
        "next_action": "action_submit_plan",
        "sender_id": "made-up",
        "tracker": {"sender_id": "made-up", "slots": {}, "events": [], "latest_message": {}},
        "domain": {},
    }
    assert httpx.post(url, json=forged).status_code == 401
    wrong = {"Authorization": "Bearer not-the-secret"}
    assert httpx.post(url, json=forged, headers=wrong).status_code == 401
    # Rasa has it, so conversations work (every other test here holds one).
    assert Conversation(stack.rasa_url, uuid.uuid4().hex).say_text("hello")


def test_no_secret_is_in_any_process_command_line_or_any_log(stack: Stack) -> None:
    # A resume by code makes the action server read a tracker from Rasa with the token.
    first = Conversation(stack.rasa_url, uuid.uuid4().hex)
    for message in ("hello", "/affirm", "Agnes", "my garden"):
        first.say_text(message)
    code = CODE.search(first.say_text("stop for now"))
    assert code
    assert "Welcome back" in Conversation(stack.rasa_url, uuid.uuid4().hex).say_text(
        f"resume {code.group(1)}"
    )

    secrets = {name: stack.env[name] for name in SECRETS}
    command_lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command_lines.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue  # a process that ended meanwhile
    assert any("scripts.rasa_run" in line for line in command_lines)
    assert stack.log_dir is not None
    logs = {path.name: path.read_text(errors="replace") for path in stack.log_dir.glob("*.log")}
    assert set(logs) >= {"api.log", "actions.log", "rasa.log"}
    for name, value in secrets.items():
        assert not [line for line in command_lines if value in line], name
        assert not [log for log, text in logs.items() if value in text], name
    # Nor a conversation id: the action server logs a short hash at most.
    assert first.sender not in logs["actions.log"]


def test_the_data_folder_and_its_files_are_the_owners_alone(stack: Stack) -> None:
    Conversation(stack.rasa_url, uuid.uuid4().hex).say_text("hello")
    assert stat.S_IMODE(stack.data_dir.stat().st_mode) == 0o700
    files = [path for path in stack.data_dir.rglob("*") if path.is_file()]
    names = {path.name for path in files}
    assert {"whatmatters.db", "rasa_tracker.db", "actions.sqlite3"} <= names
    loose = {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in files}
    assert {name: mode for name, mode in loose.items() if mode != "0o600"} == {}


def test_the_outbox_keeps_nothing_once_delivered(stack: Stack, api: httpx.Client) -> None:
    browser, reference = _page_conversation(stack)
    browser.close()
    assert [p for p in api.get(f"{API_PREFIX}/plans").json() if p["reference"] == reference]
    with sqlite3.connect(stack.data_dir / "actions.sqlite3") as db:
        states = [row[0] for row in db.execute("SELECT state FROM deliveries")]
    assert "delivered" not in states and "pending" not in states
