"""`sharewise deidentify FILE`: the masked note and a table of what was masked, or what
is wrong with the file, named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sharewise.advice import Known, deidentify
from sharewise.cli import app

runner = CliRunner()

TEXT = "Kayden (DOB 03/03/2019) lives at 12 Elm Road with mum Leanne, 07700 900123."
NOTE = (
    f'text: "{TEXT}"\n'
    + """\
known:
  subject: {role: child, name: Kayden Smith, dob: 2019-03-03, address: "12 Elm Road, Leeds"}
  linked:
    - {role: mother, name: Leanne Smith}
"""
)
MASKED = "[CHILD] (DOB [DATE OF BIRTH 1]) lives at [ADDRESS 1] with mum [PARENT 1], [PHONE 1]."


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "note.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_masked_note_and_a_table_of_what_was_masked(tmp_path: Path) -> None:
    result = runner.invoke(app, ["deidentify", write(tmp_path, NOTE)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(MASKED)
    assert "What was masked" in result.output
    for row in (("[CHILD]", "name", "0–6", "Kayden"), ("[PHONE 1]", "phone", "07700 900123")):
        assert any(all(cell in line for cell in row) for line in result.output.splitlines())


def test_json_is_what_the_api_returns(tmp_path: Path) -> None:
    result = runner.invoke(app, ["deidentify", write(tmp_path, NOTE), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["text"] == MASKED
    known = Known(subject={"role": "child", "name": "Kayden Smith", "dob": "2019-03-03",
                           "address": "12 Elm Road, Leeds"},
                  linked=[{"role": "mother", "name": "Leanne Smith"}])  # fmt: skip
    assert body == deidentify(TEXT, known).model_dump(mode="json")


def test_standard_input_and_nothing_to_mask() -> None:
    result = runner.invoke(app, ["deidentify", "-"], input='{"text": "A visit on 4 June."}')
    assert result.exit_code == 0, result.output
    assert "A visit on 4 June." in result.output and "Nothing was masked." in result.output


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("known: {}\n", "text: field required"),
        ("text: [1]\n", "text: a list is not allowed"),
        ("text: x\nknown:\n  subject: {nhs_number: 9434765919}\n", "known.subject.nhs_number"),
        ("text: x\nknown:\n  subject: {dob: 3 March}\n", "known.subject.dob"),
        ("text: x\nwho: me\n", "who: is not a known field"),
        ("- just\n- a list\n", "must hold a mapping"),
        ("text: [unclosed\n", "is not valid YAML or JSON at line"),
    ],
)
def test_a_bad_file_is_named_and_exits_2(tmp_path: Path, text: str, said: str) -> None:
    result = runner.invoke(app, ["deidentify", write(tmp_path, text)])
    assert result.exit_code == 2
    assert said in " ".join(result.output.split())  # however the file's path wraps it
    assert "Traceback" not in result.output


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    result = runner.invoke(app, ["deidentify", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2
    assert "there is no file" in result.output
