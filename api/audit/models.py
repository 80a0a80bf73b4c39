from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from api.core.database import Base, UTCDateTime, utcnow


class AuditAction(StrEnum):
    READ = "read"
    EXPORT = "export"
    CHANGE = "change"
    NOTE = "note"
    LINK = "link"
    UNLINK = "unlink"


class AuditEvent(Base):
    """Who did what to which plan, and when. Append-only: see the guard below."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_plan_id_at", "plan_id", "at"),
        Index("ix_audit_events_practitioner_id_at", "practitioner_id", "at"),
        CheckConstraint(
            "action IN ('read', 'export', 'change', 'note', 'link', 'unlink')",
            name="audit_action",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    action: Mapped[str] = mapped_column(String(20))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    # What changed, in our words ("status: new -> contacted"), never the person's.
    detail: Mapped[str | None] = mapped_column(String(200), default=None)


class AuditLogIsAppendOnlyError(RuntimeError):
    pass


def _refuse(*_: Any) -> None:
    raise AuditLogIsAppendOnlyError("audit events are never changed or deleted")


# The product never changes or deletes an entry; make any code that tries fail loudly.
# (PostgreSQL also refuses at the database, by a trigger from migration 0004.)
event.listen(AuditEvent, "before_update", _refuse)
event.listen(AuditEvent, "before_delete", _refuse)
