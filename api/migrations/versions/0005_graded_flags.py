"""Graded safety flags: each flag's level, what raised it, and what the person chose.

Flags stored before this were all the bot's one urgent response; they are given the level
their categories mean (life for suicide, self-harm and medical emergencies, harm otherwise),
and the source that raised them (the classifier for category `other`, the phrase list else).
The categories column widens: the classifier's finer categories make longer lists.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied rather than imported from the models, as in the migrations before.
LEVELS = ("concern", "check", "harm", "life")
SOURCES = ("phrase_list", "classifier", "answer_to_check")
LIFE_CATEGORIES = ("suicide", "self_harm", "medical_emergency")


def upgrade() -> None:
    with op.batch_alter_table("plan_flags") as batch:
        batch.add_column(
            sa.Column(
                "level",
                sa.Enum(*LEVELS, name="flag_level", native_enum=False, length=20),
                nullable=False,
                server_default="harm",
            )
        )
        batch.add_column(
            sa.Column(
                "source",
                sa.Enum(*SOURCES, name="flag_source", native_enum=False, length=20),
                nullable=False,
                server_default="phrase_list",
            )
        )
        batch.add_column(sa.Column("choices", sa.String(100), nullable=False, server_default=""))
        # The classifier's finer categories make the longest list of categories longer.
        batch.alter_column("categories", type_=sa.String(255), existing_type=sa.String(100))
    flags = sa.table("plan_flags", sa.column("categories", sa.String), sa.column("level"),
                     sa.column("source"))  # fmt: skip
    for category in LIFE_CATEGORIES:
        op.execute(flags.update().where(flags.c.categories.contains(category)).values(level="life"))
    op.execute(
        flags.update().where(flags.c.categories.contains("other")).values(source="classifier")
    )


def downgrade() -> None:
    with op.batch_alter_table("plan_flags") as batch:
        batch.alter_column("categories", type_=sa.String(100), existing_type=sa.String(255))
        batch.drop_column("choices")
        batch.drop_column("source")
        batch.drop_column("level")
