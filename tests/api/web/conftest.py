"""A real HTTP server standing in for Rasa, for the pages that relay to it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from api.core.config import Settings
from tests.api import factories
from tests.api.factories import Database


@dataclass
class FakeRasa:
    url: str = ""
    # Every request: (method, raw path with query, JSON body or None).
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    # What the next answers are: a status and a raw body.
    status: int = 200
    body: bytes | None = None
    slots: dict[str, Any] = field(default_factory=dict)

    def senders(self) -> list[str]:
        return [body["sender"] for method, _, body in self.requests if method == "POST"]


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self, default: Any) -> None:
            body = fake.body if fake.body is not None else json.dumps(default).encode()
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            sent = json.loads(self.rfile.read(length) or b"null")
            fake.requests.append(("POST", self.path, sent))
            self._answer([{"recipient_id": sent["sender"], "text": "Hello"}])

        def do_GET(self) -> None:
            fake.requests.append(("GET", self.path, None))
            self._answer({"events": [], "slots": fake.slots, "active_loop": {}})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def settings(db: Database, rasa: FakeRasa) -> Settings:
    return factories.settings(database_url=db.url, rasa_url=rasa.url)
