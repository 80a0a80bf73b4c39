"""The parts of a conversation are checked by the contract, not by the database.

plan_items.section and plan_skips.part were CHECKed against a list written into the
migrations, so every new question needed a migration too. The API checks both against
contract.plan on the way in (PlanIn) and the models on the way to and from the database; the
columns stay as they are (30 characters). Nothing stored changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The CHECK names as 0001 and 0002 left them (see 0002 on the naming convention), and the
# parts as 0006 knew them: copied rather than imported, as in the migrations before.
SECTION_CHECK = "ck_plan_items_plan_item_section"
PART_CHECK = "ck_plan_skips_plan_skip_part"
PARTS_0006 = (
    "what_matters",
    "why_it_matters",
    "working_well",
    "not_working",
    "strengths",
    "people",
    "what_would_help",
    "who_could_help",
    "anything_else",
    "cared_for",
    "caring_role",
    "caring_impact",
    "person_matters",
    "person_matters_why",
    "keep_caring",
    "emergency_plan",
    "need_break",
)
SECTIONS_0006 = (*PARTS_0006, "question")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    # Batch mode rebuilds both tables on SQLite, keeping every row and id (outcome_areas
    # refers to plan_items.id; env.py turns SQLite's foreign keys off while migrating).
    with op.batch_alter_table("plan_items") as batch:
        batch.drop_constraint(SECTION_CHECK, type_="check")
    with op.batch_alter_table("plan_skips") as batch:
        batch.drop_constraint(PART_CHECK, type_="check")


def downgrade() -> None:
    # Going back loses what 0006 cannot hold: quotes and skips of parts added since.
    op.execute(sa.text(f"DELETE FROM plan_items WHERE NOT {_in('section', SECTIONS_0006)}"))  # noqa: S608
    op.execute(sa.text(f"DELETE FROM plan_skips WHERE NOT {_in('part', PARTS_0006)}"))  # noqa: S608
    # SQLite's foreign keys are off while migrating, so its cascade is done by hand.
    op.execute(
        sa.text("DELETE FROM outcome_areas WHERE item_id NOT IN (SELECT id FROM plan_items)")
    )
    with op.batch_alter_table("plan_items") as batch:
        batch.create_check_constraint(SECTION_CHECK, _in("section", SECTIONS_0006))
    with op.batch_alter_table("plan_skips") as batch:
        batch.create_check_constraint(PART_CHECK, _in("part", PARTS_0006))
