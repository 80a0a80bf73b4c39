"""The relay spreads a conversation's messages over every Rasa replica it is given, and passes
a message to another when one refuses the connection (it never saw the message)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from api.web import relay
from api.web.relay import MESSAGE_KEY
from tests.api import factories
from tests.api.web.conftest import FakeRasa


def _closed_port() -> int:
    # A port nothing listens on: bound, then let go.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_messages_go_to_every_replica_and_only_to_them() -> None:
    settings = factories.settings(
        database_url="sqlite://", rasa_url="http://127.0.0.1:5005, http://127.0.0.1:5006/"
    )
    assert settings.rasa_urls == ["http://127.0.0.1:5005", "http://127.0.0.1:5006"]

    # 200 draws: a replica is never first in all of them with probability 2 x 2^-200.
    firsts = {relay._replicas(settings)[0] for _ in range(200)}

    assert firsts == {"http://127.0.0.1:5005", "http://127.0.0.1:5006"}


def test_one_rasa_is_the_default_layout() -> None:
    settings = factories.settings(database_url="sqlite://")

    assert settings.rasa_urls == ["http://127.0.0.1:9"]


async def test_a_replica_that_is_down_is_passed_over(rasa: FakeRasa) -> None:
    down = f"http://127.0.0.1:{_closed_port()}"
    settings = factories.settings(database_url="sqlite://", rasa_url=f"{down},{rasa.url}")

    # Whichever replica is asked first, every message reaches the live one, once.
    for number in range(20):
        turns = await relay.say(settings=settings, sender=f"s{number}", text="hello", metadata={})
        assert [turn["text"] for turn in turns] == ["Hello"]
    assert rasa.senders() == [f"s{number}" for number in range(20)]


async def test_when_every_replica_is_down_the_person_is_told_kindly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(relay, "RECOVERY_SECONDS", 0)
    settings = factories.settings(
        database_url="sqlite://",
        rasa_url=f"http://127.0.0.1:{_closed_port()},http://127.0.0.1:{_closed_port()}",
    )

    with pytest.raises(relay.AssistantUnavailableError):
        await relay.say(settings=settings, sender="s", text="hello", metadata={})


class _Replica:
    """A Rasa on loopback that answers, or goes away with the message (the connection dropped
    with no answer), having taken it or not; its tracker is what `events` makes of it."""

    def __init__(
        self, *, goes_away: bool, takes: bool = False, unwell: int = 0, status: int = 503
    ) -> None:
        self.posts: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.reads = 0
        # Messages answered `status` (as bot/channels.py does when a message was not handled)
        # before this replica is well.
        self.unwell = unwell
        replica = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _drop(self) -> None:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)

            def _answer(self, body: Any, status: int = 200) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_POST(self) -> None:
                sent = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if goes_away:
                    if takes:
                        # Rasa saved the turn, then died before it answered.
                        replica.events += [
                            {"event": "user", "metadata": {MESSAGE_KEY: "an earlier one"}},
                            {"event": "bot", "text": "An earlier reply", "data": {}},
                            {"event": "user", "metadata": sent["metadata"]},
                            {"event": "bot", "text": "Taken, and answered", "data": {}},
                            {"event": "action", "name": "action_listen"},
                            {"event": "user", "metadata": {MESSAGE_KEY: "a later one"}},
                            {"event": "bot", "text": "A later reply", "data": {}},
                        ]
                    self._drop()
                    return
                replica.posts.append(sent)
                if replica.unwell:
                    replica.unwell -= 1
                    self._answer({"error": "not_handled"}, status=status)
                    return
                self._answer([{"recipient_id": sent["sender"], "text": "Answered here"}])

            def do_GET(self) -> None:
                if goes_away:
                    self._drop()
                    return
                replica.reads += 1
                self._answer({"events": replica.events, "slots": {}})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.mark.parametrize("taken", [True, False])
async def test_a_message_a_rasa_went_away_with_is_answered_once(
    monkeypatch: pytest.MonkeyPatch, taken: bool
) -> None:
    dying = _Replica(goes_away=True, takes=taken)
    live = _Replica(goes_away=False)
    # Both share one store: what the dying one saved, the live one reads back.
    live.events = dying.events
    # The dying one is asked first; after that, as it happens, the live one.
    orders = iter([[dying.url, live.url], *[[live.url, dying.url]] * 3])
    monkeypatch.setattr(relay, "_replicas", lambda settings: next(orders))
    monkeypatch.setattr(relay, "AFTER_A_REPLICA_WENT_AWAY", 0)
    settings = factories.settings(database_url="sqlite://", rasa_url=f"{dying.url},{live.url}")

    turns = await relay.say(settings=settings, sender="s", text="my garden", metadata={})

    if taken:
        # The replies already made, and the message never sent again.
        assert [turn["text"] for turn in turns] == ["Taken, and answered"]
        assert live.posts == []
    else:
        assert [turn["text"] for turn in turns] == ["Answered here"]
        [post] = live.posts
        assert post["message"] == "my garden"
    for replica in (dying, live):
        replica.server.shutdown()


async def test_a_message_rasa_could_not_handle_is_sent_again_once_it_is_well(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rasa's engines away (its store or its locks): it answers 503 until they are back. Each
    time the store is asked first, and the message is sent again only as it was not taken."""
    replica = _Replica(goes_away=False, unwell=2)
    monkeypatch.setattr(relay, "AFTER_A_REPLICA_WENT_AWAY", 0)
    settings = factories.settings(database_url="sqlite://", rasa_url=replica.url)

    turns = await relay.say(settings=settings, sender="s", text="my garden", metadata={})

    assert [turn["text"] for turn in turns] == ["Answered here"]
    assert [post["message"] for post in replica.posts] == ["my garden"] * 3
    assert len({post["metadata"][MESSAGE_KEY] for post in replica.posts}) == 1
    assert replica.reads == 2
    replica.server.shutdown()


async def test_a_refused_message_is_not_sent_again() -> None:
    """A 4xx is Rasa refusing this message, which sending again would not change."""
    replica = _Replica(goes_away=False, unwell=1, status=400)
    settings = factories.settings(database_url="sqlite://", rasa_url=replica.url)

    with pytest.raises(relay.AssistantUnavailableError):
        await relay.say(settings=settings, sender="s", text="my garden", metadata={})

    assert len(replica.posts) == 1
    assert replica.reads == 0
    replica.server.shutdown()


async def test_rasa_unwell_for_longer_than_a_person_waits_is_said_kindly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replica = _Replica(goes_away=False, unwell=1000)
    monkeypatch.setattr(relay, "AFTER_A_REPLICA_WENT_AWAY", 0.05)
    monkeypatch.setattr(relay, "RECOVERY_SECONDS", 0.5)
    settings = factories.settings(database_url="sqlite://", rasa_url=replica.url)

    with pytest.raises(relay.AssistantUnavailableError):
        await relay.say(settings=settings, sender="s", text="my garden", metadata={})

    # 0.05 + 0.1 + 0.2 s of waits fit in half a second; the next (0.4 s) would not.
    assert len(replica.posts) == 4
    replica.server.shutdown()


@pytest.mark.parametrize("taken", [True, False])
async def test_a_message_the_page_sends_again_is_taken_once(taken: bool) -> None:
    """The page sends a message again, with its key, when no answer came (the API went away
    with it, say): taken already, its replies come from the store and it is not sent again."""
    replica = _Replica(goes_away=False)
    key = "k" * 32
    if taken:
        replica.events = [
            {"event": "user", "metadata": {MESSAGE_KEY: key}},
            {"event": "bot", "text": "Taken, and answered", "data": {}},
        ]
    settings = factories.settings(database_url="sqlite://", rasa_url=replica.url)

    turns = await relay.say(
        settings=settings, sender="s", text="my garden", metadata={}, key=key, again=True
    )

    assert replica.reads == 1
    if taken:
        assert [turn["text"] for turn in turns] == ["Taken, and answered"]
        assert replica.posts == []
    else:
        assert [turn["text"] for turn in turns] == ["Answered here"]
        [post] = replica.posts
        assert post["metadata"][MESSAGE_KEY] == key
    replica.server.shutdown()


async def test_a_connection_that_closes_as_it_opens_is_passed_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # anyio fails so when a replica is killed as the connection opens (seen under kill -9).
    def transport(request: httpx.Request) -> httpx.Response:
        if request.url.host == "dying.invalid":
            raise AttributeError("'NoneType' object has no attribute 'getpeername'")
        return httpx.Response(200, json=[{"text": "hello"}])

    settings = factories.settings(
        database_url="sqlite://", rasa_url="http://dying.invalid, http://well.invalid"
    )
    monkeypatch.setattr(relay, "_replicas", lambda settings: list(settings.rasa_urls))
    async with httpx.AsyncClient(transport=httpx.MockTransport(transport)) as client:
        response = await relay._rasa(client, settings, "POST", "/webhooks/rest/webhook")

    assert response.json() == [{"text": "hello"}]
