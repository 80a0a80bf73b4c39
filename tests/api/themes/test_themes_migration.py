"""0006: the outcome_areas table comes and goes without touching any plan."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from api.core.database import make_engine
from tests.api.conftest import alembic_config

WHEN = "2026-11-22 10:00:00+00:00"


def test_0006_adds_outcome_areas_and_its_downgrade_keeps_every_plan(
    blank_database_url: str,
) -> None:
    config = alembic_config(blank_database_url)
    command.upgrade(config, "0005")
    engine = make_engine(blank_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO plans (id, reference, conversation_id, status, sent_at,"
                    " received_at, updated_at, urgent) VALUES (1, 'WM-000001', 'c1', 'new',"
                    " :when, :when, :when, false)"
                ),
                {"when": WHEN},
            )
            connection.execute(
                text(
                    "INSERT INTO plan_items (id, plan_id, section, position, text, said_at)"
                    " VALUES (1, 1, 'what_matters', 0, 'My garden', :when)"
                ),
                {"when": WHEN},
            )
        command.upgrade(config, "0006")
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO outcome_areas (item_id, area) VALUES (1, 'things_to_do')")
            )
            rows = connection.execute(
                text("SELECT area, suggested, confirmed FROM outcome_areas")
            ).all()
        assert [tuple(row) for row in rows] == [("things_to_do", False, False)]

        command.downgrade(config, "0005")
        assert "outcome_areas" not in inspect(engine).get_table_names()
        with engine.connect() as connection:
            texts = connection.execute(text("SELECT text FROM plan_items")).scalars().all()
        assert texts == ["My garden"]
    finally:
        engine.dispose()
