"""The `sharewise` command, as a person uses it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sharewise import assess
from sharewise.cli import app
from sharewise.cli.assess import SchemaOf, schema_text
from tests.conftest import ROOT, SCENARIOS, load_scenario

runner = CliRunner()


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


def test_assess_prints_a_readable_assessment_of_a_scenario() -> None:
    path = ROOT / "scenarios" / "example-failing-to-thrive-parents-refuse.yaml"
    result = run("assess", str(path))
    assert result.exit_code == 0, result.output
    assert "Urgent: safeguarding" in result.output
    assert "Share without consent" in result.output
    assert "3.42" in result.output


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_assess_json_is_the_engines_assessment(path: Path) -> None:
    result = run("assess", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == assess(load_scenario(path)["facts"]).model_dump(mode="json")


def test_assess_reads_json_from_standard_input() -> None:
    facts = {"legitimate_purpose": False}
    result = run("assess", "-", "--json", stdin=json.dumps(facts))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["outcome"] == "do_not_share"


def test_an_incomplete_case_names_the_next_question() -> None:
    result = run("assess", "-", stdin="legitimate_purpose: true\n")
    assert result.exit_code == 0
    assert "identifiable" in result.output
    assert "More is needed" in result.output


@pytest.mark.parametrize(
    ("document", "names"),
    [
        ("harm:\n  child: maybe\n", ["harm.child", "reasonable_cause"]),
        ("about: adult\nage: 10\n", ["age", "18 to 130"]),
        ("colour: red\n", ["colour", "not a known field", "legitimate_purpose"]),
        ("consent:\n  status: yes\n", ["consent.status", "not_sought"]),
        ("consent_unsafe: [fear]\n", ["consent_unsafe[0]", "increase_risk_of_harm"]),
        ("age: fifteen\n", ["age", "whole number from 0 to 130"]),
        ("- a list\n", ["mapping"]),
        ("about: [child\n", ["not valid YAML or JSON", "line"]),
        ("facts: 3\n", ["facts must be a mapping"]),
    ],
)
def test_bad_input_exits_2_naming_the_field(document: str, names: list[str]) -> None:
    result = run("assess", "-", stdin=document)
    assert result.exit_code == 2
    for name in names:
        assert name in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_exits_2() -> None:
    result = run("assess", "no-such-case.yaml")
    assert result.exit_code == 2
    assert "no file no-such-case.yaml" in result.output


def test_explain_prints_a_paragraph_a_rule_and_a_term() -> None:
    assert "3.42" in run("explain", "3.42").output
    assert "Golden rule 3" in run("explain", "gr3").output
    term = run("explain", "serious harm")
    assert term.exit_code == 0 and "glossary" in term.output


def test_explain_refuses_what_is_not_in_the_guidance() -> None:
    result = run("explain", "9.99")
    assert result.exit_code == 2
    assert "'9.99' is not in the guidance" in result.output


def test_rules_lists_the_seven_golden_rules() -> None:
    result = run("rules")
    assert result.exit_code == 0
    for number in range(1, 8):
        assert f"{number}." in result.output


@pytest.mark.parametrize("of", list(SchemaOf))
def test_the_schema_in_docs_is_the_one_the_command_prints(of: SchemaOf) -> None:
    result = run("schema", "--of", of.value)
    assert result.exit_code == 0
    assert result.output == schema_text(of)
    kept = ROOT / "docs" / f"{'case-facts' if of is SchemaOf.facts else 'assessment'}.schema.json"
    assert kept.read_text(encoding="utf-8") == result.output, "run: sharewise schema > docs/…"


def test_the_interview_asks_one_question_at_a_time_and_saves(tmp_path: Path) -> None:
    saved = tmp_path / "case.yaml"
    # The opening questions, then the engine's: a 15-year-old's parent refuses; the
    # teenager is judged competent, so the parent's refusal is not the one that counts.
    answers = [
        "Refer to the school nurse",  # purpose
        "",  # recipient: skipped
        "1",  # about: child
        "15",  # age
        "?",  # asks for the guidance, then answers
        "1",  # legal duty: none
        "2",  # harm to a child: none
        "2",  # harm to an adult: none
        "2",  # serious crime: no
        "2",  # emergency: no
        "2",  # sensitive: no
        "1",  # legitimate purpose: yes
        "1",  # identifiable: yes
        "1",  # confidential: yes
        "2",  # consent.status: refused
        "2",  # given_by: parent
        "1",  # competent: yes
        "0",  # consent_unsafe: none
    ]
    result = run("interview", "--save", str(saved), stdin="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "What the guidance says" in result.output
    assert "Seek consent before sharing" in result.output
    facts = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert facts["consent"] == {"status": "refused", "given_by": "parent"}
    assert assess(facts).outcome == "seek_consent"
    assert "recipient" not in facts


def test_the_interview_says_what_to_enter_when_an_answer_will_not_do() -> None:
    answers = ["Refer to the school nurse", "", "4", "1", "ten", "200", "15", "1,x"]
    result = run("interview", stdin="\n".join(answers) + "\n")
    assert "Enter a number from 1 to 3." in result.output
    assert "Enter a whole number, like 15, or leave it blank if not known." in result.output
    assert "Enter a whole number from 0 to 130, or leave it blank if not known." in result.output
    assert "Enter a number from 1 to 3." in result.output.split("How old is the person?")[1]


def test_the_interview_stops_cleanly_when_input_ends() -> None:
    result = run("interview", stdin="a purpose\n")
    assert result.exit_code == 1
    assert "Nothing was saved" in result.output


def test_the_installed_command_runs() -> None:
    path = SCENARIOS[0]
    done = subprocess.run(
        [Path(sys.executable).with_name("sharewise"), "assess", str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["guidance_edition"] == "2008"
