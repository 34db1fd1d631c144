"""Every scenario that reaches an answer, worked through the web flow as a practitioner
would (one question per page, answering from the scenario's facts and leaving the rest
as the contract's defaults), ends at the outcome its file expects."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.engine.assessment import HEADLINES
from sharewise.engine.interview import get_fact
from sharewise.guidance import load_edition
from sharewise.web.forms import as_sent
from tests.conftest import SCENARIOS, load_scenario
from tests.web.test_http import start

QUESTIONS = load_edition().questions
# What a page is answered with when the scenario leaves the fact out: the contract's
# default, or "not known" where a blank is allowed.
DEFAULTS: dict[str, Any] = {
    "legal_duty": "none",
    "harm.child": "none",
    "harm.adult": "none",
    "harm.serious_crime": False,
    "court_order_challenged": False,
    "emergency": False,
    "sensitive": False,
    "consent.given_by": "subject",
    # The flow asks it of everyone; where a scenario leaves it out, the presumption of
    # 3.30 holds, or (consent not sought from a child) either answer leads to asking.
    "competent_to_consent": True,
    "consent.informed": True,
    "consent.freely_given": True,
    "consent.covers_this_sharing": True,
}
SETTLED = [p for p in SCENARIOS if load_scenario(p)["expected"]["outcome"] != "incomplete"]


def _form(fact: str, value: Any) -> str | list[str]:
    if value is None:
        return as_sent(None) if QUESTIONS[fact].kind == "choice" else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [str(item) for item in value] or "none"
    return str(value)


@pytest.mark.parametrize("path", SETTLED, ids=lambda path: path.stem)
def test_the_web_flow_reaches_each_scenario_s_outcome(client: TestClient, path: Path) -> None:
    scenario = load_scenario(path)
    facts, expected = scenario["facts"], scenario["expected"]
    draft = start(client)
    response = client.get(f"{draft}/check")
    for _ in range(40):
        if "/questions/" not in str(response.url):
            break
        assert response.status_code == 200, response.text[:300]
        fact = str(response.url).rsplit("/", 1)[1].split("?")[0]
        value = get_fact(facts, fact)
        value = DEFAULTS.get(fact) if value is None else value
        response = client.post(str(response.url), data={"answer": _form(fact, value)})
    assert str(response.url).endswith("/check"), f"stuck at {response.url}"
    outcome = client.get(f"{draft}/outcome")
    assert outcome.status_code == 200
    assert html.escape(HEADLINES[expected["outcome"]]) in outcome.text
    urgent = 'id="urgent"' in outcome.text
    assert urgent is expected["urgent_safeguarding"]
