"""How many question pages the web flow asks for each scenario that reaches an answer:
with nobody named, and with the person and the recipient chosen from the register (whose
date of birth, identity and name then answer those pages). The figures are in
docs/question-pages.md.

    .venv/bin/python bench/question_pages.py [--markdown]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.accounts import add_account, signed_in
from tests.web.helpers import ready_for_forms

from sharewise.engine.interview import get_fact
from sharewise.guidance import load_edition
from sharewise.register.store import Register
from sharewise.server import create_app

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))
QUESTIONS = load_edition().questions
# The contract's defaults, answered where a scenario leaves a fact out.
DEFAULTS: dict[str, Any] = {
    "legal_duty": "none",
    "court_order_challenged": False,
    "harm.child": "none",
    "harm.adult": "none",
    "harm.serious_crime": False,
    "emergency": False,
    "sensitive": False,
    "consent.given_by": "subject",
    "consent.informed": True,
    "consent.freely_given": True,
    "consent.covers_this_sharing": True,
    "competent_to_consent": True,
}


def _form(fact: str, value: Any) -> Any:
    if value is None:
        return "not-known" if QUESTIONS[fact].kind == "choice" else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [str(v) for v in value] or "none"
    return str(value)


def _area(url: str, scenarios: list[dict[str, Any]]) -> dict[str, str]:
    """The area, and the cookie of a practitioner signed in there."""
    register = Register.open(url)
    register.add_organisation("org", "An organisation", "local_authority")
    register.add_organisation("recipient", "A recipient", "health")
    register.add_practitioner("org", "p", "A practitioner", "Worker")
    today = date.today()
    for number, scenario in enumerate(scenarios):
        age = scenario["facts"].get("age")
        born = None if age is None else date(today.year - age - 1, today.month, 1)
        if born is not None and (today.month, today.day) >= (born.month, born.day):
            born = date(today.year - age, today.month, 1)
        register.add_person("org", f"P{number}", "Given", "Family", born)
    add_account(register, "org", "worker", practitioner="p")
    cookie = signed_in(register, "worker")
    register.close()
    return cookie


def pages(client: TestClient, facts: dict[str, Any], person: str) -> int:
    """The question pages a practitioner sees, counting a change on check your answers
    of what the register answered wrongly for this case as one page."""
    draft = str(client.get("/decisions/new").url).rsplit("/", 1)[0]
    client.post(f"{draft}/person", data={"person": person})
    if person:
        client.post(f"{draft}/recipient", data={"recipient": "recipient"})
    drafts = client.app.state.register.drafts  # type: ignore[attr-defined]
    known = (drafts.get(draft.rsplit("/", 1)[1]) or {}).get("known", {})
    # What the register answered that this case says otherwise is changed, a page each.
    wrong = [f for f, v in known.items() if get_fact(facts, f) not in (None, v)]
    for fact in wrong:
        client.post(
            f"{draft}/questions/{fact}?change=1",
            data={"answer": _form(fact, get_fact(facts, fact))},
        )
    response = client.get(f"{draft}/check")
    count = len(wrong)
    while "/questions/" in str(response.url):
        if count >= 60:
            raise AssertionError(f"the flow did not end: {response.url}")
        fact = str(response.url).rsplit("/", 1)[1].split("?")[0]
        value = get_fact(facts, fact)
        answer = _form(fact, DEFAULTS.get(fact) if value is None else value)
        response = client.post(str(response.url), data={"answer": answer})
        if response.status_code == 422 and QUESTIONS[fact].answers:
            # A flow that offers no such answer (an older one, without "I do not know")
            # is given its first.
            first = _form(fact, QUESTIONS[fact].answers[0].value)
            response = client.post(str(response.url), data={"answer": first})
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    scenarios = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in SCENARIOS]
    settled = [
        (path.stem, s, n)
        for n, (path, s) in enumerate(zip(SCENARIOS, scenarios, strict=True))
        if s["expected"]["outcome"] != "incomplete"
    ]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/pages.sqlite3"
        cookie = _area(url, scenarios)
        # In-process, at the name TestClient gives: the one host these requests are for.
        os.environ["SHAREWISE_ALLOWED_HOSTS"] = "testserver"
        with TestClient(create_app(url), cookies=cookie) as client:
            ready_for_forms(client)
            rows = [
                (name, pages(client, s["facts"], ""), pages(client, s["facts"], f"P{n}"))
                for name, s, n in settled
            ]
    if args.markdown:
        print("| scenario | nobody named | person and recipient from the register |")
        print("| --- | ---: | ---: |")
    for name, unnamed, named in rows:
        print(f"| {name} | {unnamed} | {named} |" if args.markdown else f"{name} {unnamed} {named}")
    total_unnamed = sum(r[1] for r in rows) / len(rows)
    total_named = sum(r[2] for r in rows) / len(rows)
    print(f"\nmean: {total_unnamed:.1f} pages with nobody named, {total_named:.1f} when chosen")


if __name__ == "__main__":
    main()
