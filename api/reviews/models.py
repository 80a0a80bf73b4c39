"""Review invitations: a practitioner's invitation to review a plan, and its code's digest.

The code is a bearer secret like a resume code: only its SHA-256 digest is stored, so the
database alone never lets anyone claim an invitation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.core.database import Base, UTCDateTime, utcnow
from api.practitioners.models import Practitioner


class ReviewInvitation(Base):
    __tablename__ = "review_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The plan under review. An invitation means nothing without it.
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    # sha256 hex of the code as we give it (contract.formats.code_format): unique, so a code
    # names one invitation at most.
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    # The practitioner's plain words, which the assistant reads at the start of the review.
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The one conversation (Rasa sender id) that claimed the code, set once by a conditional
    # UPDATE: the first to claim it owns it.
    claimed_by: Mapped[str | None] = mapped_column(String(255))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The review that conversation sent, once received (in the same transaction).
    review_plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="SET NULL"), unique=True
    )

    created_by: Mapped[Practitioner] = relationship(lazy="raise")
