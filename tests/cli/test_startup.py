"""The command starts quickly: each command loads only what it uses, and `sharewise
assess` none of the register's libraries (bench/cli_startup.py measures the time)."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module

import pytest
import typer
from typer.main import get_group
from typer.testing import CliRunner

from sharewise.cli import COMMANDS, app
from tests.conftest import SCENARIOS

# Each costs a cold start tenths of a second, and none is needed to assess a case.
REGISTER_LIBRARIES = (
    "sqlalchemy",
    "alembic",
    "psycopg",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "weasyprint",
    "pydantic_settings",
)

ASSESS_THEN_LIST_IMPORTS = """
import json, sys
from sharewise.cli import main
sys.argv = ["sharewise", "assess", sys.argv[1]]
try:
    main()
except SystemExit as end:
    assert not end.code, end.code
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


def test_assess_imports_none_of_the_register_libraries() -> None:
    done = subprocess.run(
        [sys.executable, "-c", ASSESS_THEN_LIST_IMPORTS, str(SCENARIOS[0])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Recommendation" in done.stdout
    imported = json.loads(done.stderr)
    packages = {name.partition(".")[0] for name in imported}
    assert sorted(packages.intersection(REGISTER_LIBRARIES)) == []
    assert [name for name in imported if name.startswith("sharewise.register")] == []


def test_every_command_a_module_defines_is_listed_under_that_module() -> None:
    """A command added to a module but not to COMMANDS would never be found."""
    for module, register in set(COMMANDS.values()):
        commands = typer.Typer()
        getattr(import_module(f"sharewise.cli.{module}"), register)(commands)
        for name in get_group(commands).commands:
            assert COMMANDS.get(name) == (module, register), name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_shows_its_help(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"sharewise {name}" in result.output


def test_the_command_lists_every_command() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    for name in COMMANDS:
        assert f"│ {name} " in result.output, name
