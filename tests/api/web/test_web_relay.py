"""The relay spreads a conversation's messages over every Rasa replica it is given, and passes
a message to another when one refuses the connection (it never saw the message)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

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


async def test_when_every_replica_is_down_the_person_is_told_kindly() -> None:
    settings = factories.settings(
        database_url="sqlite://",
        rasa_url=f"http://127.0.0.1:{_closed_port()},http://127.0.0.1:{_closed_port()}",
    )

    with pytest.raises(relay.AssistantUnavailableError):
        await relay.say(settings=settings, sender="s", text="hello", metadata={})


class _Replica:
    """A Rasa on loopback that answers, or goes away with the message (the connection dropped
    with no answer), having taken it or not; its tracker is what `events` makes of it."""

    def __init__(self, *, goes_away: bool, takes: bool = False) -> None:
        self.posts: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        replica = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _drop(self) -> None:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)

            def _answer(self, body: Any) -> None:
                raw = json.dumps(body).encode()
                self.send_response(200)
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
                self._answer([{"recipient_id": sent["sender"], "text": "Answered here"}])

            def do_GET(self) -> None:
                if goes_away:
                    self._drop()
                    return
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
