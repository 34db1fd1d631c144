"""One settings object reads the environment; a bad value is named, with what is
allowed, before anything starts, and no traceback reaches the user."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sharewise import cli
from sharewise.cli import app
from sharewise.register.store import Register
from sharewise.settings import Settings, SettingsInvalid, current


def test_the_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "SHAREWISE_DATABASE_URL",
        "SHAREWISE_STATEMENT_TIMEOUT_MS",
        "SHAREWISE_ALLOWED_HOSTS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    settings = current()
    assert settings.register_url == f"sqlite:///{tmp_path}/sharewise/sharewise.sqlite3"
    assert settings.statement_timeout_ms == 5_000
    assert settings.protective_marking == "OFFICIAL-SENSITIVE"
    assert settings.allowed_hosts == ("127.0.0.1", "localhost")


def test_the_environment_sets_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", "postgresql+psycopg://u@h:5432/d")
    monkeypatch.setenv("SHAREWISE_DRAFT_EXPIRY_DAYS", "7")
    monkeypatch.setenv("SHAREWISE_PROTECTIVE_MARKING", "OFFICIAL")
    monkeypatch.setenv("SHAREWISE_FRONTEND", "")  # exported but empty: not set
    monkeypatch.setenv("SHAREWISE_ALLOWED_HOSTS", " Sharewise.Example.org, [::1],10.0.0.5 ")
    settings = current()
    assert settings.register_url == "postgresql+psycopg://u@h:5432/d"
    assert settings.draft_expiry_days == 7
    assert settings.protective_marking == "OFFICIAL"
    assert settings.frontend is None
    assert settings.allowed_hosts == ("sharewise.example.org", "::1", "10.0.0.5")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SHAREWISE_STATEMENT_TIMEOUT_MS", "soon"),
        ("SHAREWISE_STATEMENT_TIMEOUT_MS", "0"),
        ("SHAREWISE_DRAFT_EXPIRY_DAYS", "1000"),
        ("SHAREWISE_PROTECTIVE_MARKING", "x" * 61),
        ("SHAREWISE_PAGE_SIZE", "1"),
        ("SHAREWISE_DEBUG", "perhaps"),
        ("SHAREWISE_ALLOWED_HOSTS", "sharewise example"),
        ("SHAREWISE_ALLOWED_HOSTS", "*"),
        ("SHAREWISE_ALLOWED_HOSTS", "localhost:8000"),
        ("SHAREWISE_ALLOWED_HOSTS", ","),
        ("SHAREWISE_SESSION_IDLE_MINUTES", "0"),
        ("SHAREWISE_SESSION_HOURS", "200"),
        ("SHAREWISE_TOKEN_DAYS", "400"),
        ("SHAREWISE_SIGN_IN_WINDOW_MINUTES", "2000"),
        ("SHAREWISE_SIGN_IN_ACCOUNT_FAILURES", "0"),
        ("SHAREWISE_SIGN_IN_ADDRESS_FAILURES", "many"),
    ],
)
def test_a_bad_value_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsInvalid, match=name):
        current()
    # The command line says so and exits 2, before it touches the register.
    result = CliRunner().invoke(app, ["records", "list"])
    assert result.exit_code == 2
    assert name in result.output and "Traceback" not in result.output


def test_a_session_may_not_end_before_its_idle_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHAREWISE_SESSION_IDLE_MINUTES", "120")
    monkeypatch.setenv("SHAREWISE_SESSION_HOURS", "1")
    with pytest.raises(SettingsInvalid) as invalid:
        current()
    assert "SHAREWISE_SESSION_HOURS" in str(invalid.value)
    assert "must be at least the idle time (120 minutes)" in str(invalid.value)
    monkeypatch.setenv("SHAREWISE_SESSION_HOURS", "2")
    assert current().session_hours == 2


def test_the_register_keeps_drafts_as_long_as_the_setting_says(database_url: str) -> None:
    register = Register.open(database_url, Settings(draft_expiry_days=3))
    try:
        assert register.drafts.kept_for == timedelta(days=3)
    finally:
        register.close()


def _an_internal_error() -> None:
    raise RuntimeError("a fault of ours")


@pytest.mark.parametrize("debug", [None, "0", "perhaps"])
def test_an_internal_error_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], debug: str | None
) -> None:
    # An unreadable SHAREWISE_DEBUG is not a reason to show a traceback either.
    if debug is None:
        monkeypatch.delenv("SHAREWISE_DEBUG", raising=False)
    else:
        monkeypatch.setenv("SHAREWISE_DEBUG", debug)
    monkeypatch.setattr(cli, "app", _an_internal_error)
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 1
    said = capsys.readouterr().err
    assert "internal error (RuntimeError)" in said and "a fault of ours" not in said


def test_debug_shows_the_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHAREWISE_DEBUG", "1")
    monkeypatch.setattr(cli, "app", _an_internal_error)
    with pytest.raises(RuntimeError, match="a fault of ours"):
        cli.main()
