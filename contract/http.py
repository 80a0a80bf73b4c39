"""Where the API listens for what the bot sends, and for everything else it serves."""

from __future__ import annotations

API_PREFIX = "/api/v1"
# The bot's two calls (its service token only).
PLANS_PATH = f"{API_PREFIX}/plans"
FLAGS_PATH = f"{PLANS_PATH}/flags"
# A review invitation's code, claimed by the bot for one conversation (its service token only):
# what the review quotes back to the person. A practitioner makes invitations under a plan
# (PLANS_PATH/{id}/reviews).
REVIEW_CLAIM_PATH = f"{API_PREFIX}/reviews/claim"
