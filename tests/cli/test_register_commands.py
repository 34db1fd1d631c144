"""The register's commands, as a person uses them: every write says what it stored,
bad input exits 2 naming the field and stores nothing, verify exits 1 on tampering."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from sharewise.cli import app
from tests.register.helpers import consent, decision

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", url)
    return url


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


AREA_ENTRIES = 3  # setup_area's practitioner and two people: each an entry of the council's


def setup_area() -> None:
    for args in (
        ("organisation", "add", "council", "Riverside Council", "--sector", "local_authority"),
        ("organisation", "add", "trust", "Riverside NHS Trust", "--sector", "health"),
        (
            "service",
            "add",
            "early-help",
            "Early Help Hub",
            "--member",
            "council",
            "--member",
            "trust",
        ),
        ("practitioner", "add", "council", "jo", "Jo Smith", "--role", "Family support worker"),
        ("person", "add", "council", "AMY", "Amy", "Brown", "--born", "2016-01-01"),
        ("person", "add", "council", "LEE", "Lee", "Brown", "--born", "1985-01-01"),
    ):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert "Stored" in result.output


def test_a_decision_is_recorded_listed_shown_and_exported(database: str, tmp_path: Path) -> None:
    setup_area()
    case = tmp_path / "decision.yaml"
    case.write_text(yaml.safe_dump(decision()), encoding="utf-8")
    recorded = run("record", str(case))
    assert recorded.exit_code == 0, recorded.output
    assert "Stored Decision record" in recorded.output
    assert f"entry {AREA_ENTRIES + 1} " in recorded.output
    listed = run("records", "list", "--organisation", "council")
    assert "share" in listed.output and "AMY" in listed.output
    record_id = recorded.output.split("Decision record ")[1].split()[0]
    shown = run("records", "show", record_id)
    assert json.loads(shown.output)["body"]["decision"]["share"] is True
    exported = tmp_path / "out.csv"
    assert run("records", "export", "--format", "csv", "--output", str(exported)).exit_code == 0
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,recorded_at") and len(lines) == 2
    as_json = run("records", "export", "--format", "json")
    assert json.loads(as_json.stdout.splitlines()[0])["id"] == record_id


def test_a_bad_record_exits_2_names_the_field_and_stores_nothing(database: str) -> None:
    setup_area()
    bad = decision(practitioner="nobody")
    result = run("record", "-", stdin=json.dumps(bad))
    assert result.exit_code == 2
    assert "practitioner" in result.output and "Allowed: jo" in result.output
    assert "Traceback" not in result.output
    assert "0 shown" in run("records", "list").output


def test_consents_are_added_withdrawn_listed_and_checked(database: str, tmp_path: Path) -> None:
    setup_area()
    run("service", "add", "unused", "Unused", "--member", "council")
    path = tmp_path / "consent.yaml"
    path.write_text(yaml.safe_dump(consent(relative=None)), encoding="utf-8")
    added = run("consent", "add", str(path))
    assert added.exit_code == 0, added.output
    consent_id = added.output.split("Consent record ")[1].split()[0]
    where = ("--organisation", "council", "--person", "AMY")
    check = (*where, "--purpose", "Early help assessment", "--recipient", "trust")
    assert "Covered" in run("consent", "covers", *check).output
    withdrawn = run(
        "consent",
        "withdraw",
        consent_id,
        "--organisation",
        "council",
        "--by",
        "jo",
        "--how",
        "By phone",
    )
    assert withdrawn.exit_code == 0 and "withdrawn" in withdrawn.output
    covers = run("consent", "covers", *check)
    assert "Withdrawn" in covers.output and '"status": "withdrawn"' in covers.output
    assert "withdrawn" in run("consent", "list", *where).output


def test_tidying_puts_the_search_index_in_one_piece_and_finds_the_same(database: str) -> None:
    """SQLite's text index holds each decision's text apart until it is merged: tidied,
    it is in one piece, and a search lists what it listed."""
    setup_area()
    for reasons in ("Her father agreed.", "Agreed at school.", "Her father asked us to."):
        run(
            "record",
            "-",
            stdin=json.dumps({**decision(), "decision": {"share": True, "reasons": reasons}}),
        )
    pieces = text("SELECT count(DISTINCT segid) FROM decision_texts_idx")
    engine = create_engine(database)
    with engine.connect() as connection:
        apart = connection.execute(pieces).scalar_one()
    listed = run("records", "list", "--search", "FATHER")
    tidied = run("db", "tidy")
    assert tidied.exit_code == 0 and "The search's index is in order." in tidied.output
    with engine.connect() as connection:
        assert apart > 1 and connection.execute(pieces).scalar_one() == 1
    engine.dispose()
    assert run("records", "list", "--search", "FATHER").output == listed.output
    assert "2 shown from 1." in listed.output


def test_verify_prints_the_head_and_exits_1_on_tampering(database: str) -> None:
    setup_area()
    run("record", "-", stdin=json.dumps(decision()))
    run("record", "-", stdin=json.dumps(decision()))
    intact = run("verify")
    assert intact.exit_code == 0 and f"Intact: {AREA_ENTRIES + 2} entries" in intact.output
    head = run("verify", "--head").output.strip()
    assert run("verify", "--expect-head", head).exit_code == 0
    assert run("verify", "--expect-head", "nonsense").exit_code == 2
    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER decision_records_no_update"))
        connection.execute(
            text(
                f"UPDATE decision_records SET outcome = 'must_share' WHERE seq = {AREA_ENTRIES + 2}"
            )
        )
    engine.dispose()
    tampered = run("verify")
    assert tampered.exit_code == 1
    assert f"First bad entry: organisation 1, entry {AREA_ENTRIES + 2}" in tampered.output


def test_a_changed_search_index_is_found_by_verify_and_made_anew(database: str) -> None:
    setup_area()
    for reasons in ("Her father agreed.", "Agreed at school."):
        run(
            "record",
            "-",
            stdin=json.dumps({**decision(), "decision": {"share": True, "reasons": reasons}}),
        )
    listed = run("records", "list", "--search", "father").output
    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE decision_texts SET words = 'nothing'"))
    engine.dispose()
    assert "0 shown from 0." in run("records", "list", "--search", "father").output
    tampered = run("verify")
    assert tampered.exit_code == 1 and "the search's index" in tampered.output
    remade = run("db", "reindex")
    assert remade.exit_code == 0
    assert "The search's index was made anew from 2 decisions' records." in remade.output
    assert run("verify").exit_code == 0
    assert run("records", "list", "--search", "father").output == listed


def test_the_demo_seeds_an_empty_register_which_then_verifies(database: str) -> None:
    seeded = run("demo", "--decisions", "300")
    assert seeded.exit_code == 0, seeded.output
    assert "300 decision records" in seeded.output
    assert run("verify").exit_code == 0
    assert run("demo", "--if-empty").exit_code == 0
    again = run("demo")
    assert again.exit_code == 2 and "not empty" in again.output


@pytest.mark.parametrize("given", ["0", "-5", "many", "1.5", "10000001"])
def test_the_demo_takes_a_positive_number_of_decisions_only(database: str, given: str) -> None:
    refused = run("demo", "--decisions", given)
    said = " ".join(refused.output.replace("│", " ").split())
    assert refused.exit_code == 2
    assert "Invalid value for '--decisions': Input should be" in said, said
    assert any(
        allowed in said
        for allowed in ("greater than or equal to 1", "a valid integer", "less than or equal to")
    )


def test_a_database_url_that_is_not_one_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", "mongodb://somewhere")
    result = run("records", "list")
    assert result.exit_code == 2 and "Allowed: sqlite, postgresql" in result.output
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", "not a url")
    assert "is not a database URL" in run("db", "upgrade").output


def test_a_sqlite_too_old_for_the_search_is_named_with_what_will_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", f"sqlite:///{tmp_path / 'old.sqlite3'}")
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    result = run("db", "upgrade")
    said = " ".join(result.output.replace("│", " ").split())
    assert result.exit_code == 2, said
    assert "SQLite is 3.31.1. Allowed: SQLite 3.35 or newer" in said
    assert "Traceback" not in said and not (tmp_path / "old.sqlite3").exists()


def test_withdrawing_a_correction_withdraws_the_consent(database: str, tmp_path: Path) -> None:
    setup_area()
    path = tmp_path / "consent.yaml"
    path.write_text(yaml.safe_dump(consent(relative=None)), encoding="utf-8")
    given = run("consent", "add", str(path)).output.split("Consent record ")[1].split()[0]
    path.write_text(yaml.safe_dump(consent(relative=None, corrects=given)), encoding="utf-8")
    corrected = run("consent", "add", str(path)).output.split("Consent record ")[1].split()[0]
    where = ("--organisation", "council", "--person", "AMY")
    listed = run("consent", "list", *where).output
    assert f"{given}  (corrected)" in listed and f"{corrected}  (stands)" in listed
    withdraw = ("--organisation", "council", "--by", "jo", "--how", "By phone")
    assert run("consent", "withdraw", corrected, *withdraw).exit_code == 0
    check = (*where, "--purpose", "Early help assessment", "--recipient", "trust")
    covers = run("consent", "covers", *check).output
    assert "Withdrawn" in covers and "Paragraphs: 3.21" in covers
    listed = run("consent", "list", *where).output
    assert f"{given}  (withdrawn)" in listed and f"{corrected}  (withdrawn)" in listed
    assert f"Consent {given}: withdrawn" in listed
    again = run("consent", "withdraw", given, *withdraw)
    assert again.exit_code == 2 and "withdrawn already" in again.output


def test_an_organisations_purposes_are_added_and_listed(database: str) -> None:
    setup_area()
    assert "keeps no list of purposes yet" in run("purpose", "list", "council").output
    for purpose in ("Early help", "Health assessment"):
        added = run("purpose", "add", "council", purpose)
        assert added.exit_code == 0 and "Stored purpose" in added.output, added.output
    again = run("purpose", "add", "council", "Early help")
    assert again.exit_code == 2 and "in council's list already" in again.output
    assert run("purpose", "list", "council").output.splitlines() == [
        "Early help",
        "Health assessment",
    ]
    assert run("purpose", "list", "nowhere").exit_code == 2


def test_a_framework_document_is_published_from_a_file_and_listed(
    database: str, tmp_path: Path
) -> None:
    run("organisation", "add", "council", "Riverside Council", "--sector", "local_authority")
    assert "has published no documents yet" in run("governance", "list", "council").output
    text = tmp_path / "code.txt"
    text.write_text("Share what is necessary.\n\nRecord why.", encoding="utf-8")
    where = ("--organisation", "council", "--file", str(text), "--by", "council-governance")
    for title in ("Code of practice", "Code of practice, revised"):
        published = run("governance", "publish", *where, "--kind", "code-of-practice",
                        "--title", title)  # fmt: skip
        assert published.exit_code == 0 and "Published version" in published.output
    listed = run("governance", "list", "council").output
    assert "version 2, Code of practice, revised" in listed and "2 version(s)" in listed
    refused = run("governance", "publish", *where, "--kind", "policy", "--title", "T")
    assert refused.exit_code == 2 and "kind" in refused.output
    missing = run("governance", "publish", *where[:2], "--file", str(tmp_path / "none.txt"),
                  "--by", "x", "--kind", "procedures", "--title", "T")  # fmt: skip
    assert missing.exit_code == 2 and "cannot read" in missing.output
