"""Sessions that sign-out ends, practitioners' roles, and the append-only audit log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied rather than imported from the models, as in 0002 and 0003.
ROLES = ("practitioner", "lead")
AUDIT_ACTIONS = ("read", "export", "change", "note", "link", "unlink")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    with op.batch_alter_table("practitioners") as batch:
        batch.add_column(
            sa.Column("role", sa.String(20), nullable=False, server_default="practitioner")
        )
        batch.create_check_constraint("practitioner_role", _in("role", ROLES))

    op.create_table(
        "practitioner_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("jti", sa.String(64), nullable=False),
        sa.Column(
            "practitioner_id",
            sa.Integer(),
            sa.ForeignKey("practitioners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_practitioner_sessions"),
        sa.UniqueConstraint("jti", name="uq_practitioner_sessions_jti"),
    )
    op.create_index(
        "ix_practitioner_sessions_practitioner_id", "practitioner_sessions", ["practitioner_id"]
    )

    # No ON DELETE: an audit entry outlives nothing it names, and nothing may remove it.
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "practitioner_id", sa.Integer(), sa.ForeignKey("practitioners.id"), nullable=False
        ),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("detail", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
        sa.CheckConstraint(_in("action", AUDIT_ACTIONS), name="ck_audit_events_audit_action"),
    )
    op.create_index("ix_audit_events_plan_id_at", "audit_events", ["plan_id", "at"])
    op.create_index("ix_audit_events_practitioner_id_at", "audit_events", ["practitioner_id", "at"])
    if op.get_bind().dialect.name == "postgresql":
        # The product has no way to change or delete an entry; the database refuses too, so a
        # bug or a stray UPDATE cannot rewrite history. (TRUNCATE, an administrator's act on
        # the whole table, is not a row change.) SQLite has the ORM's guard only.
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    op.drop_index("ix_audit_events_practitioner_id_at", table_name="audit_events")
    op.drop_index("ix_audit_events_plan_id_at", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index("ix_practitioner_sessions_practitioner_id", table_name="practitioner_sessions")
    op.drop_table("practitioner_sessions")
    with op.batch_alter_table("practitioners") as batch:
        batch.drop_constraint("practitioner_role", type_="check")
        batch.drop_column("role")
