"""Outcome areas on the things that matter: what was suggested, and what a practitioner
confirmed. Never part of what the person sees, and never sent back to the bot."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from api.core.database import Base, UTCDateTime
from api.themes.areas import Area


class OutcomeArea(Base):
    """One Talking Points area on one outcome (a `what_matters` quote).

    `suggested`: the classifier suggested it. `confirmed`: a practitioner confirmed it, on
    `confirmed_at`; when a practitioner saves an outcome's areas, every row of that outcome
    gets the time, so a suggestion they untick is kept as suggested and not confirmed (which
    is what measuring the suggestions needs). Only confirmed areas are ever counted.
    """

    __tablename__ = "outcome_areas"
    __table_args__ = (UniqueConstraint("item_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("plan_items.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[Area] = mapped_column(
        Enum(
            Area,
            name="outcome_area",
            native_enum=False,
            create_constraint=True,
            length=50,
            values_callable=lambda members: [member.value for member in members],
        )
    )
    suggested: Mapped[bool] = mapped_column(default=False, server_default=false())
    confirmed: Mapped[bool] = mapped_column(default=False, server_default=false())
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("practitioners.id", ondelete="SET NULL")
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
