"""Rasa's token never reaches its logs, even in the URL of a request Sanic reports as failed."""

from __future__ import annotations

import logging

from scripts.rasa_run import _RedactToken


def test_a_failed_requests_url_is_logged_without_its_token() -> None:
    record = logging.LogRecord(
        "sanic.error",
        logging.ERROR,
        __file__,
        1,
        "Exception occurred while handling uri: %s",
        ("'http://127.0.0.1:5005/conversations/abc/tracker?token=s3cr-et_X&include_events=NONE'",),
        None,
    )

    assert _RedactToken().filter(record) is True
    assert record.getMessage() == (
        "Exception occurred while handling uri: "
        "'http://127.0.0.1:5005/conversations/abc/tracker?token=[redacted]&include_events=NONE'"
    )
