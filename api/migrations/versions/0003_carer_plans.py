"""Carers' plans: plans.role, the person's reference a carer gave, links, the carer's sections.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied rather than imported from the models, as in 0002.
PARTS_BEFORE = (
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
CARER_PARTS = (
    "cared_for",
    "caring_role",
    "caring_impact",
    "person_matters",
    "person_matters_why",
    "keep_caring",
    "emergency_plan",
    "need_break",
)
PARTS_AFTER = (*PARTS_BEFORE, *CARER_PARTS)
SECTIONS_BEFORE = (*PARTS_BEFORE, "question")
SECTIONS_AFTER = (*PARTS_AFTER, "question")
# The CHECK names as 0001 and 0002 left them (see 0002 on the naming convention).
SECTION_CHECK = "ck_plan_items_plan_item_section"
PART_CHECK = "ck_plan_skips_plan_skip_part"


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _checks(sections: Sequence[str], parts: Sequence[str]) -> None:
    # Batch mode rebuilds these two tables on SQLite; no other table refers to either.
    with op.batch_alter_table("plan_items") as batch:
        batch.drop_constraint(SECTION_CHECK, type_="check")
        batch.create_check_constraint(SECTION_CHECK, _in("section", sections))
    with op.batch_alter_table("plan_skips") as batch:
        batch.drop_constraint(PART_CHECK, type_="check")
        batch.create_check_constraint(PART_CHECK, _in("part", parts))


def upgrade() -> None:
    # Plain ADD COLUMN (never a rebuild of `plans`): every plan so far is a person's own.
    op.add_column(
        "plans",
        sa.Column(
            "role",
            sa.Enum("person", "carer", name="plan_role", native_enum=False, length=10),
            server_default="person",
            nullable=False,
        ),
    )
    op.create_index("ix_plans_role", "plans", ["role"])
    op.add_column("plans", sa.Column("person_reference", sa.String(length=20), nullable=True))
    _checks(SECTIONS_AFTER, PARTS_AFTER)
    op.create_table(
        "plan_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_plan_id", sa.Integer(), nullable=False),
        sa.Column("carer_plan_id", sa.Integer(), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_links"),
        sa.UniqueConstraint(
            "person_plan_id", "carer_plan_id", name="uq_plan_links_person_plan_id_carer_plan_id"
        ),
        sa.ForeignKeyConstraint(
            ["person_plan_id"],
            ["plans.id"],
            name="fk_plan_links_person_plan_id_plans",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["carer_plan_id"],
            ["plans.id"],
            name="fk_plan_links_carer_plan_id_plans",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["linked_by_id"],
            ["practitioners.id"],
            name="fk_plan_links_linked_by_id_practitioners",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_plan_links_person_plan_id", "plan_links", ["person_plan_id"])
    op.create_index("ix_plan_links_carer_plan_id", "plan_links", ["carer_plan_id"])


def downgrade() -> None:
    # Going back loses what 0002 cannot hold: carers' plans, their links and carers' sections.
    op.drop_table("plan_links")
    op.execute(sa.text("DELETE FROM plans WHERE role = 'carer'"))
    op.execute(sa.text(f"DELETE FROM plan_items WHERE {_in('section', CARER_PARTS)}"))  # noqa: S608
    op.execute(sa.text(f"DELETE FROM plan_skips WHERE {_in('part', CARER_PARTS)}"))  # noqa: S608
    _checks(SECTIONS_BEFORE, PARTS_BEFORE)
    op.drop_column("plans", "person_reference")
    op.drop_index("ix_plans_role", table_name="plans")
    op.drop_column("plans", "role")
