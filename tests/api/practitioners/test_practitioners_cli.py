"""python -m api.practitioners.cli create ..."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from api.core.security import verify_password
from api.practitioners.cli import main
from api.practitioners.models import Practitioner
from tests.api.factories import BOT_SERVICE_TOKEN, SECRET_KEY, Database

ROOT = Path(__file__).resolve().parents[3]


def _practitioners(db: Database) -> list[Practitioner]:
    with db.sessions() as session:
        return list(session.scalars(select(Practitioner).order_by(Practitioner.id)))


def test_create_makes_an_account_with_a_hashed_password(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["create", "--email", "Jo@Example.org", "--password", "a long passphrase", "--name", "Jo"],
        session_factory=db.sessions,
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
        ["create", "--email", "sam.reid@example.org", "--password", "a long passphrase"],
        session_factory=db.sessions,
    )

    assert [account.name for account in _practitioners(db)] == ["sam.reid"]


def test_an_existing_email_is_refused(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["create", "--email", "jo@example.org", "--password", "a long passphrase"]
    main(args, session_factory=db.sessions)
    capsys.readouterr()

    code = main(
        ["create", "--email", "JO@example.org", "--password", "another passphrase"],
        session_factory=db.sessions,
    )

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == "A practitioner with email jo@example.org already exists.\n"
    assert len(_practitioners(db)) == 1


def test_a_short_password_is_refused(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["create", "--email", "jo@example.org", "--password", "elevenchars"],
        session_factory=db.sessions,
    )

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == "Refused: The password must be at least 12 characters long.\n"
    assert _practitioners(db) == []


def test_a_malformed_email_is_refused(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["create", "--email", "not-an-email", "--password", "a long passphrase"],
        session_factory=db.sessions,
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
        [*command, "cli@example.org", "--password", "a long passphrase"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    duplicate = subprocess.run(
        [*command, "cli@example.org", "--password", "a long passphrase"],
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
