"""How the stack starts its services (no services are started here)."""

from __future__ import annotations

from pathlib import Path

from scripts.stack import SharedEngines, Stack


def test_rasas_token_is_never_on_its_command_line(tmp_path: Path) -> None:
    # Any local user can read a process's arguments; the wrapper takes the token from the
    # environment instead (a token starting with "-" needs no care there either).
    stack = Stack(data_dir=tmp_path, env={"RASA_API_TOKEN": "-the-rasa-token"})
    command = stack._commands()["rasa"]
    assert command[1:3] == ["-m", "scripts.rasa_run"]
    assert not [argument for argument in command if "the-rasa-token" in argument]
    assert stack._environment()["RASA_API_TOKEN"] == "-the-rasa-token"


def test_rasa_reaches_the_action_server_with_its_secret_from_the_environment(
    tmp_path: Path,
) -> None:
    stack = Stack(data_dir=tmp_path, env={"ACTION_SERVER_TOKEN": "the-action-token"})
    stack.prepare_data_dir()
    stack._write_endpoints(1)
    endpoints = stack.endpoints_file().read_text()
    assert "Authorization: Bearer ${ACTION_SERVER_TOKEN}\n" in endpoints
    assert "the-action-token" not in endpoints
    assert oct(tmp_path.stat().st_mode & 0o777) == "0o700"


def test_shared_engines_give_every_replica_postgresql_and_redis(tmp_path: Path) -> None:
    shared = SharedEngines(
        postgres_url="postgresql://wm:s%40cret@127.0.0.1:5432/whatmatters",
        redis_url="redis://127.0.0.1:6379/3",
        lock_prefix="abc123",
    )
    stack = Stack(
        data_dir=tmp_path,
        env={},
        api_port=8100,
        actions_ports=[5155, 5156],
        rasa_ports=[5105, 5106],
        balancer_port=5150,
        shared=shared,
    )
    assert stack.services == ["api", "actions", "actions-2", "balancer", "rasa", "rasa-2"]
    stack.prepare_data_dir()
    stack._write_endpoints(2)
    endpoints = stack.endpoints_file(2).read_text()
    # Every Rasa calls the action servers through the balancer; the password stays in the
    # environment.
    assert f'url: "http://127.0.0.1:{stack.balancer_port}/webhook"' in endpoints
    assert endpoints.endswith(
        "tracker_store:\n"
        "  type: bot.tracker_store.WalSQLTrackerStore\n"
        '  dialect: "postgresql"\n'
        '  url: "127.0.0.1"\n  port: 5432\n'
        '  db: "whatmatters"\n  username: "wm"\n'
        "  password: ${WM_POSTGRES_PASSWORD}\n"
        "lock_store:\n"
        "  type: redis\n"
        '  url: "127.0.0.1"\n  port: 6379\n'
        "  db: 3\n"
        '  key_prefix: "abc123"\n'
    )
    api, actions = stack._environment("api"), stack._environment("actions-2")
    assert api["RASA_URL"] == "http://127.0.0.1:5105,http://127.0.0.1:5106"
    assert actions["RASA_URL"] == "http://127.0.0.1:5106"
    assert api["DATABASE_URL"] == "postgresql+psycopg://wm:s%40cret@127.0.0.1:5432/whatmatters"
    assert actions["ACTIONS_DATABASE_URL"] == (
        "postgresql+psycopg2://wm:s%40cret@127.0.0.1:5432/whatmatters"
    )
    assert (api["RATE_LIMIT_STORAGE_URL"], actions["WM_POSTGRES_PASSWORD"]) == (
        "redis://127.0.0.1:6379/3",
        "s@cret",
    )
    assert stack._command("api")[-2:] == ["--workers", "2"]
    stack._write_balancer_config()
    balancer = stack.balancer_config.read_text()
    assert "bind 127.0.0.1:5150\n" in balancer
    assert "server actions1 127.0.0.1:5155 " in balancer
    assert "server actions2 127.0.0.1:5156 " in balancer
    assert "retry-on conn-failure empty-response\n" in balancer
    assert stack._command("rasa-2")[stack._command("rasa-2").index("--port") + 1] == "5106"
