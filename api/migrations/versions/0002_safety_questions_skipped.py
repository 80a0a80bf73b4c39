"""Safety flags (plan_flags, plans.urgent), the person's questions and the parts they skipped.

Questions are plan_items in a new section, `question`; safety flags get their own table, and
`plans.urgent` (true once a plan has a flag) is what the practitioners' list sorts on first.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied rather than imported from the models: a migration must keep meaning what it meant
# when it was written, whatever the models become.
PARTS = (
    "what_matters",
    "why_it_matters",
    "working_well",
    "not_working",
    "strengths",
    "people",
    "what_would_help",
    "who_could_help",
    "anything_else",
)
SECTIONS_BEFORE = PARTS
SECTIONS_AFTER = (*PARTS, "question")
# env.py gives Alembic the models' naming convention, which prefixes CHECK names with
# "ck_<table>_": in the database this one is ck_plan_items_ck_plan_items_plan_item_section,
# as 0001 created it, and this name finds it on both databases.
SECTION_CHECK = "ck_plan_items_plan_item_section"


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _section_check(sections: Sequence[str]) -> None:
    # On SQLite, batch mode rebuilds the table (copying its rows) to change a CHECK constraint.
    # Safe here: no other table refers to plan_items. Never rebuild `plans` this way: dropping
    # the old table would cascade to every plan's quotes and notes (see env.py).
    with op.batch_alter_table("plan_items") as batch:
        batch.drop_constraint(SECTION_CHECK, type_="check")
        batch.create_check_constraint(SECTION_CHECK, _in("section", sections))


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN, which SQLite has too: the existing plans are not urgent.
    op.add_column(
        "plans", sa.Column("urgent", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_index("ix_plans_urgent_received_at", "plans", ["urgent", "received_at"])
    _section_check(SECTIONS_AFTER)
    op.create_table(
        "plan_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        # Text: the person's words, any length, stored exactly.
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.Column("said_at", sa.DateTime(timezone=True), nullable=False),
        # Comma-separated safety categories, e.g. "suicide,self_harm".
        sa.Column("categories", sa.String(length=100), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_flags"),
        sa.UniqueConstraint("plan_id", "message_id", name="uq_plan_flags_plan_id_message_id"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_plan_flags_plan_id_plans", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "plan_skips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column(
            "part",
            sa.Enum(*PARTS, name="plan_skip_part", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_skips"),
        sa.UniqueConstraint("plan_id", "part", name="uq_plan_skips_plan_id_part"),
        sa.CheckConstraint(_in("part", PARTS), name="ck_plan_skips_plan_skip_part"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_plan_skips_plan_id_plans", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    # Going back loses what 0001 cannot hold: flags, skipped parts and questions.
    op.drop_table("plan_skips")
    op.drop_table("plan_flags")
    op.execute(sa.text("DELETE FROM plan_items WHERE section = 'question'"))
    _section_check(SECTIONS_BEFORE)
    op.drop_index("ix_plans_urgent_received_at", table_name="plans")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a rebuild of `plans`.
    op.drop_column("plans", "urgent")
