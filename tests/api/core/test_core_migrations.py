"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from api.core.database import Base
from api.plans import models as plan_models
from api.practitioners import models as practitioner_models
from tests.api.factories import Database

ALEMBIC_INI = Path(__file__).resolve().parents[3] / "api" / "alembic.ini"
# Importing the models is what registers their tables on Base.metadata.
MODELS = (plan_models, practitioner_models)


def test_the_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_migrations_go_down_and_up_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    config = Config(str(ALEMBIC_INI))
    config.attributes["database_url"] = url

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
    }
