"""0010: each answer's question and mark, several quotes per outcome part, and a carer's match
consent come without touching any plan already stored, and go losing only their own."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import IntegrityError

from api.core.database import make_engine
from tests.api.conftest import alembic_config

WHEN = "2026-11-22 10:00:00+00:00"


def _rows(connection: Connection, query: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in connection.execute(text(query)).all()]


def test_0010_keeps_every_plan_and_its_downgrade_only_loses_the_new_data(
    blank_database_url: str,
) -> None:
    config = alembic_config(blank_database_url)
    command.upgrade(config, "0009")
    engine = make_engine(blank_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO plans (id, reference, conversation_id, status, sent_at,"
                    " received_at, updated_at, urgent, role, kind) VALUES (1, 'WM-000001', 'c1',"
                    " 'new', :when, :when, :when, true, 'carer', 'plan')"
                ),
                {"when": WHEN},
            )
            connection.execute(
                text(
                    "INSERT INTO plan_items (id, plan_id, section, position, text, said_at) VALUES"
                    " (1, 1, 'what_matters', 0, 'My garden 🌻', :when),"
                    " (2, 1, 'people', 0, '0[ {why}', :when)"
                ),
                {"when": WHEN},
            )
            connection.execute(
                text("INSERT INTO outcome_areas (item_id, area) VALUES (1, 'things_to_do')")
            )
            connection.execute(
                text(
                    "INSERT INTO plan_flags (id, plan_id, text, said_at, categories, level,"
                    " source, choices, raised_at) VALUES (1, 1, 'help', :when, 'suicide', 'life',"
                    " 'phrase_list', '', :when)"
                ),
                {"when": WHEN},
            )
        # The application's engine enforces SQLite's foreign keys: a rebuild of plan_items
        # that cascaded would lose the outcome's area.
        command.upgrade(config, "0010")
        with engine.begin() as connection:
            upgraded = (
                _rows(connection, "SELECT id, match_consent FROM plans"),
                _rows(
                    connection,
                    "SELECT id, section, ordinal, text, asked, follows FROM plan_items ORDER BY id",
                ),
                _rows(connection, "SELECT id, asked, follows FROM plan_flags"),
                _rows(connection, "SELECT item_id, area FROM outcome_areas"),
            )
            connection.execute(
                text(
                    "INSERT INTO plan_items (id, plan_id, section, position, ordinal, text,"
                    " said_at, asked, follows) VALUES"
                    " (3, 1, 'outcome_added', 0, 0, 'the roses', :when, 'Anything to add?', NULL),"
                    " (4, 1, 'outcome_added', 0, 1, 'the shed', :when, NULL, 'prompt'),"
                    " (5, 1, 'outcome_help', 0, 0, 'a raised bed', :when, 'What would help?',"
                    " 'safety_check'),"
                    " (6, 1, 'call_me', 0, 0, 'Morag', :when, 'What should I call you?', NULL)"
                ),
                {"when": WHEN},
            )
            connection.execute(
                text("INSERT INTO outcome_areas (item_id, area) VALUES (5, 'things_to_do')")
            )
            connection.execute(text("UPDATE plans SET match_consent = true"))
            connection.execute(text("UPDATE plan_flags SET asked = 'Are you safe?'"))
        # The unique constraint now takes in the ordinal: the same addition twice is refused.
        try:
            with engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO plan_items (plan_id, section, position, ordinal, text,"
                        " said_at) VALUES (1, 'outcome_added', 0, 1, 'again', :when)"
                    ),
                    {"when": WHEN},
                )
            refused = False
        except IntegrityError:
            refused = True
        command.downgrade(config, "0009")
        inspector = inspect(engine)
        columns = {
            table: {column["name"] for column in inspector.get_columns(table)}
            for table in ("plans", "plan_items", "plan_flags")
        }
        with engine.connect() as connection:
            downgraded = (
                _rows(connection, "SELECT id, urgent FROM plans"),
                _rows(connection, "SELECT id, section, text FROM plan_items ORDER BY id"),
                _rows(connection, "SELECT id, text FROM plan_flags"),
                _rows(connection, "SELECT item_id, area FROM outcome_areas"),
            )
        command.upgrade(config, "head")
        with engine.connect() as connection:
            again = _rows(connection, "SELECT id, ordinal, asked FROM plan_items ORDER BY id")
    finally:
        engine.dispose()

    assert upgraded == (
        [(1, False)],
        [
            (1, "what_matters", 0, "My garden 🌻", None, None),
            (2, "people", 0, "0[ {why}", None, None),
        ],
        [(1, None, None)],
        [(1, "things_to_do")],
    )
    assert refused
    assert "match_consent" not in columns["plans"]
    assert not {"ordinal", "asked", "follows"} & columns["plan_items"]
    assert not {"asked", "follows"} & columns["plan_flags"]
    # Every quote 0009 can read stays (what to call them too); each outcome's additions and
    # help go, with their areas.
    assert downgraded == (
        [(1, True)],
        [(1, "what_matters", "My garden 🌻"), (2, "people", "0[ {why}"), (6, "call_me", "Morag")],
        [(1, "help")],
        [(1, "things_to_do")],
    )
    assert again == [(1, 0, None), (2, 0, None), (6, 0, None)]
