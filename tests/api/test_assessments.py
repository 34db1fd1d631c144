"""Every scenario, posted to the API, gets the answer its file expects."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SCENARIOS, load_scenario

ANSWER = ("outcome", "urgent_safeguarding", "inform_subject", "next_question")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_the_api_answers_each_scenario(bare: TestClient, path: Path) -> None:
    scenario = load_scenario(path)
    response = bare.post("/assessments", json=scenario["facts"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert {key: body[key] for key in ANSWER} == {key: scenario["expected"][key] for key in ANSWER}
    assert set(scenario["expected"].get("citations_include", [])) <= set(body["citations"])
    assert not set(scenario["expected"].get("citations_exclude", [])) & set(body["citations"])
