"""Easy Read's pictures: every message and button has one, from our own copy of OpenMoji."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import PICTURES
from api.web import pictures
from api.web.responses import catalogue, text_key
from tests.api.web.conftest import FakeRasa


def test_every_response_and_every_button_has_a_picture_that_is_installed() -> None:
    for name, variations in catalogue().variations.items():
        assert pictures.picture_name(name) is not None, name
        for text in variations:
            assert pictures.message_picture(text) is not None, name
    for code, alt in pictures.PICTURES.values():
        assert (PICTURES / f"{code}.svg").is_file(), code
        assert alt
    # What the domain and the buttons name is one of our pictures (a misspelt name would be
    # no picture at all).
    for name in (*catalogue().pictures.values(), *pictures.BUTTONS.values()):
        assert name in pictures.PICTURES, name


def test_turns_carry_their_picture_and_speech_key_and_the_persons_words_none(
    client: TestClient, rasa: FakeRasa
) -> None:
    question = "Why does that matter to you?"
    turns = pictures.annotate(
        [
            {"speaker": "person", "text": "my garden", "buttons": []},
            {
                "speaker": "assistant",
                "text": question,
                "buttons": [{"title": "Yes", "payload": "/affirm"}],
            },
            {"speaker": "assistant", "text": "Not something we ever say", "buttons": []},
        ]
    )
    assert turns[0] == {"speaker": "person", "text": "my garden", "buttons": []}
    assert turns[1]["picture"] == {"src": "/static/pictures/1F914.svg", "alt": "A thinking face"}
    assert turns[1]["speech"] == text_key(question)
    assert turns[1]["buttons"][0]["picture"] == "/static/pictures/2705.svg"
    assert turns[2]["picture"] is None
    # Served from our own origin.
    svg = client.get("/static/pictures/1F914.svg")
    assert svg.status_code == 200
    assert svg.headers["content-type"] == "image/svg+xml"
