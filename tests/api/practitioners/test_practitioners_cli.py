"""python -m api.practitioners.cli create ..."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.config import get_settings
from api.core.database import get_session
from api.core.security import verify_password
from api.main import create_app
from api.practitioners.cli import main
from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import BOT_SERVICE_TOKEN, SECRET_KEY, Database

ROOT = Path(__file__).resolve().parents[3]


def _practitioners(db: Database) -> list[Practitioner]:
    with db.sessions() as session:
        return list(session.scalars(select(Practitioner).order_by(Practitioner.id)))


def test_create_makes_an_account_with_a_hashed_password(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["create", "--email", "Jo@Example.org", "--name", "Jo"],
        session_factory=db.sessions,
        stdin=io.StringIO("a long passphrase\n"),
    )

    out, err = capsys.readouterr()
    [account] = _practitioners(db)
    assert code == 0
    assert out == f"Created practitioner jo@example.org (id {account.id}).\n"
    assert err == ""
    assert (account.email, account.name, account.is_active) == ("jo@example.org", "Jo", True)
    assert account.password_hash.startswith("$argon2id$")
    assert verify_password("a long passphrase", account.password_hash)


def test_the_name_defaults_to_the_start_of_the_email(db: Database) -> None:
    main(
        ["create", "--email", "sam.reid@example.org"],
        session_factory=db.sessions,
        stdin=io.StringIO("a long passphrase"),
    )

    assert [account.name for account in _practitioners(db)] == ["sam.reid"]


def test_an_existing_email_is_refused(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["create", "--email", "jo@example.org"]
    main(args, session_factory=db.sessions, stdin=io.StringIO("a long passphrase\n"))
    capsys.readouterr()

    code = main(
        ["create", "--email", "JO@example.org"],
        session_factory=db.sessions,
        stdin=io.StringIO("another passphrase\n"),
    )

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == "A practitioner with email jo@example.org already exists.\n"
    assert len(_practitioners(db)) == 1


def test_a_short_password_is_refused(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["create", "--email", "jo@example.org"],
        session_factory=db.sessions,
        stdin=io.StringIO("elevenchars\n"),
    )

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == "Refused: The password must be at least 12 characters long.\n"
    assert _practitioners(db) == []


def test_a_malformed_email_is_refused(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["create", "--email", "not-an-email"],
        session_factory=db.sessions,
        stdin=io.StringIO("a long passphrase\n"),
    )

    assert code == 1
    assert capsys.readouterr().err == "Not an email address: 'not-an-email'.\n"
    assert _practitioners(db) == []


def test_the_command_line_uses_the_configured_database(db: Database, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": db.url,
        "SECRET_KEY": SECRET_KEY,
        "BOT_SERVICE_TOKEN": BOT_SERVICE_TOKEN,
    }
    command = [sys.executable, "-m", "api.practitioners.cli", "create", "--email"]

    created = subprocess.run(
        [*command, "cli@example.org"],
        input="a long passphrase\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    duplicate = subprocess.run(
        [*command, "cli@example.org"],
        input="a long passphrase\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert (created.returncode, duplicate.returncode) == (0, 1)
    assert created.stdout.startswith("Created practitioner cli@example.org")
    assert "a long passphrase" not in created.stdout + created.stderr
    assert [account.email for account in _practitioners(db)] == ["cli@example.org"]


@pytest.mark.parametrize(
    "password",
    ["password1234", "Password1234!", "qwertyuiop12", "letmein letmein", "liverpool2026"],
)
def test_a_common_password_is_refused(
    db: Database, capsys: pytest.CaptureFixture[str], password: str
) -> None:
    code = main(
        ["create", "--email", "jo@example.org"],
        session_factory=db.sessions,
        stdin=io.StringIO(f"{password}\n"),
    )

    assert code == 1
    assert capsys.readouterr().err.startswith("Refused: That password is one of the most common")
    assert _practitioners(db) == []


def test_the_password_is_never_an_argument(db: Database) -> None:
    with pytest.raises(SystemExit):
        main(["create", "--email", "jo@example.org", "--password", "a long passphrase"])
    assert _practitioners(db) == []


def test_a_lead_is_made_with_role_lead(db: Database) -> None:
    code = main(
        ["create", "--email", "lee@example.org", "--role", "lead"],
        session_factory=db.sessions,
        stdin=io.StringIO("a long passphrase\n"),
    )

    assert code == 0
    assert [(a.email, a.role) for a in _practitioners(db)] == [("lee@example.org", "lead")]


def test_set_password_changes_it_and_ends_every_session(db: Database) -> None:
    main(
        ["create", "--email", "jo@example.org"],
        session_factory=db.sessions,
        stdin=io.StringIO("a long passphrase\n"),
    )
    [account] = _practitioners(db)
    settings = factories.settings(database_url=db.url)
    token = factories.access_token(account, settings)
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: settings

    def session_override() -> Iterator[Session]:
        with db.sessions() as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    with TestClient(app) as client:
        me = f"{API_PREFIX}/practitioners/me"
        before = client.get(me, headers=factories.bearer(token)).status_code
        code = main(
            ["set-password", "--email", "jo@example.org"],
            session_factory=db.sessions,
            stdin=io.StringIO("a brand new passphrase\n"),
        )
        after = client.get(me, headers=factories.bearer(token)).status_code

    [account] = _practitioners(db)
    assert (before, code, after) == (200, 0, 401)
    assert verify_password("a brand new passphrase", account.password_hash)
