from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.database import Base, UTCDateTime, utcnow


class PractitionerRole(StrEnum):
    PRACTITIONER = "practitioner"
    # A lead also reads the audit log: who read, exported, changed or linked which plan.
    LEAD = "lead"


class Practitioner(Base):
    __tablename__ = "practitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-case (see service.normalise_email) so sign-in does not depend on case.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    role: Mapped[str] = mapped_column(
        String(20), default=PractitionerRole.PRACTITIONER.value, server_default="practitioner"
    )

    @property
    def is_lead(self) -> bool:
        return self.role == PractitionerRole.LEAD.value

    def __repr__(self) -> str:
        return f"Practitioner(id={self.id!r}, email={self.email!r})"
