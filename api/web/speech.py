"""Read aloud: the assistant's messages, spoken on our own server by espeak-ng.

Nothing goes to a third party. The route speaks only the assistant's own words: a text of the
domain (cached on disk, so each is made once), or an assistant message of the conversation this
browser holds (its reflect-backs quote the person, so those are made fresh and never kept). The
one exception is the person's own plan, read back when they ask, from their own conversation,
never cached. The page names a message by its key (a sha256 of its text), so no words travel in
a URL or reach a log line.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request, status
from fastapi.responses import FileResponse, JSONResponse, Response

from api.core.config import Settings
from api.core.dependencies import SettingsDep, ThrottleDep, client_address
from api.core.throttle import Limit
from api.web import relay
from api.web.conversation import browser_sender
from api.web.responses import catalogue, parts, text_key
from contract.plan import (
    HEADINGS_FIRST_PERSON,
    MOVEMENT_FIRST_PERSON,
    REVIEWED_FIRST_PERSON,
    SKIPPED_FIRST_PERSON,
    Part,
)

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

ESPEAK = "/usr/bin/espeak-ng"
# Words a minute: a little slower than espeak's 175, for people who take in speech slowly.
RATE = 150
# A message takes espeak-ng well under a second; a long plan a few. Past this it is stuck.
TIMEOUT_SECONDS = 30.0
# The plan read back is capped, so that one request cannot hold a core for minutes; the page
# says the rest is on the page.
MAX_SPOKEN_CHARACTERS = 6000
# Two cores are shared by everything: at most two voices are made at once.
_VOICES = asyncio.Semaphore(2)
_KEY_LENGTH = 64


class SpeechError(Exception):
    """espeak-ng is missing, failed or took too long: the page says listening is unavailable."""


async def synthesize(*, text: str, voice: str, out: Path) -> None:
    """Write `text` spoken in `voice` to `out` as a WAV file.

    An argument list, never a shell; the text goes on standard input, so that words starting
    with "-" can never be read as an option.
    """
    async with _VOICES:
        try:
            process = await asyncio.create_subprocess_exec(
                ESPEAK,
                "-v",
                voice,
                "-s",
                str(RATE),
                "-w",
                str(out),
                "--stdin",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
        except OSError as error:
            logger.error("espeak-ng could not be started: %s", type(error).__name__)
            raise SpeechError from error
        try:
            await asyncio.wait_for(process.communicate(text.encode("utf-8")), TIMEOUT_SECONDS)
        except TimeoutError as error:
            process.kill()
            await process.wait()
            logger.error("espeak-ng took longer than %s seconds", TIMEOUT_SECONDS)
            raise SpeechError from error
        if process.returncode != 0 or not out.exists() or out.stat().st_size <= 44:
            logger.error("espeak-ng failed (exit status %s)", process.returncode)
            raise SpeechError


def cache_path(*, settings: Settings, text: str) -> Path:
    # The voice is part of the key: changing SPEECH_VOICE never serves the old voice.
    key = text_key(f"{settings.speech_voice}\n{text}")
    return Path(settings.speech_cache_dir) / f"{key}.wav"


async def cached_speech(*, settings: Settings, text: str) -> Path:
    """The domain text's WAV, made once. The domain is a few hundred texts, so the cache is
    bounded by the domain itself."""
    path = cache_path(settings=settings, text=text)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # Made beside the cache and renamed into place: a half-written file is never served.
    handle, name = tempfile.mkstemp(dir=path.parent, suffix=".part")
    os.close(handle)
    try:
        await synthesize(text=text, voice=settings.speech_voice, out=Path(name))
        Path(name).replace(path)
    finally:
        Path(name).unlink(missing_ok=True)
    return path


async def fresh_speech(*, settings: Settings, text: str) -> bytes:
    """Speech for words that may be the person's own: made, sent and not kept."""
    with tempfile.TemporaryDirectory(prefix="wm-speech-") as directory:
        out = Path(directory) / "speech.wav"
        await synthesize(text=text, voice=settings.speech_voice, out=out)
        return out.read_bytes()


def _refusal(code: int, error: str, retry_after: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    body: dict[str, object] = {"error": error}
    if retry_after:
        body["retry_after"] = retry_after
    return JSONResponse(body, status_code=code, headers=headers)


def _wav(content: bytes) -> Response:
    return Response(content, media_type="audio/wav", headers={"Cache-Control": "no-store"})


async def _throttled(request: Request, throttle: ThrottleDep) -> JSONResponse | None:
    client = client_address(request)
    refusal = throttle.check(Limit.SPEECH_CLIENT, client)
    if refusal is not None:
        return _refusal(status.HTTP_429_TOO_MANY_REQUESTS, "too_many", refusal.retry_after_seconds)
    throttle.count(Limit.SPEECH_CLIENT, client)
    return None


@router.get("/conversation/speech/{key}")
async def speak_message(
    key: str, request: Request, settings: SettingsDep, throttle: ThrottleDep
) -> Response:
    """One assistant message, spoken: `key` is the sha256 of its text (each turn carries it)."""
    if len(key) != _KEY_LENGTH or any(c not in "0123456789abcdef" for c in key):
        return _refusal(status.HTTP_404_NOT_FOUND, "not_an_assistant_message")
    text = catalogue().literal.get(key)
    try:
        if text is not None:
            # The domain's own words: made once, then served from disk at no cost.
            path = await cached_speech(settings=settings, text=text)
            return FileResponse(path, media_type="audio/wav")
        # Otherwise only an assistant message of this browser's own conversation.
        sender = browser_sender(request, settings)
        if sender is None:
            return _refusal(status.HTTP_404_NOT_FOUND, "not_an_assistant_message")
        refused = await _throttled(request, throttle)
        if refused is not None:
            return refused
        turns = await relay.history(settings=settings, sender=sender)
        said = next(
            (
                text
                for t in turns
                if t["speaker"] == "assistant"
                for text in (t["text"], *parts(t["text"]))
                if text and text_key(text) == key
            ),
            None,
        )
        if said is None:
            return _refusal(status.HTTP_404_NOT_FOUND, "not_an_assistant_message")
        return _wav(await fresh_speech(settings=settings, text=said[:MAX_SPOKEN_CHARACTERS]))
    except relay.AssistantUnavailableError:
        return _refusal(status.HTTP_502_BAD_GATEWAY, "unavailable")
    except SpeechError:
        return _refusal(status.HTTP_503_SERVICE_UNAVAILABLE, "speech_unavailable")


def plan_script(plan: relay.PlanView) -> str:
    """The person's plan as it is read back: each heading, then their words."""
    lines: list[str] = []
    if plan.reviewed:
        lines.append(REVIEWED_FIRST_PERSON + ".")
    for number, thing in enumerate(plan.reviewed, start=1):
        lines.append(f"{number}. Last time: {thing.then}")
        for heading, words in thing.answers:
            lines.append(f"{heading}: {words if words is not None else SKIPPED_FIRST_PERSON}")
        if thing.movement:
            lines.append(f"{MOVEMENT_FIRST_PERSON}: {thing.movement}")
    if plan.outcomes:
        lines.append(plan.outcomes_heading + ".")
        for number, outcome in enumerate(plan.outcomes, start=1):
            lines.append(f"{number}. {outcome.what}")
            if outcome.why:
                lines.append(f"Why: {outcome.why}")
            lines.extend(f"{HEADINGS_FIRST_PERSON[Part.OUTCOME_ADDED]}: {a}" for a in outcome.added)
            if outcome.help:
                lines.append(f"{HEADINGS_FIRST_PERSON[Part.OUTCOME_HELP]}: {outcome.help}")
            if outcome.who:
                lines.append(f"{HEADINGS_FIRST_PERSON[Part.OUTCOME_WHO]}: {outcome.who}")
    for heading, words in plan.sections:
        lines.append(heading + ".")
        # A part they skipped is read as their page shows it (contract/plan.py).
        lines.append(words if words is not None else SKIPPED_FIRST_PERSON)
    return "\n".join(lines)


@router.get("/conversation/plan/speech")
async def speak_plan(request: Request, settings: SettingsDep, throttle: ThrottleDep) -> Response:
    """The person's own plan, read back in their words: only the conversation this browser
    holds, made fresh and never kept."""
    sender = browser_sender(request, settings)
    if sender is None:
        return _refusal(status.HTTP_404_NOT_FOUND, "no_plan")
    refused = await _throttled(request, throttle)
    if refused is not None:
        return refused
    try:
        plan = relay.plan_view(await relay.slots(settings=settings, sender=sender))
        script = plan_script(plan)
        if not script:
            return _refusal(status.HTTP_404_NOT_FOUND, "no_plan")
        return _wav(await fresh_speech(settings=settings, text=script[:MAX_SPOKEN_CHARACTERS]))
    except relay.AssistantUnavailableError:
        return _refusal(status.HTTP_502_BAD_GATEWAY, "unavailable")
    except SpeechError:
        return _refusal(status.HTTP_503_SERVICE_UNAVAILABLE, "speech_unavailable")
