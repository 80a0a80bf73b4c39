"""The resume codes: which conversation each belongs to, kept hashed in SQLite so that codes
outlive restarts. The codes' shape and alphabet are the contract's (contract/formats.py)."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import AbstractContextManager
from datetime import datetime, timedelta, timezone
from enum import Enum
from functools import lru_cache
from pathlib import Path

from bot.actions.settings import get_settings
from bot.actions.store import connect

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
    """Which conversation each resume code belongs to (SQLite, so codes outlive restarts).

    A code works once, for CODE_DAYS days; stopping again gives a new one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS codes ("
                " digest TEXT PRIMARY KEY, sender_id TEXT NOT NULL, issued_at TEXT NOT NULL,"
                " used_at TEXT)"
            )
            # Codes from before they were hashed and single-use: carried over, hashed, with
            # the time they were given, so they still work until they expire.
            old = db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'resume_codes'"
            ).fetchone()
            if old:
                rows = db.execute("SELECT code, sender_id, updated_at FROM resume_codes").fetchall()
                db.executemany(
                    "INSERT OR IGNORE INTO codes (digest, sender_id, issued_at) VALUES (?, ?, ?)",
                    [(_digest(code), sender, issued) for code, sender, issued in rows],
                )
                db.execute("DROP TABLE resume_codes")

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connect(self.path)

    def issue(self, code: str, sender_id: str, *, now: datetime | None = None) -> None:
        """`code` now resumes `sender_id`; any earlier code of that conversation stops working."""
        now = now or datetime.now(tz=timezone.utc)
        with self._connect() as db:
            db.execute("DELETE FROM codes WHERE sender_id = ? AND used_at IS NULL", (sender_id,))
            # Spent codes are kept only as long as they could have been used, to say so kindly.
            db.execute(
                "DELETE FROM codes WHERE issued_at < ?",
                ((now - timedelta(days=CODE_DAYS * 2)).isoformat(),),
            )
            db.execute(
                "INSERT OR REPLACE INTO codes (digest, sender_id, issued_at) VALUES (?, ?, ?)",
                (_digest(code), sender_id, now.isoformat()),
            )

    def state(self, code: str, *, now: datetime | None = None) -> tuple[CodeState, str | None]:
        """Whether the code can be used, and the conversation it belongs to."""
        now = now or datetime.now(tz=timezone.utc)
        with self._connect() as db:
            row = db.execute(
                "SELECT sender_id, issued_at, used_at FROM codes WHERE digest = ?",
                (_digest(code),),
            ).fetchone()
        if row is None:
            return CodeState.UNKNOWN, None
        sender, issued_at, used_at = row
        if used_at or datetime.fromisoformat(issued_at) < now - timedelta(days=CODE_DAYS):
            return CodeState.SPENT, str(sender)
        return CodeState.FOUND, str(sender)

    def use(self, code: str, *, now: datetime | None = None) -> bool:
        """Spend the code; False if it was spent already (two devices at once: one wins)."""
        now = now or datetime.now(tz=timezone.utc)
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE codes SET used_at = ? WHERE digest = ? AND used_at IS NULL",
                (now.isoformat(), _digest(code)),
            )
        return cursor.rowcount == 1


@lru_cache(maxsize=1)
def get_resume_codes() -> ResumeCodes:
    return ResumeCodes(get_settings().resume_codes_path)
