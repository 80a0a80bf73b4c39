"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, create_engine, inspect, text

from api.core.database import Base, make_engine
from api.plans import models as plan_models
from api.plans.models import PART_LENGTH
from api.plans.schemas import PlanIn
from api.plans.service import create_plan
from api.practitioners import models as practitioner_models
from api.reviews import models as review_models
from tests.api import factories
from tests.api.conftest import alembic_config
from tests.api.factories import Database

# Importing the models is what registers their tables on Base.metadata.
MODELS = (plan_models, practitioner_models, review_models)
WHEN = "2026-11-22 10:00:00+00:00"


def _rows(connection: Connection, query: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in connection.execute(text(query)).all()]


def test_the_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_migrations_go_down_and_up_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    config = alembic_config(url)

    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = create_engine(url)
    tables_after_downgrade = set(inspect(engine).get_table_names())
    command.upgrade(config, "head")
    tables_after_upgrade = set(inspect(engine).get_table_names())
    engine.dispose()

    assert tables_after_downgrade == {"alembic_version"}
    assert tables_after_upgrade == {
        "alembic_version",
        "practitioners",
        "plans",
        "plan_items",
        "plan_notes",
        "plan_flags",
        "plan_skips",
        "plan_links",
        "practitioner_sessions",
        "audit_events",
        "outcome_areas",
        "review_invitations",
        "reviewed_outcomes",
    }


def test_0002_keeps_the_plans_already_received_and_its_downgrade_only_loses_the_new_data(
    blank_database_url: str,
) -> None:
    config = alembic_config(blank_database_url)
    command.upgrade(config, "0001")
    # The application's engine: on SQLite it enforces foreign keys, as in production.
    engine = make_engine(blank_database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO practitioners (id, email, name, password_hash, is_active, created_at)"
                " VALUES (1, 'a@example.org', 'A', 'hash', true, :when)"
            ),
            {"when": WHEN},
        )
        connection.execute(
            text(
                "INSERT INTO plans (id, reference, conversation_id, status, assigned_to_id,"
                " sent_at, received_at, updated_at)"
                " VALUES (1, 'WM-000001', 'c1', 'new', 1, :when, :when, :when)"
            ),
            {"when": WHEN},
        )
        connection.execute(
            text(
                "INSERT INTO plan_items (plan_id, section, position, text, message_id, said_at)"
                " VALUES (1, 'people', 0, 'My daughter 🌻', 'm1', :when)"
            ),
            {"when": WHEN},
        )
        connection.execute(
            text(
                "INSERT INTO plan_notes (plan_id, author_id, text, created_at)"
                " VALUES (1, 1, 'Phoned', :when)"
            ),
            {"when": WHEN},
        )

    try:
        command.upgrade(config, "head")
        with engine.begin() as connection:
            upgraded = (
                _rows(connection, "SELECT id, urgent FROM plans"),
                _rows(connection, "SELECT section, text FROM plan_items"),
                _rows(connection, "SELECT text FROM plan_notes"),
            )
            connection.execute(
                text(
                    "INSERT INTO plan_items (plan_id, section, position, text, said_at)"
                    " VALUES (1, 'question', 0, 'When?', :when)"
                ),
                {"when": WHEN},
            )
            connection.execute(
                text(
                    "INSERT INTO plan_flags (plan_id, text, said_at, categories, raised_at)"
                    " VALUES (1, 'help', :when, 'suicide', :when)"
                ),
                {"when": WHEN},
            )
            connection.execute(text("UPDATE plans SET urgent = true"))
        command.downgrade(config, "0001")
        with engine.connect() as connection:
            downgraded = (
                _rows(connection, "SELECT id FROM plans"),
                _rows(connection, "SELECT section, text FROM plan_items"),
                _rows(connection, "SELECT text FROM plan_notes"),
            )
        tables_after_downgrade = set(inspect(engine).get_table_names())
        command.upgrade(config, "head")
        with engine.connect() as connection:
            upgraded_again = _rows(connection, "SELECT id, urgent FROM plans")
    finally:
        engine.dispose()

    assert upgraded == (
        [(1, False)],
        [("people", "My daughter 🌻")],
        [("Phoned",)],
    )
    assert downgraded == ([(1,)], [("people", "My daughter 🌻")], [("Phoned",)])
    assert tables_after_downgrade == {
        "alembic_version",
        "practitioners",
        "plans",
        "plan_items",
        "plan_notes",
    }
    assert upgraded_again == [(1, False)]


def test_0005_gives_old_flags_the_level_their_categories_mean(blank_database_url: str) -> None:
    config = alembic_config(blank_database_url)
    command.upgrade(config, "0003")
    engine = make_engine(blank_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO plans (id, reference, conversation_id, status, sent_at,"
                    " received_at, updated_at, urgent) VALUES (1, 'WM-000001', 'c1', 'new',"
                    " :when, :when, :when, true)"
                ),
                {"when": WHEN},
            )
            for number, categories in enumerate(("suicide", "abuse,neglect", "other"), 1):
                connection.execute(
                    text(
                        "INSERT INTO plan_flags (plan_id, text, message_id, said_at, categories,"
                        " raised_at) VALUES (1, 'x', :m, :when, :c, :when)"
                    ),
                    {"m": f"m{number}", "c": categories, "when": WHEN},
                )
        command.upgrade(config, "head")
        with engine.connect() as connection:
            rows = _rows(
                connection, "SELECT categories, level, source, choices FROM plan_flags ORDER BY id"
            )
        assert rows == [
            ("suicide", "life", "phrase_list", ""),
            ("abuse,neglect", "harm", "phrase_list", ""),
            ("other", "harm", "classifier", ""),
        ]
    finally:
        engine.dispose()


def test_0007_leaves_the_parts_of_a_conversation_to_the_contract(db: Database) -> None:
    # A question the contract gains needs no migration: the database holds any part's name
    # that fits its column, and the models check it against the contract.
    payload = PlanIn.model_validate(factories.plan_payload(skipped=["people"]))
    with db.sessions() as session:
        plan = create_plan(session=session, payload=payload)
        assert plan is not None
        session.commit()
    new_part = "a" * PART_LENGTH
    with db.engine.begin() as connection:
        items = connection.execute(
            text("UPDATE plan_items SET section = :p WHERE section = 'working_well'"),
            {"p": new_part},
        )
        skips = connection.execute(text("UPDATE plan_skips SET part = :p"), {"p": new_part})

    assert (items.rowcount, skips.rowcount) == (1, 1)
