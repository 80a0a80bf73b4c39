"""Outcome areas: the Talking Points areas suggested for, and confirmed on, each outcome.

A new table only; nothing already stored changes. It refers to plan_items, so a later
migration that rebuilds plan_items on SQLite (batch mode) must keep its ids.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied rather than imported from the models, as in the migrations before.
AREAS = (
    "feeling_safe",
    "things_to_do",
    "seeing_people",
    "staying_well",
    "living_as_you_want",
    "dealing_with_stigma",
    "listened_to",
    "having_a_say",
    "treated_with_respect",
    "responded_to",
    "reliability",
    "confidence_and_morale",
    "skills",
    "mobility",
    "reduced_symptoms",
    "carer_cared_for_quality_of_life",
    "carer_health_and_wellbeing",
    "carer_life_of_their_own",
    "carer_positive_relationship",
    "carer_finances",
    "carer_choices_in_caring",
    "carer_informed_and_equipped",
    "carer_satisfaction_in_caring",
    "carer_partnership_with_services",
    "carer_valued_and_respected",
    "carer_having_a_say",
    "carer_flexible_services",
    "carer_relationships_with_practitioners",
    "carer_accessible_services",
)


def upgrade() -> None:
    op.create_table(
        "outcome_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column(
            "area",
            sa.Enum(
                *AREAS, name="outcome_area", native_enum=False, create_constraint=True, length=50
            ),
            nullable=False,
        ),
        sa.Column("suggested", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outcome_areas"),
        sa.UniqueConstraint("item_id", "area", name="uq_outcome_areas_item_id_area"),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["plan_items.id"],
            name="fk_outcome_areas_item_id_plan_items",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["practitioners.id"],
            name="fk_outcome_areas_confirmed_by_id_practitioners",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_outcome_areas_item_id", "outcome_areas", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_outcome_areas_item_id", table_name="outcome_areas")
    op.drop_table("outcome_areas")
