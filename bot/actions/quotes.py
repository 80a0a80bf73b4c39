"""The person's own words: taken exactly from their message, with where they came from, and
read as an answer (or not) to the question they were asked.

A Quote is a plain dict so it can live in a Rasa slot:
{"text": the message text exactly as received, "message_id": Rasa's id of that message,
 "said_at": ISO 8601 time of the message in UTC, and, where there is one, "asked": what the
 assistant said last before it (the question, as the person read it), and "follows": a
 contract.plan.Follows value}.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, TypedDict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from typing_extensions import Required

from contract.conversation import Slot
from contract.plan import ASKED_LENGTH, Follows


class Quote(TypedDict, total=False):
    text: Required[str]
    message_id: Required[str | None]
    said_at: Required[str]
    # Left out where there is none (and in quotes kept before they were added).
    asked: str
    follows: str


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def latest_user_event(tracker: Tracker) -> dict[str, Any] | None:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return dict(event)
    return None


def _latest_exchange(
    tracker: Tracker,
) -> tuple[dict[str, Any] | None, str | None, dict[str, Any] | None]:
    """In one walk back: the latest message, what the assistant said last before it, and the
    message before that."""
    latest: dict[str, Any] | None = None
    asked: str | None = None
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if latest is not None:
                return latest, asked, dict(event)
            latest = dict(event)
        elif kind == "bot" and latest is not None and asked is None and event.get("text"):
            asked = str(event["text"])[:ASKED_LENGTH]
    return latest, asked, None


def _follows(tracker: Tracker, quote: Quote, previous: dict[str, Any] | None) -> str | None:
    """A safety check came with this answer or just before it; or an example was offered for
    this question after "I don't know"."""
    flagged = {
        (flag.get("quote") or {}).get("message_id")
        for flag in tracker.get_slot(Slot.SAFETY_FLAGS) or []
    } - {None}
    previous_id = previous.get("message_id") if previous else None
    if quote["message_id"] in flagged or (previous_id is not None and previous_id in flagged):
        return Follows.SAFETY_CHECK.value
    previous_intent = ((previous or {}).get("parse_data") or {}).get("intent") or {}
    offered = tracker.get_slot("examples_offered") or []
    if previous_intent.get("name") == "dont_know" and tracker.get_slot("requested_slot") in offered:
        return Follows.PROMPT.value
    return None


def _quote(event: dict[str, Any], asked: str | None) -> Quote:
    timestamp = event.get("timestamp")
    said_at = (
        datetime.fromtimestamp(float(timestamp), tz=timezone.utc)
        if timestamp is not None
        else datetime.now(tz=timezone.utc)
    )
    quote: Quote = {
        "text": event.get("text") or "",
        "message_id": event.get("message_id"),
        "said_at": said_at.isoformat(),
    }
    if asked is not None:
        quote["asked"] = asked
    return quote


def quote_latest_message(tracker: Tracker) -> Quote | None:
    """The latest user message as a Quote, or None if there is none."""
    latest, asked, _ = _latest_exchange(tracker)
    return None if latest is None else _quote(latest, asked)


def is_button_payload(tracker: Tracker) -> bool:
    """True when the latest message is a button's `/intent` payload rather than typed words."""
    text = tracker.latest_message.get("text") or ""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return bool(intent) and text.startswith(f"/{intent}")


def intent_of(tracker: Tracker) -> str | None:
    intent = tracker.latest_message.get("intent") or {}
    name = intent.get("name")
    return str(name) if name else None


def take_answer(tracker: Tracker, dispatcher: CollectingDispatcher) -> Quote | None:
    """The latest message as an answer in the person's words; None (saying why) if it is not one.

    Nothing is changed in the text: an answer is kept exactly as Rasa received it.
    """
    if is_button_payload(tracker):
        # A button from an earlier question was pressed: that is not an answer in their words.
        dispatcher.utter_message(response="utter_type_your_answer")
        return None
    latest, asked, previous = _latest_exchange(tracker)
    quote = None if latest is None else _quote(latest, asked)
    text = quote["text"] if quote else None
    if quote is None or not text or not text.strip():
        dispatcher.utter_message(response="utter_empty_answer")
        return None
    if "\x00" in text:
        # No database keeps a NUL character in text; ask again rather than alter their words.
        dispatcher.utter_message(response="utter_unreadable_answer")
        return None
    follows = _follows(tracker, quote, previous)
    if follows is not None:
        quote["follows"] = follows
    return quote


def _is_easy_read(variation: dict[str, Any]) -> bool:
    return any(
        c.get("name") == "easy_read" and c.get("value") is True
        for c in variation.get("condition") or []
    )


def response_variation(
    domain: dict[str, Any], name: str, *, easy_read: bool = False
) -> dict[str, Any]:
    """A response's variation in the domain (domain/): its Easy Read one when the conversation
    is in Easy Read and it has one, else its first plain one."""
    variations: list[dict[str, Any]] = domain["responses"][name]
    easy = [v for v in variations if _is_easy_read(v)]
    plain = [v for v in variations if not _is_easy_read(v)]
    return ((easy if easy_read and easy else plain) or variations)[0]


def response_text(domain: dict[str, Any], name: str, *, easy_read: bool = False) -> str:
    """The text of response_variation."""
    return str(response_variation(domain, name, easy_read=easy_read)["text"])


def fill(template: str, **values: str) -> str:
    """Put values into {placeholders} in one pass.

    One pass matters: a person's words that contain "{why}" or "0[" must come out exactly as typed,
    never be filled in again or formatted (which is why Rasa's own templating is not used here).
    """
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
