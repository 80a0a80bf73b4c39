"""The conversation page's only way to the assistant: Rasa's REST channel, on loopback.

Rasa and the action server are never reachable from outside; the browser talks to the API,
which passes each message on and the replies back.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict
from urllib.parse import quote

import httpx

from api.core.config import Settings
from contract.conversation import Form, Slot, Stage
from contract.plan import (
    HEADINGS_FIRST_PERSON,
    MOVEMENT_LABELS,
    NEW_OUTCOMES_FIRST_PERSON,
    REVIEW_SECTIONS_FOR,
    SECTIONS_FOR,
    Movement,
    Part,
    Role,
    flag_label_first_person,
)

logger = logging.getLogger(__name__)
_TIMEOUT = httpx.Timeout(30.0, connect=5.0)


class Button(TypedDict):
    title: str
    payload: str


class Turn(TypedDict):
    speaker: str  # "person" or "assistant"
    text: str
    buttons: list[Button]
    # A response's `custom` data (domain/): what a page needs to know beyond the words, such as
    # a resume code that did not work.
    custom: NotRequired[dict[str, Any]]


class AssistantUnavailableError(Exception):
    """Rasa did not answer: the page says so kindly and the person can try again."""


def _buttons(raw: Any) -> list[Button]:
    return [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in raw or []
        if isinstance(b, dict)
    ]


def _replicas(settings: Settings) -> list[str]:
    """The Rasas to ask, in a random order: they share the tracker store, and Redis locks a
    conversation while a replica takes its turn, so any may take any message."""
    urls = list(settings.rasa_urls)
    secrets.SystemRandom().shuffle(urls)
    return urls


async def _send(client: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request. A replica killed just as a connection to it opens makes anyio's socket
    stream fail with AttributeError (it has no socket left to name its peer) while httpcore is
    still setting the connection up, before the request is sent: that is a refused connection."""
    try:
        return await client.request(method, url, **kwargs)
    except AttributeError as error:
        logger.warning("A connection to a Rasa replica closed as it opened")
        raise httpx.ConnectError("the connection closed as it opened") from error


async def _rasa(
    client: httpx.AsyncClient, settings: Settings, method: str, path: str, **kwargs: Any
) -> httpx.Response:
    """Rasa's answer to one request, from the first replica that takes it. A replica that
    refuses the connection never saw the request, so the next may take it; so may a read
    (GET) that fails in any way. A message (POST) that fails once sent may have been taken:
    that is say()'s to find out, never a blind retry."""
    urls = _replicas(settings)
    for index, url in enumerate(urls):
        try:
            response = await _send(client, method, f"{url}{path}", **kwargs)
        except httpx.TransportError as error:
            unseen = isinstance(error, httpx.ConnectError) or method == "GET"
            if not unseen or index == len(urls) - 1:
                raise
            logger.warning("A Rasa replica did not answer; asking another")
            continue
        response.raise_for_status()
        return response
    raise AssistantUnavailableError("no Rasa to ask")


def _tracker_path(sender: str) -> str:
    # The sender id is ours (a hex HMAC), but it is still quoted as one path segment, so that
    # no value could ever reach another of Rasa's paths with the token attached.
    return f"/conversations/{quote(sender, safe='')}/tracker"


def _json(response: httpx.Response) -> Any:
    """Rasa's answer as JSON; an answer that is not JSON is Rasa being unwell, said kindly."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        logger.error("Rasa answered with something that is not JSON")
        raise AssistantUnavailableError from error


# The key of each message, in its metadata, so that Rasa's store can say whether a message was
# taken by a replica, or an API, that went away before it answered. The page makes it, and sends
# the same key when it sends a message again because no answer came.
MESSAGE_KEY = "message_key"
AFTER_A_REPLICA_WENT_AWAY = 1.5  # seconds
# How long a message is kept trying while Rasa or its engines are away (a replica restarting,
# PostgreSQL restarting, Redis stopped): longer than such a fault lasts, shorter than a person
# waits. Then the page says kindly that it did not get through.
RECOVERY_SECONDS = 25.0
_LONGEST_WAIT = 4.0


def _passing(error: httpx.HTTPError) -> bool:
    """An error that may pass if the message is tried again: the service or an engine is away."""
    if isinstance(error, httpx.HTTPStatusError):
        return error.response.status_code >= 500
    return isinstance(error, httpx.TransportError)


def _maybe_taken(error: httpx.HTTPError) -> bool:
    """Whether a replica may have taken the message before the error: only one that refused the
    connection surely never saw it."""
    return not isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)


async def say(
    *,
    settings: Settings,
    sender: str,
    text: str,
    metadata: dict[str, str | bool],
    key: str | None = None,
    again: bool = False,
) -> list[Turn]:
    """The assistant's replies to one message. `again`: the page sent this message (the same
    `key`) before and no answer came, so the store is asked first whether it was taken.

    A message that may have been taken is never sent blindly a second time: the shared store
    knows. Taken: its replies are there. Not taken: it is sent again, to any replica, once the
    fault has passed. A replica that died holding the conversation's lock keeps it until
    TICKET_LOCK_LIFETIME; Rasa's lock has a flaw too: a waiting ticket issued less than its
    one-second poll after the dead one expires with it and then waits for ever. So the first
    wait is longer than a poll."""
    key = key or secrets.token_hex(16)
    body = {"sender": sender, "message": text, "metadata": {**metadata, MESSAGE_KEY: key}}
    deadline = time.monotonic() + RECOVERY_SECONDS
    wait = AFTER_A_REPLICA_WENT_AWAY
    unsure = again
    try:
        async with httpx.AsyncClient(timeout=_TIMEOUT) as client:
            while True:
                try:
                    if unsure:
                        taken = await _replies_to(client, settings, sender, key)
                        if taken is not None:
                            return taken
                        unsure = False
                    response = await _rasa(
                        client, settings, "POST", "/webhooks/rest/webhook", json=body
                    )
                    return _turns(_json(response))
                except httpx.HTTPError as error:
                    if not _passing(error) or time.monotonic() + wait > deadline:
                        raise
                    unsure = unsure or _maybe_taken(error)
                    logger.warning(
                        "Rasa did not answer a message (%s); trying again in %.1f s",
                        type(error).__name__,
                        wait,
                    )
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, _LONGEST_WAIT)
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        logger.error("Rasa did not take a message for a conversation: %s", type(error).__name__)
        raise AssistantUnavailableError from error


def _turns(replies: Any) -> list[Turn]:
    """The page's turns for Rasa's replies to a message."""
    turns: list[Turn] = []
    for r in replies if isinstance(replies, list) else []:
        if not isinstance(r, dict):
            continue
        turn: Turn = {
            "speaker": "assistant",
            "text": str(r.get("text") or ""),
            "buttons": _buttons(r.get("buttons")),
        }
        if isinstance(r.get("custom"), dict):
            turn["custom"] = r["custom"]
        turns.append(turn)
    return turns


async def _replies_to(
    client: httpx.AsyncClient, settings: Settings, sender: str, key: str
) -> list[Turn] | None:
    """The replies to the message sent with `key`, if Rasa's store has it; else None."""
    if settings.rasa_api_token is None:
        return None
    tracker = await _tracker(client, settings, sender)
    events = tracker.get("events") if isinstance(tracker, dict) else None
    events = [e for e in events if isinstance(e, dict)] if isinstance(events, list) else []
    # Each message the person sent, and where the next one starts.
    said = [i for i, e in enumerate(events) if e.get("event") == "user"]
    for start, end in zip(said, [*said[1:], len(events)], strict=False):
        metadata = events[start].get("metadata")
        if isinstance(metadata, dict) and metadata.get(MESSAGE_KEY) == key:
            return turns_of({"events": events[start + 1 : end]})
    return None


async def _tracker(
    client: httpx.AsyncClient, settings: Settings, sender: str, *, with_events: bool = True
) -> Any:
    """The conversation as Rasa's store holds it: every session's events, or (without them)
    only its slots and active form."""
    assert settings.rasa_api_token is not None  # the callers check it first
    params = {"token": settings.rasa_api_token.get_secret_value()}
    if not with_events:
        params["include_events"] = "NONE"
    response = await _rasa(client, settings, "GET", _tracker_path(sender), params=params)
    return _json(response)


async def history(*, settings: Settings, sender: str) -> list[Turn]:
    """The conversation so far, as the page shows it; [] for a conversation Rasa never had."""
    if settings.rasa_api_token is None:
        logger.error("RASA_API_TOKEN is not set: conversations cannot be shown again on reload")
        return []
    try:
        async with httpx.AsyncClient(timeout=_TIMEOUT) as client:
            tracker = await _tracker(client, settings, sender)
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        logger.error("Could not read a conversation back from Rasa: %s", type(error).__name__)
        raise AssistantUnavailableError from error
    return turns_of(tracker)


def turns_of(tracker: Any) -> list[Turn]:
    """What the page shows of a tracker's events: each message, a pressed button as its words."""
    turns: list[Turn] = []
    titles: dict[str, str] = {}
    events = tracker.get("events") if isinstance(tracker, dict) else None
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict):
            continue
        if event.get("event") == "bot":
            buttons = _buttons((event.get("data") or {}).get("buttons"))
            # Every message of a reply keeps its buttons (the page shows them all), so a
            # pressed button may belong to any of them.
            titles.update({b["payload"]: b["title"] for b in buttons})
            turns.append(
                {"speaker": "assistant", "text": str(event.get("text") or ""), "buttons": buttons}
            )
        elif event.get("event") == "user":
            text = str(event.get("text") or "")
            # A pressed button is shown as its words, as it was when pressed.
            turns.append({"speaker": "person", "text": titles.get(text, text), "buttons": []})
            titles = {}
    return turns


_PARTS = {
    Form.OUTCOMES: "Part 1 of 3: what matters to you",
    Form.LIFE: "Part 2 of 3: your life just now, and what would help",
    Form.EDIT: "Part 3 of 3: your plan so far",
    Form.PLAN_REVIEW: "Looking again at your plan",
}


async def progress(*, settings: Settings, sender: str) -> str:
    """Which part of the conversation the person is in, for the page's progress line."""
    return (await page_state(settings=settings, sender=sender))[0]


async def page_state(*, settings: Settings, sender: str) -> tuple[str, bool | None]:
    """The progress line, and whether the conversation is in Easy Read (None: not chosen),
    from one read of the tracker."""
    try:
        state = await _state(settings=settings, sender=sender)
    except AssistantUnavailableError:
        return "", None
    easy_read = (state.get("slots") or {}).get(Slot.EASY_READ)
    return progress_of(state), easy_read if isinstance(easy_read, bool) else None


def progress_of(state: dict[str, Any]) -> str:
    """The progress line for a tracker: the form it is in, or the stage it has reached."""
    loop = (state.get("active_loop") or {}).get("name")
    stage = (state.get("slots") or {}).get(Slot.STAGE)
    if loop in _PARTS:
        return _PARTS[Form(loop)]
    if stage == Stage.REVIEW:
        return _PARTS[Form.EDIT]
    if stage == Stage.SENT:
        return "Your plan has been sent"
    return ""


@dataclass(frozen=True)
class OutcomeView:
    """One thing that matters, as the person's own page shows it: their words for it, then (each
    only once said) why, what they added when it was read back, what would help with it and who
    could help. A conversation from before any of these were asked simply has none."""

    what: str
    why: str | None = None
    added: list[str] = field(default_factory=list)
    help: str | None = None
    who: str | None = None


def _outcome_view(outcome: dict[str, Any]) -> OutcomeView | None:
    """An entry of the `outcomes` slot (or `pending`) as shown; None if it has no words yet.
    Every key but `what` may be missing or null, and `added` may be any shape: read defensively."""
    what = _text(outcome.get("what"))
    if what is None:
        return None
    added = outcome.get("added")
    return OutcomeView(
        what=what,
        why=_text(outcome.get("why")),
        added=[t for a in added if (t := _text(a)) is not None] if isinstance(added, list) else [],
        help=_text(outcome.get("help")),
        who=_text(outcome.get("who")),
    )


@dataclass(frozen=True)
class PlanView:
    """The person's draft, or the plan they sent, as their own page shows it: everything the
    practitioner receives (bot/actions/plan.py build_payload), in the person's voice."""

    sent: bool
    reference: str | None
    # In their order; a None "why" was skipped.
    outcomes: list[OutcomeView]
    outcomes_skipped: bool
    # (heading in their own voice, their words; None when they chose to skip it), in the order
    # they were asked.
    sections: list[tuple[str, str | None]]
    questions: list[str]
    # (their words, how the flag reads to them: marked urgent, or for the worker to ask about)
    flags: list[tuple[str, str]]
    # A review: each thing that mattered last time, and what they say of it now.
    reviewed: list[ReviewedView] = field(default_factory=list)
    review: bool = False

    @property
    def outcomes_heading(self) -> str:
        """New things that matter, in a review; else what matters."""
        if self.review:
            return NEW_OUTCOMES_FIRST_PERSON
        return HEADINGS_FIRST_PERSON[Part.WHAT_MATTERS]


@dataclass(frozen=True)
class ReviewedView:
    """A thing that mattered, looked at again: last time's words, then each answer now under its
    heading (None when skipped), and how it has gone (None when not chosen)."""

    then: str
    answers: list[tuple[str, str | None]]
    movement: str | None


_REVIEWED_ANSWERS = (
    ("now", Part.REVIEW_NOW),
    ("helped", Part.REVIEW_HELPED),
    ("in_the_way", Part.REVIEW_IN_THE_WAY),
    ("still_matters", Part.REVIEW_STILL_MATTERS),
)


def _reviewed(slots: dict[str, Any]) -> list[ReviewedView]:
    """What a review has said so far about each thing that mattered, in order."""
    under_review = slots.get(Slot.REVIEW_OF)
    if not isinstance(under_review, dict):
        return []
    then = {
        o.get("position"): _text(o.get("what")) or ""
        for o in under_review.get("outcomes") or []
        if isinstance(o, dict)
    }
    said = [r for r in slots.get(Slot.REVIEWED) or [] if isinstance(r, dict)]
    pending = slots.get(Slot.REVIEW_PENDING)
    if isinstance(pending, dict) and _text(pending.get("now")):
        said.append(pending)
    views = []
    for reviewed in said:
        movement = reviewed.get("movement")
        views.append(
            ReviewedView(
                then=then.get(reviewed.get("position"), ""),
                answers=[
                    (HEADINGS_FIRST_PERSON[part], _text(reviewed.get(key)))
                    for key, part in _REVIEWED_ANSWERS
                ],
                movement=MOVEMENT_LABELS[Movement(movement)] if movement in set(Movement) else None,
            )
        )
    return views


def _text(quote: Any) -> str | None:
    return str(quote["text"]) if isinstance(quote, dict) and "text" in quote else None


def plan_view(slots: dict[str, Any]) -> PlanView:
    """The plan in a conversation's slots; the slots named in contract.conversation.Slot."""
    role = Role.CARER if slots.get(Slot.ROLE) == Role.CARER else Role.PERSON
    answers = slots.get(Slot.ANSWERS) or {}
    skipped = set(slots.get(Slot.SKIPPED) or [])
    review = isinstance(slots.get(Slot.REVIEW_OF), dict)
    # Their own plan, in their own voice: the headings the chat showed them ("Who I look after").
    sections = [
        (HEADINGS_FIRST_PERSON[part], _text(answers.get(part.value)))
        for part in (REVIEW_SECTIONS_FOR if review else SECTIONS_FOR)[role]
        if isinstance(answers.get(part.value), dict) or part.value in skipped
    ]
    said = slots.get(Slot.OUTCOMES)
    entries = [o for o in said if isinstance(o, dict)] if isinstance(said, list) else []
    pending = slots.get(Slot.PENDING) or {}
    if isinstance(pending, dict) and _text(pending.get("what")):
        # Mid-outcome (sent after a disclosure of risk, say): it is sent too.
        entries = [*entries, pending]
    outcomes = [view for entry in entries if (view := _outcome_view(entry)) is not None]
    flags = [
        (text, flag_label_first_person(flag.get("level")))
        for flag in slots.get(Slot.SAFETY_FLAGS) or []
        if isinstance(flag, dict) and (text := _text(flag.get("quote"))) is not None
    ]
    reference = slots.get(Slot.PLAN_REFERENCE)
    return PlanView(
        sent=slots.get(Slot.STAGE) == Stage.SENT,
        reference=str(reference) if reference else None,
        outcomes=outcomes,
        outcomes_skipped=Part.WHAT_MATTERS.value in skipped,
        sections=sections,
        questions=[t for q in slots.get(Slot.QUESTIONS) or [] if (t := _text(q)) is not None],
        flags=flags,
        reviewed=_reviewed(slots),
        review=review,
    )


async def slots(*, settings: Settings, sender: str) -> dict[str, Any]:
    """The conversation's slots (its draft plan lives there); {} for an unknown conversation."""
    return dict((await _state(settings=settings, sender=sender)).get("slots") or {})


async def _state(*, settings: Settings, sender: str) -> dict[str, Any]:
    """The tracker without its events: slots and the active form."""
    if settings.rasa_api_token is None:
        return {}
    try:
        async with httpx.AsyncClient(timeout=_TIMEOUT) as client:
            state = await _tracker(client, settings, sender, with_events=False)
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        logger.error("Could not read a conversation's state: %s", type(error).__name__)
        raise AssistantUnavailableError from error
    return dict(state) if isinstance(state, dict) else {}
