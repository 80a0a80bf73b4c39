"""Alembic environment: the URL comes from the API's Settings, like the application's.

Tests pass their own URL in `config.attributes["database_url"]` instead.
"""

from __future__ import annotations

from alembic import context

from api.audit import models as _audit  # noqa: F401  (registers the tables on Base.metadata)
from api.auth import models as _auth  # noqa: F401
from api.core.config import get_settings
from api.core.database import Base, make_engine
from api.plans import models as _plans  # noqa: F401
from api.practitioners import models as _practitioners  # noqa: F401
from api.reviews import models as _reviews  # noqa: F401
from api.themes import models as _themes  # noqa: F401

config = context.config
target_metadata = Base.metadata


def _database_url() -> str:
    url = config.attributes.get("database_url")
    if isinstance(url, str):
        return url
    return get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_database_url())
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # Batch mode rebuilds a table by copying it and dropping the original; with
                # foreign keys enforced, dropping a parent table first deletes its children
                # (ON DELETE CASCADE), e.g. every plan's quotes and notes. SQLite's own advice
                # for rebuilding tables: turn enforcement off (outside any transaction).
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()  # end SQLAlchemy's autobegun transaction: Alembic opens its own
            # Batch mode lets later migrations alter tables on SQLite, which has little ALTER.
            context.configure(
                connection=connection, target_metadata=target_metadata, render_as_batch=True
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
