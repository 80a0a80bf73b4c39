"""Practitioners, plans, the plans' quotes (plan_items) and practitioners' notes.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied rather than imported from the models: a migration must keep meaning what it meant
# when it was written, whatever the models become.
PLAN_STATUSES = ("new", "in_progress", "contacted", "closed")
SECTIONS = (
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


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    op.create_table(
        "practitioners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_practitioners"),
        sa.UniqueConstraint("email", name="uq_practitioners_email"),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column(
            "status",
            sa.Enum(*PLAN_STATUSES, name="plan_status", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("assigned_to_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
        sa.UniqueConstraint("reference", name="uq_plans_reference"),
        sa.UniqueConstraint("conversation_id", name="uq_plans_conversation_id"),
        sa.CheckConstraint(_in("status", PLAN_STATUSES), name="ck_plans_plan_status"),
        sa.ForeignKeyConstraint(
            ["assigned_to_id"],
            ["practitioners.id"],
            name="fk_plans_assigned_to_id_practitioners",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_plans_received_at", "plans", ["received_at"])
    op.create_index("ix_plans_assigned_to_id", "plans", ["assigned_to_id"])
    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column(
            "section",
            sa.Enum(*SECTIONS, name="plan_item_section", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        # Text: the person's words, any length, stored exactly.
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.Column("said_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_items"),
        sa.UniqueConstraint(
            "plan_id", "section", "position", name="uq_plan_items_plan_id_section_position"
        ),
        sa.CheckConstraint(_in("section", SECTIONS), name="ck_plan_items_plan_item_section"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_plan_items_plan_id_plans", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "plan_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_notes"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_plan_notes_plan_id_plans", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["practitioners.id"], name="fk_plan_notes_author_id_practitioners"
        ),
    )
    op.create_index("ix_plan_notes_plan_id", "plan_notes", ["plan_id"])


def downgrade() -> None:
    op.drop_index("ix_plan_notes_plan_id", table_name="plan_notes")
    op.drop_table("plan_notes")
    op.drop_table("plan_items")
    op.drop_index("ix_plans_assigned_to_id", table_name="plans")
    op.drop_index("ix_plans_received_at", table_name="plans")
    op.drop_table("plans")
    op.drop_table("practitioners")
