"""Slowing down guessing: sign-in per account and per client, resume codes per client.

Counts live in memory by default (one API process), or in Redis when RATE_LIMIT_STORAGE_URL
says so, so that several API processes share them. A caller over a limit gets 429 with
Retry-After, and is not even checked: the right password during a lock-out is refused too.

While the shared store cannot be reached (Redis restarting), nothing is let through unchecked:
the caller gets 503 with a short Retry-After (api/main.py), which the conversation page waits
out by itself.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum

from limits import RateLimitItem, RateLimitItemPerMinute, storage
from limits.strategies import MovingWindowRateLimiter


class Limit(Enum):
    # Someone trying passwords on one account: ten wrong in a quarter of an hour is not a typo.
    SIGN_IN_ACCOUNT = RateLimitItemPerMinute(10, 15)
    # One client trying many accounts (or one account under many spellings).
    SIGN_IN_CLIENT = RateLimitItemPerMinute(30, 15)
    # Resume codes: a person mistypes a few times; nobody needs more than ten tries in 15 min.
    RESUME_CLIENT = RateLimitItemPerMinute(10, 15)
    # Review codes the bot claims for a conversation: a real code is claimed once, so many
    # wrong ones from one conversation are guesses (the page's own per-client limit on
    # code-shaped messages counts them too).
    REVIEW_CLAIM_CONVERSATION = RateLimitItemPerMinute(10, 15)
    # Read aloud of words that are not the domain's (reflect-backs, the person's own plan):
    # each is made fresh, so a client gets 60 in 15 minutes, more than a person listening to
    # every message needs, too few to use our server as a free speech engine.
    SPEECH_CLIENT = RateLimitItemPerMinute(60, 15)


@dataclass(frozen=True)
class Refusal:
    retry_after_seconds: int


def _key(value: str) -> str:
    # Emails and addresses are kept hashed in the store, which may be a shared Redis.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


class ThrottleUnavailableError(Exception):
    """The counts' store cannot be reached: the request waits, rather than go unchecked."""


class Throttle:
    def __init__(self, storage_url: str) -> None:
        self.storage = storage.storage_from_string(storage_url, key_prefix="whatmatters")
        self.limiter = MovingWindowRateLimiter(self.storage)

    def check(self, limit: Limit, *values: str) -> Refusal | None:
        """A refusal if `values` (an account, a client) used up `limit`; None to go ahead."""
        item: RateLimitItem = limit.value
        keys = [limit.name, *(_key(v) for v in values)]
        with self._store():
            if self.limiter.test(item, *keys):
                return None
            reset_at, _remaining = self.limiter.get_window_stats(item, *keys)
        return Refusal(retry_after_seconds=max(1, math.ceil(reset_at - time.time())))

    def count(self, limit: Limit, *values: str) -> None:
        with self._store():
            self.limiter.hit(limit.value, limit.name, *(_key(v) for v in values))

    @contextmanager
    def _store(self) -> Iterator[None]:
        """The store's own errors (Redis away) as ThrottleUnavailableError."""
        try:
            yield
        except self.storage.base_exceptions as error:
            raise ThrottleUnavailableError(type(error).__name__) from error
