"""The resume codes: which conversation each belongs to, kept hashed in the action server's
database (bot/actions/store.py) so that codes outlive restarts and work on any replica. The
codes' shape and alphabet are the contract's (contract/formats.py)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from enum import Enum
from functools import lru_cache

from sqlalchemy import delete, insert, select, update

from bot.actions.store import Store, codes, get_store

CODE_DAYS = 30


def _digest(code: str) -> str:
    # Codes are kept hashed, like passwords: the file alone does not let anyone resume. 80
    # random bits need no slow hash.
    return hashlib.sha256(code.encode()).hexdigest()


class CodeState(Enum):
    FOUND = "found"
    UNKNOWN = "unknown"
    # Used already, or older than CODE_DAYS: said kindly, with what to do instead.
    SPENT = "spent"


class ResumeCodes:
    """Which conversation each resume code belongs to.

    A code works once, for CODE_DAYS days; stopping again gives a new one."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def issue(self, code: str, sender_id: str, *, now: datetime | None = None) -> None:
        """`code` now resumes `sender_id`; any earlier code of that conversation stops working."""
        now = now or datetime.now(tz=timezone.utc)
        with self.store.begin() as db:
            db.execute(
                delete(codes).where(codes.c.sender_id == sender_id, codes.c.used_at.is_(None))
            )
            # Spent codes are kept only as long as they could have been used, to say so kindly.
            db.execute(
                delete(codes).where(
                    codes.c.issued_at < (now - timedelta(days=CODE_DAYS * 2)).isoformat()
                )
            )
            db.execute(delete(codes).where(codes.c.digest == _digest(code)))
            db.execute(
                insert(codes).values(
                    digest=_digest(code), sender_id=sender_id, issued_at=now.isoformat()
                )
            )

    def state(self, code: str, *, now: datetime | None = None) -> tuple[CodeState, str | None]:
        """Whether the code can be used, and the conversation it belongs to."""
        now = now or datetime.now(tz=timezone.utc)
        with self.store.begin() as db:
            row = db.execute(
                select(codes.c.sender_id, codes.c.issued_at, codes.c.used_at).where(
                    codes.c.digest == _digest(code)
                )
            ).first()
        if row is None:
            return CodeState.UNKNOWN, None
        sender, issued_at, used_at = row
        if used_at or datetime.fromisoformat(issued_at) < now - timedelta(days=CODE_DAYS):
            return CodeState.SPENT, str(sender)
        return CodeState.FOUND, str(sender)

    def use(self, code: str, *, now: datetime | None = None) -> bool:
        """Spend the code; False if it was spent already (two devices, or two replicas, at
        once: the database lets one win)."""
        now = now or datetime.now(tz=timezone.utc)
        with self.store.begin() as db:
            result = db.execute(
                update(codes)
                .where(codes.c.digest == _digest(code), codes.c.used_at.is_(None))
                .values(used_at=now.isoformat())
            )
        return bool(result.rowcount == 1)


@lru_cache(maxsize=1)
def get_resume_codes() -> ResumeCodes:
    return ResumeCodes(get_store())
