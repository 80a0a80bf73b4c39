from __future__ import annotations

from bot.actions.quotes import fill, quote_latest_message
from tests.bot.factories import SAID_AT_ISO, tracker


def test_fill_is_one_pass_so_the_persons_words_are_never_filled_again() -> None:
    assert fill("{what} / {why}", what="{why} 0[ {0} %s", why="x") == "{why} 0[ {0} %s / x"


def test_fill_leaves_unknown_placeholders() -> None:
    assert fill("{what} {other}", what="a") == "a {other}"


def test_quote_is_the_latest_message_exactly_with_its_provenance() -> None:
    text = "  Line one\nline two 🌻 0[ {x} <b>&amp;</b>\t\x07"
    assert quote_latest_message(tracker(text, message_id="abc")) == {
        "text": text,
        "message_id": "abc",
        "said_at": SAID_AT_ISO,
    }
