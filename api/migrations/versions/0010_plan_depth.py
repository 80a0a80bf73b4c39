"""Plan depth: each answer's question and mark, several quotes per outcome part, match consent.

Every quote (plan_items and plan_flags) gains `asked`, the question exactly as the person read
it, and `follows`, a mark: it came after an example was offered, or with or just after a safety
check. Both are NULL for the quotes already stored: nobody knows now what they were asked.

An outcome's parts (what, why, what would help, who could help) are plan_items at the outcome's
position, as before; what the person added when it was read back may be several quotes, so
plan_items gains `ordinal` (0 for every quote already stored, and every quote but an addition)
and the unique constraint takes it in. The new parts themselves need no migration (see 0007).

plans gains `match_consent`: a carer agreed that the name and town of the person they look after
may be used to suggest a match to a practitioner. False for every plan already stored.

Revision ID: 0010
Revises: 0009
Create Date: 2027-01-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied rather than imported from the contract, as in the migrations before.
FOLLOWS = ("prompt", "safety_check")
OUTCOME_PARTS = ("outcome_added", "outcome_help", "outcome_who")


def _follows() -> sa.Column[str]:
    return sa.Column(
        "follows",
        sa.Enum(*FOLLOWS, name="quote_follows", native_enum=False, length=20),
        nullable=True,
    )


def upgrade() -> None:
    # Batch mode rebuilds plan_items on SQLite to change its unique constraint, keeping every
    # row and id (env.py turns SQLite's foreign keys off while migrating, so outcome_areas,
    # which refers to plan_items, is not touched).
    with op.batch_alter_table("plan_items") as batch:
        batch.add_column(sa.Column("ordinal", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("asked", sa.Text(), nullable=True))
        batch.add_column(_follows())
        batch.drop_constraint("uq_plan_items_plan_id_section_position", type_="unique")
        batch.create_unique_constraint(
            "uq_plan_items_plan_id_section_position_ordinal",
            ["plan_id", "section", "position", "ordinal"],
        )
    with op.batch_alter_table("plan_flags") as batch:
        batch.add_column(sa.Column("asked", sa.Text(), nullable=True))
        batch.add_column(_follows())
    with op.batch_alter_table("plans") as batch:
        batch.add_column(
            sa.Column("match_consent", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    # Going back loses what 0009 cannot hold or read: the questions asked, the marks, the
    # consent, and each outcome's additions, help and who could help (the code of 0009 knows
    # no such parts). Every other quote stays as it was.
    parts = ", ".join(repr(part) for part in OUTCOME_PARTS)
    # SQLite's foreign keys are off while migrating, so its cascade is done by hand.
    outcome_items = f"SELECT id FROM plan_items WHERE section IN ({parts})"  # noqa: S608
    op.execute(sa.text(f"DELETE FROM outcome_areas WHERE item_id IN ({outcome_items})"))  # noqa: S608
    op.execute(sa.text(f"DELETE FROM plan_items WHERE section IN ({parts})"))  # noqa: S608
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("match_consent")
    with op.batch_alter_table("plan_flags") as batch:
        batch.drop_column("follows")
        batch.drop_column("asked")
    with op.batch_alter_table("plan_items") as batch:
        batch.drop_constraint("uq_plan_items_plan_id_section_position_ordinal", type_="unique")
        batch.create_unique_constraint(
            "uq_plan_items_plan_id_section_position", ["plan_id", "section", "position"]
        )
        batch.drop_column("follows")
        batch.drop_column("asked")
        batch.drop_column("ordinal")
