"""Where the API listens for what the bot sends, and for everything else it serves."""

from __future__ import annotations

API_PREFIX = "/api/v1"
# The bot's two calls (its service token only).
PLANS_PATH = f"{API_PREFIX}/plans"
FLAGS_PATH = f"{PLANS_PATH}/flags"
