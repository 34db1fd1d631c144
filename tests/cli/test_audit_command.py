"""`sharewise audit report`: a month's report made by a manager or an auditor, recorded,
and written as its PDF; its head is what `sharewise verify --head` prints after it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sharewise.register.store import Register
from tests.accounts import add_account
from tests.cli.test_register_commands import database, run, setup_area
from tests.register.helpers import decision

__all__ = ["database"]  # the fixture, used by name

THIS_MONTH = datetime.now(UTC).strftime("%Y-%m")


def test_a_report_is_made_and_written_as_a_pdf(database: str, tmp_path: Path) -> None:
    setup_area()
    assert run("record", "-", stdin=json.dumps(decision())).exit_code == 0
    opened = Register.open(database)
    try:
        add_account(opened, "council", "council-auditor", ("auditor",))
        add_account(opened, "council", "jo.smith", practitioner="jo")
    finally:
        opened.close()
    out = tmp_path / "report.pdf"
    asked = ("audit", "report", "--organisation", "council", "--month", THIS_MONTH, "--out")
    made = run(*asked, str(out), "--by", "council-auditor")
    assert made.exit_code == 0, made.output
    assert out.read_bytes().startswith(b"%PDF-")
    printed = run("verify", "--head").output.strip().split(";")
    said = " ".join(made.output.split())
    assert any(f"Chain head: {head}" in said for head in printed), (said, printed)
    assert "1 of 1 records sampled" in said
    refused = run(*asked, str(tmp_path / "no.pdf"), "--by", "jo.smith")
    assert refused.exit_code == 2 and "not a manager or an auditor" in refused.output
    future = run(*asked[:-3], "--month", "2999-01", "--out", "x.pdf", "--by", "council-auditor")
    assert future.exit_code == 2 and "month" in future.output
    assert not (tmp_path / "no.pdf").exists()
