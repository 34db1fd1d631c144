"""The whole case in docs/api.md, from assessment to a saved record and on to consent,
run as written: each command from that section on, in order, against the API (curl) and
the command line (sharewise) on an empty register."""

from __future__ import annotations

import re
import shlex
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sharewise.api import create_api
from sharewise.cli import app
from sharewise.register.store import Register
from tests.conftest import ROOT

BASE = "http://127.0.0.1:8000/api/v1"
CAPTURE = re.compile(r"^(\w+)=\$\((.*)\| jq -r \.(\w+)\)$", re.DOTALL)
LAST_LINE = re.compile(r"^(\w+)=\$\((sharewise .*)\| tail -n 1\)$", re.DOTALL)


def the_whole_case() -> list[str]:
    """The shell commands from that section on, one a paragraph of a sh block."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text.split("## A whole case")[1], re.DOTALL)
    return [command.strip() for block in blocks for command in block.split("\n\n")]


def curl(client: TestClient, command: str) -> Any:
    """What curl would send, sent to the client: the method, the headers, the body."""
    words = shlex.split(command.replace("\\\n", " "))
    assert words[0] == "curl", command
    method, headers, body, url = "GET", {}, None, None
    options = iter(words[1:])
    for word in options:
        if word == "-X":
            method = next(options)
        elif word == "-H":
            name, value = next(options).split(": ", 1)
            headers[name] = value
        elif word == "-d":
            body, method = next(options), "POST" if method == "GET" else method
        elif word.startswith(BASE):
            url = word.removeprefix(BASE)
        else:
            assert word == "-s", f"the walk uses only -s, -X, -H and -d: {word}"
    assert url is not None, command
    response = client.request(method, url, headers=headers, content=body)
    assert response.status_code < 300, (command, response.text)
    return response


def sharewise(command: str) -> str:
    """A command of the server's command line, run in this process: what it printed."""
    words = shlex.split(command)
    assert words[0] == "sharewise", command
    result = CliRunner().invoke(app, words[1:])
    assert result.exit_code == 0, (command, result.output)
    return str(result.output)


def test_the_whole_case_in_the_api_docs_runs_as_written(
    register: Register, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", database_url)  # the command line's register
    client = TestClient(create_api(register))
    commands = the_whole_case()
    names: dict[str, str] = {}
    answers = []
    for command in commands:
        for name, value in names.items():
            command = command.replace(f"${name}", value)
        if captured := CAPTURE.match(command):
            name, command, field = captured.groups()
            names[name] = curl(client, command).json()[field]
        elif printed := LAST_LINE.match(command):
            name, command = printed.groups()
            names[name] = sharewise(command).strip().splitlines()[-1]
        elif command.startswith("sharewise "):
            sharewise(command)
        else:
            answers.append(curl(client, command))
    so_far, assessed, recorded = answers[1].json(), answers[2].json(), answers[3].json()
    assert so_far["outcome"] == "incomplete" and so_far["next_question"] == "consent.status"
    assert assessed["outcome"] == "share_without_consent" and assessed["urgent_safeguarding"]
    assert recorded["id"] == names["ID"] and recorded["outcome"] == "share_without_consent"
    lily = answers[4].json()
    assert [d["id"] for d in lily["decisions"]] == [names["ID"]]
    assert names["ID"] in answers[6].text.splitlines()[1]
    covered, withdrawal, after = (answer.json() for answer in answers[7:10])
    assert covered["status"] == "covered" and covered["consent_id"] == names["CONSENT"]
    assert withdrawal["kind"] == "withdrawn" and withdrawal["refers_to"] == names["CONSENT"]
    assert after["status"] == "withdrawn"
    assert [c["kind"] for c in answers[10].json()["items"]] == ["withdrawn", "given"]
    (consent,) = answers[11].json()["consents"]
    assert consent["consent_id"] == names["CONSENT"] and consent["withdrawn"]
    # The practitioner, the user who acts as them and the person added (each an entry of
    # the directory), then the decision, the consent and its withdrawal; and each read of
    # personal data the walk made, an entry of the access log.
    reads = register.reads("northfield-nhs", limit=100)
    assert {r.read for r in reads} >= {"decision", "decisions", "export", "person", "consents"}
    assert {r.username for r in reads} == {"ali.shah"}
    assert register.entry_count() == 6 + len(reads)
