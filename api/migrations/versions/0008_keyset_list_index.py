"""The practitioners' list reads its index from a cursor on: (urgent, received_at, id).

The list is ordered by urgent, then received_at, then id, and a page after a cursor compares
all three (api/plans/service.py list_plans). The index before this covered only the first two,
so a deep page sorted the ties again; with id in it, a page costs the same at any depth.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_plans_urgent_received_at_id", "plans", ["urgent", "received_at", "id"])
    op.drop_index("ix_plans_urgent_received_at", table_name="plans")


def downgrade() -> None:
    op.create_index("ix_plans_urgent_received_at", "plans", ["urgent", "received_at"])
    op.drop_index("ix_plans_urgent_received_at_id", table_name="plans")
