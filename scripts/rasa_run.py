"""`rasa run`, with the HTTP API token taken from the environment rather than the command line.

Any local user can read every process's command line (/proc/<pid>/cmdline), but only the owner
can read its environment. Rasa 3.6 reads --auth-token only from its arguments, so this wrapper
hands it over inside the process: the arguments Rasa parses are not the ones the kernel shows.
Run with the bot's Python: `.venv-bot/bin/python -m scripts.rasa_run run --model ...`.
"""

from __future__ import annotations

import logging
import os
import re
import sys

_TOKEN = re.compile(r"(token=)[^&'\s]+")


class _RedactToken(logging.Filter):
    """Sanic logs the URL of a request that failed, and the URLs of Rasa's HTTP API carry the
    token (`?token=`): it is replaced before the line is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "token=" in message:
            record.msg, record.args = _TOKEN.sub(r"\1[redacted]", message), None
        return True


def main() -> None:
    token = os.environ.pop("RASA_API_TOKEN", "").strip()
    if not token:
        sys.exit("RASA_API_TOKEN is not set: Rasa's HTTP API must not run without a token.")
    from rasa.__main__ import main as rasa_main

    from bot import rasa_speedups, store_errors

    rasa_speedups.apply()
    store_errors.apply()
    for name in ("sanic.error", "sanic.root", "sanic.access"):
        logging.getLogger(name).addFilter(_RedactToken())

    # One argument with "=": a random token may start with "-", which argparse would otherwise
    # read as an option.
    sys.argv = ["rasa", *sys.argv[1:], f"--auth-token={token}"]
    rasa_main()


if __name__ == "__main__":
    main()
