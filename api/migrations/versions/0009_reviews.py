"""Reviews: a plan's kind and the plan it reviews, review invitations, reviewed outcomes.

A review is a plan of its own (plans.kind = 'review') linked to the plan it reviews
(plans.reviews_plan_id, ON DELETE SET NULL: removing one record never removes another's
words). Its answers about each thing that mattered are ordinary plan_items, with the
contract's review parts as section (no migration: see 0007), and one reviewed_outcomes row per
outcome it went over, with the movement the person chose. review_invitations keeps only the
SHA-256 digest of each code. Every plan already stored is a first plan: kind 'plan'.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied rather than imported from the contract, as in the migrations before.
KINDS = ("plan", "review")
MOVEMENTS = ("better", "same", "worse", "rather_not_say")
REVIEW_PARTS = ("review_now", "review_helped", "review_in_the_way", "review_still_matters")


def upgrade() -> None:
    # Batch mode rebuilds `plans` on SQLite to add the foreign key, keeping every row and id
    # (env.py turns SQLite's foreign keys off while migrating, so no child row is touched).
    with op.batch_alter_table("plans") as batch:
        batch.add_column(
            sa.Column(
                "kind",
                sa.Enum(*KINDS, name="plan_kind", native_enum=False, length=10),
                server_default="plan",
                nullable=False,
            )
        )
        batch.add_column(sa.Column("reviews_plan_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_plans_reviews_plan_id_plans",
            "plans",
            ["reviews_plan_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_plans_kind", ["kind"])
        batch.create_index("ix_plans_reviews_plan_id", ["reviews_plan_id"])
    op.create_table(
        "review_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=255), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_plan_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_review_invitations"),
        sa.UniqueConstraint("code_digest", name="uq_review_invitations_code_digest"),
        sa.UniqueConstraint("review_plan_id", name="uq_review_invitations_review_plan_id"),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name="fk_review_invitations_plan_id_plans",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["practitioners.id"],
            name="fk_review_invitations_created_by_id_practitioners",
        ),
        sa.ForeignKeyConstraint(
            ["review_plan_id"],
            ["plans.id"],
            name="fk_review_invitations_review_plan_id_plans",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_review_invitations_plan_id", "review_invitations", ["plan_id"])
    op.create_table(
        "reviewed_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "movement",
            sa.Enum(*MOVEMENTS, name="review_movement", native_enum=False, length=20),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reviewed_outcomes"),
        sa.UniqueConstraint("plan_id", "position", name="uq_reviewed_outcomes_plan_id_position"),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name="fk_reviewed_outcomes_plan_id_plans",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    # Going back loses what 0008 cannot hold: invitations, movements and a review's answers
    # about each thing that mattered. A review's other words (new outcomes, anything else)
    # stay, as a plan: its row cannot go, as the append-only audit log may refer to it.
    op.drop_table("reviewed_outcomes")
    op.drop_index("ix_review_invitations_plan_id", table_name="review_invitations")
    op.drop_table("review_invitations")
    parts = ", ".join(repr(part) for part in REVIEW_PARTS)
    # SQLite's foreign keys are off while migrating, so its cascade is done by hand.
    review_items = f"SELECT id FROM plan_items WHERE section IN ({parts})"  # noqa: S608
    op.execute(sa.text(f"DELETE FROM outcome_areas WHERE item_id IN ({review_items})"))  # noqa: S608
    op.execute(sa.text(f"DELETE FROM plan_items WHERE section IN ({parts})"))  # noqa: S608
    with op.batch_alter_table("plans") as batch:
        batch.drop_index("ix_plans_reviews_plan_id")
        batch.drop_index("ix_plans_kind")
        batch.drop_constraint("fk_plans_reviews_plan_id_plans", type_="foreignkey")
        batch.drop_column("reviews_plan_id")
        batch.drop_column("kind")
