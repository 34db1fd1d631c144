"""`sharewise records list|export` take the register's DecisionFilters as options: one
option a filter, each described by the filter itself, checked in its words, on both
databases."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from sharewise.cli import app
from sharewise.register.filters import DecisionFilters
from sharewise.register.store import Register
from tests.register.helpers import decision, not_sharing

runner = CliRunner()


@pytest.fixture
def decided(area: Register, database_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Three decisions in the area's register, which the commands open: newest first."""
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", database_url)
    housing = decision()
    housing["facts"]["purpose"] = "Housing support"
    ids = [
        area.record_decision(housing).id,
        area.record_decision(decision()).id,
        area.record_decision(not_sharing(person="SAM")).id,
    ]
    return ids[::-1]


def exported(*args: str) -> list[str]:
    result = runner.invoke(app, ["records", "export", "--format", "csv", *args])
    assert result.exit_code == 0, result.output
    return [row["id"] for row in csv.DictReader(io.StringIO(result.stdout))]


def test_every_filter_is_an_option_of_list_and_export() -> None:
    for command in ("list", "export"):
        shown = runner.invoke(app, ["records", command, "--help"], terminal_width=200).output
        for name, field in DecisionFilters.model_fields.items():
            assert f"--{name}" in shown, (command, name)
            assert str(field.description).split()[0] in shown
        assert "--not-shared" in shown and "seek_consent" in shown


def test_the_filters_narrow_what_is_listed_and_exported(decided: list[str]) -> None:
    sam, amy, housing = decided
    assert exported() == decided
    assert exported("--search", "HOUSING") == [housing]
    assert exported("--search", "clear purpose") == [sam]
    assert exported("--not-shared") == [sam]
    assert exported("--person", "AMY", "--shared") == [amy, housing]
    assert exported("--outcome", "do_not_share") == [sam]
    assert exported("--since", "2000-01-01", "--until", "2999-12-31") == decided
    assert exported("--until", "2000-01-01") == []
    listed = runner.invoke(app, ["records", "list", "--search", "housing"])
    assert listed.exit_code == 0 and "1 shown" in listed.output


def test_filters_that_are_wrong_exit_2_naming_each(decided: list[str]) -> None:
    reversed_dates = ("--since", "2026-11-06", "--until", "2026-11-05")
    for command in ("list", "export"):
        result = runner.invoke(app, ["records", command, *reversed_dates], terminal_width=200)
        assert result.exit_code == 2, result.output
        assert "until: the 'until' date must be the same as or after the 'from' date" in (
            result.output
        )
    result = runner.invoke(app, ["records", "list", "--outcome", "maybe", "--since", "soon"])
    assert result.exit_code == 2
    assert "outcome: the text 'maybe' is not allowed" in result.output
    assert "since: is not a real date or moment" in result.output
    assert "Traceback" not in result.output
