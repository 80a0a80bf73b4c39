"""Where the three services listen by default, and which settings are secrets.

Read by the API's and the action server's settings, by scripts/stack.py (which starts them) and
by scripts/ensure_env.py (which makes the secrets), so each is written once.
"""

from __future__ import annotations

# Every service listens on loopback only; the API is the single public front door.
HOST = "127.0.0.1"
API_PORT = 8000
ACTIONS_PORT = 5055
RASA_PORT = 5005

# Required, never given a default: a guessable value would let anyone sign tokens, post plans,
# read conversations or run the bot's actions. ensure_env.py gives each a random value.
SECRETS = ("SECRET_KEY", "BOT_SERVICE_TOKEN", "RASA_API_TOKEN", "ACTION_SERVER_TOKEN")


def local_url(port: int) -> str:
    return f"http://{HOST}:{port}"
