"""Rasa's REST channel, saying so when a message could not be handled.

Rasa's own REST channel answers 200 with whatever replies were made when handling a message
fails (its tracker store or lock store unreachable, say), often none; it also logs the
message's words. Then the API cannot tell "no reply" from "not handled", and the person's words
sit in a log. This channel answers 503 instead, naming only the kind of error, so the API asks
Rasa's store whether the message was taken and sends it again if not (api/web/relay.py). The
route is the same, /webhooks/rest/webhook.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

NOT_HANDLED = "not_handled"


class RestChannel(RestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        module = inspect.getmodule(self)
        webhook = Blueprint(
            f"custom_webhook_{type(self).__name__}", module.__name__ if module else None
        )

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            collector = CollectingOutputChannel()
            message = UserMessage(
                self._extract_message(request),
                collector,
                await self._extract_sender(request),
                input_channel=self._extract_input_channel(request),
                metadata=self.get_metadata(request),
            )
            try:
                await on_new_message(message)
            # Whatever failed, the answer is the same: not handled, ask the store. The error's
            # kind is logged, never its message, which may quote the person.
            except Exception as error:  # noqa: BLE001
                logger.error("A message could not be handled: %s", type(error).__name__)
                return response.json({"error": NOT_HANDLED}, status=503)
            return response.json(collector.messages)

        return webhook
