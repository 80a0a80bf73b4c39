"""Read aloud: the assistant's words spoken by espeak-ng on our server, and nothing else."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.core.config import Settings
from api.web import speech
from api.web.responses import catalogue, text_key
from contract.conversation import Slot
from tests.api.web.conftest import FakeRasa

QUESTION = "Why does that matter to you?"
# A reflect-back: the assistant's message, with the person's words in it.
REFLECT = "Thank you. Here is what I heard.\n\nWhat matters to you: “my garden”"


@pytest.fixture(autouse=True)
def speech_cache(settings: Settings, tmp_path: Path) -> Path:
    settings.speech_cache_dir = str(tmp_path / "speech")
    return tmp_path / "speech"


def wav_seconds(content: bytes) -> float:
    """The length of a PCM WAV file, read from its header and its data chunk's size."""
    assert content[:4] == b"RIFF"
    assert content[8:12] == b"WAVE"
    assert struct.unpack("<I", content[4:8])[0] == len(content) - 8
    assert content[12:16] == b"fmt "
    audio_format, channels, rate, byte_rate, _align, bits = struct.unpack("<HHIIHH", content[20:36])
    assert (audio_format, channels, rate, bits) == (1, 1, 22050, 16)
    assert content[36:40] == b"data"
    size: int = struct.unpack("<I", content[40:44])[0]
    assert size == len(content) - 44
    return size / int(byte_rate)


def plausible(seconds: float, text: str) -> bool:
    # At 150 words a minute a word takes 0.4 s; espeak adds pauses at full stops and commas.
    words = len(text.split())
    return 0.25 * words <= seconds <= 0.8 * words + 1.5


def test_a_domain_message_is_spoken_as_a_wav_of_plausible_length_and_cached(
    client: TestClient, settings: Settings, speech_cache: Path
) -> None:
    assert QUESTION in catalogue().literal.values()
    response = client.get(f"/conversation/speech/{text_key(QUESTION)}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    assert plausible(wav_seconds(response.content), QUESTION)
    cached = speech.cache_path(settings=settings, text=QUESTION)
    assert cached.parent == speech_cache
    assert cached.read_bytes() == response.content
    # Served again from the cache, byte for byte.
    assert client.get(f"/conversation/speech/{text_key(QUESTION)}").content == response.content


@pytest.mark.parametrize(
    "key",
    [
        text_key("Anything an attacker would like said aloud"),
        text_key("my garden"),
        "not-a-key",
        "0" * 64,
    ],
)
def test_text_that_is_not_an_assistant_message_is_refused(
    client: TestClient, rasa: FakeRasa, key: str, speech_cache: Path
) -> None:
    # Even with a conversation, whose tracker holds the person's own words.
    client.post("/conversation/messages", json={"text": "my garden"})
    rasa.body = json.dumps(
        {"events": [{"event": "user", "text": "my garden"}, {"event": "bot", "text": REFLECT}]}
    ).encode()

    response = client.get(f"/conversation/speech/{key}")

    assert response.status_code == 404
    assert response.json() == {"error": "not_an_assistant_message"}
    assert not speech_cache.exists()


def test_an_assistant_message_of_this_conversation_is_spoken_fresh_and_not_kept(
    client: TestClient, rasa: FakeRasa, speech_cache: Path
) -> None:
    client.post("/conversation/messages", json={"text": "my garden"})
    rasa.body = json.dumps(
        {"events": [{"event": "user", "text": "my garden"}, {"event": "bot", "text": REFLECT}]}
    ).encode()

    response = client.get(f"/conversation/speech/{text_key(REFLECT)}")

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert plausible(wav_seconds(response.content), REFLECT)
    assert not speech_cache.exists()
    # Another browser, without this conversation, cannot have it spoken.
    with TestClient(client.app) as stranger:
        assert stranger.get(f"/conversation/speech/{text_key(REFLECT)}").status_code == 404


def test_fresh_speech_is_throttled_per_client(client: TestClient, rasa: FakeRasa) -> None:
    client.post("/conversation/messages", json={"text": "my garden"})
    rasa.body = json.dumps({"events": [{"event": "bot", "text": REFLECT}]}).encode()
    for _ in range(60):
        assert client.get(f"/conversation/speech/{text_key('unknown')}").status_code == 404

    refused = client.get(f"/conversation/speech/{text_key(REFLECT)}")

    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    # The domain's own words, from the cache, are still spoken.
    assert client.get(f"/conversation/speech/{text_key(QUESTION)}").status_code == 200


def test_my_plan_is_read_back_in_my_words_only_for_this_browser(
    client: TestClient, rasa: FakeRasa, speech_cache: Path
) -> None:
    assert client.get("/conversation/plan/speech").status_code == 404
    client.post("/conversation/messages", json={"text": "hello"})
    rasa.slots = {
        Slot.OUTCOMES.value: [{"what": {"text": "Getting out to my garden"}, "why": None}],
        Slot.ANSWERS.value: {},
    }

    response = client.get("/conversation/plan/speech")

    assert response.status_code == 200
    script = "What matters to me.\n1. Getting out to my garden"
    assert plausible(wav_seconds(response.content), script)
    assert not speech_cache.exists()


def test_each_paragraph_rasa_sends_as_a_message_of_its_own_is_spoken(
    client: TestClient, rasa: FakeRasa
) -> None:
    # The REST channel sends a text with blank lines as one message per paragraph.
    first, second = REFLECT.split("\n\n")
    assert first in catalogue().literal.values()
    assert client.get(f"/conversation/speech/{text_key(first)}").status_code == 200
    client.post("/conversation/messages", json={"text": "my garden"})
    rasa.body = json.dumps({"events": [{"event": "bot", "text": REFLECT}]}).encode()
    response = client.get(f"/conversation/speech/{text_key(second)}")
    assert response.status_code == 200
    assert plausible(wav_seconds(response.content), second)
