"""0009: reviews come without touching any plan already stored, and go losing only their own."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, inspect, text

from api.core.database import make_engine
from tests.api.conftest import alembic_config

WHEN = "2026-11-22 10:00:00+00:00"


def _rows(connection: Connection, query: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in connection.execute(text(query)).all()]


def test_0009_keeps_every_plan_and_its_downgrade_only_loses_the_review_data(
    blank_database_url: str,
) -> None:
    config = alembic_config(blank_database_url)
    command.upgrade(config, "0008")
    engine = make_engine(blank_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO practitioners (id, email, name, password_hash, is_active,"
                    " created_at, role) VALUES (1, 'a@example.org', 'A', 'h', true, :when,"
                    " 'practitioner')"
                ),
                {"when": WHEN},
            )
            connection.execute(
                text(
                    "INSERT INTO plans (id, reference, conversation_id, status, sent_at,"
                    " received_at, updated_at, urgent, role) VALUES (1, 'WM-000001', 'c1',"
                    " 'contacted', :when, :when, :when, false, 'person')"
                ),
                {"when": WHEN},
            )
            connection.execute(
                text(
                    "INSERT INTO plan_items (id, plan_id, section, position, text, said_at)"
                    " VALUES (1, 1, 'what_matters', 0, 'My garden 🌻', :when)"
                ),
                {"when": WHEN},
            )
            connection.execute(
                text("INSERT INTO outcome_areas (item_id, area) VALUES (1, 'things_to_do')")
            )
        # The application's engine enforces SQLite's foreign keys: a rebuild of `plans` that
        # cascaded would lose the quote and its area.
        command.upgrade(config, "0009")
        with engine.begin() as connection:
            upgraded = (
                _rows(connection, "SELECT id, status, kind, reviews_plan_id FROM plans"),
                _rows(connection, "SELECT id, text FROM plan_items"),
                _rows(connection, "SELECT item_id, area FROM outcome_areas"),
            )
            connection.execute(
                text(
                    "INSERT INTO plans (id, reference, conversation_id, status, sent_at,"
                    " received_at, updated_at, urgent, role, kind, reviews_plan_id) VALUES"
                    " (2, 'WM-000002', 'c2', 'new', :when, :when, :when, false, 'person',"
                    " 'review', 1)"
                ),
                {"when": WHEN},
            )
            connection.execute(
                text(
                    "INSERT INTO plan_items (id, plan_id, section, position, text, said_at) VALUES"
                    " (2, 2, 'review_now', 0, 'Better now', :when),"
                    " (3, 2, 'anything_else', 0, 'Thank you', :when)"
                ),
                {"when": WHEN},
            )
            connection.execute(
                text(
                    "INSERT INTO reviewed_outcomes (plan_id, position, movement)"
                    " VALUES (2, 0, 'better')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO review_invitations (plan_id, code_digest, created_by_id,"
                    " created_at, expires_at, claimed_by, review_plan_id)"
                    " VALUES (1, :digest, 1, :when, :when, 'c2', 2)"
                ),
                {"when": WHEN, "digest": "0" * 64},
            )
        command.downgrade(config, "0008")
        tables = set(inspect(engine).get_table_names())
        columns = {column["name"] for column in inspect(engine).get_columns("plans")}
        with engine.connect() as connection:
            downgraded = (
                _rows(connection, "SELECT id, status FROM plans ORDER BY id"),
                _rows(connection, "SELECT plan_id, section, text FROM plan_items ORDER BY id"),
                _rows(connection, "SELECT item_id, area FROM outcome_areas"),
            )
        command.upgrade(config, "head")
        with engine.connect() as connection:
            again = _rows(connection, "SELECT id, kind, reviews_plan_id FROM plans ORDER BY id")
    finally:
        engine.dispose()

    assert upgraded == (
        [(1, "contacted", "plan", None)],
        [(1, "My garden 🌻")],
        [(1, "things_to_do")],
    )
    assert not {"review_invitations", "reviewed_outcomes"} & tables
    assert not {"kind", "reviews_plan_id"} & columns
    assert downgraded == (
        [(1, "contacted"), (2, "new")],
        [(1, "what_matters", "My garden 🌻"), (2, "anything_else", "Thank you")],
        [(1, "things_to_do")],
    )
    assert again == [(1, "plan", None), (2, "plan", None)]
