"""The interview over the API: the questions as data, answers parsed by the engine's one
parser, and a whole interview driven by a client that knows no question of its own."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise import assess
from sharewise.engine import ENGINE_VERSION, GUIDANCE_EDITION
from sharewise.engine.interview import get_fact
from sharewise.guidance import load_edition
from tests.api.helpers import problem
from tests.api.test_walk import curl
from tests.conftest import ROOT

EDITION = load_edition()
KINDS = {"choice", "multiple", "number", "text"}
QUESTION_LIMIT = 40  # there are 23 facts; an interview longer than this is a loop

# Everything a case of a baby failing to thrive needs asked, up to the reasons that
# make asking for consent unsafe: the base of the parsing tests below.
LILY: dict[str, Any] = {
    "purpose": "Find out why Lily is failing to thrive",
    "recipient": "Consultant paediatrician, Northfield NHS Trust",
    "about": "child",
    "age": 0,
    "legal_duty": "none",
    "harm.child": "reasonable_cause",
    "harm.adult": "none",
    "harm.serious_crime": False,
    "emergency": False,
    "sensitive": True,
    "legitimate_purpose": True,
    "identifiable": True,
    "confidential": True,
    "consent.status": "not_sought",
    "competent_to_consent": False,
    "consent_unsafe": ["increase_risk_of_harm", "cause_unjustified_delay"],
}


def interview(client: TestClient, answers: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/interviews", json={"answers": answers})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# --- the questions --------------------------------------------------------------------


def test_every_question_is_listed_in_the_files_order(bare: TestClient) -> None:
    response = bare.get("/questions")
    assert response.status_code == 200
    questions = response.json()
    assert [q["fact"] for q in questions] == list(EDITION.questions)
    for question in questions:
        assert set(question) == {
            "fact",
            "kind",
            "question",
            "hint",
            "answers",
            "paragraphs",
            "opening",
            "ask_when",
        }
        assert question["kind"] in KINDS and question["question"] and question["hint"]
        assert question == EDITION.questions[question["fact"]].model_dump(mode="json")
    assert {q["kind"] for q in questions} == KINDS
    about = next(q for q in questions if q["fact"] == "about")
    assert about["answers"][-1] == {
        "value": None,
        "label": "I do not know",
        "hint": "You will be asked their age next. Who can decide for them may then be asked.",
    }


def test_one_question_by_its_fact(bare: TestClient) -> None:
    response = bare.get("/questions/consent.given_by")
    assert response.status_code == 200
    question = response.json()
    assert question["ask_when"] == {"consent.status": ["given", "refused", "withdrawn"]}
    assert [a["value"] for a in question["answers"]] == [
        "subject",
        "parent",
        "local_authority",
        "best_interests",
    ]


def test_an_unknown_fact_is_404_naming_the_facts_there_are(bare: TestClient) -> None:
    body = problem(bare.get("/questions/colour"), 404)
    assert body["message"] == "No question asks for a fact 'colour'."
    [error] = body["errors"]
    assert error["field"] == "fact"
    assert error["allowed"].split(", ") == list(EDITION.questions)


# --- the guidance ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "kind", "named", "paragraphs"),
    [
        ("3.42", "paragraph", "3.42", []),
        ("gr3", "golden_rule", "GR3", EDITION.golden_rules["GR3"].paragraphs),
        ("Q4", "key_question", "Q4", EDITION.key_questions["Q4"].paragraphs),
        ("flowchart", "note", "flowchart", []),
        ("serious-harm", "term", "serious-harm", EDITION.glossary["serious-harm"].paragraphs),
        ("Serious harm", "term", "serious-harm", EDITION.glossary["serious-harm"].paragraphs),
    ],
)
def test_the_guidance_by_its_ref(
    bare: TestClient, ref: str, kind: str, named: str, paragraphs: list[str]
) -> None:
    response = bare.get(f"/guidance/{ref}")
    assert response.status_code == 200, response.text
    entry = response.json()
    assert (entry["ref"], entry["kind"], entry["paragraphs"]) == (named, kind, paragraphs)
    assert entry["title"] and entry["summary"] and entry["context"]
    if kind != "term":
        cited = EDITION.cite(ref)
        assert (entry["title"], entry["summary"]) == (cited.title, cited.summary)


def test_an_unknown_ref_is_404_naming_the_forms_allowed(bare: TestClient) -> None:
    body = problem(bare.get("/guidance/9.99"), 404)
    assert body["message"] == "Nothing in the guidance is called '9.99'."
    [error] = body["errors"]
    assert error["field"] == "ref"
    assert "a paragraph such as 3.42" in error["allowed"] and "GR1 to GR7" in error["allowed"]
    assert "serious-harm" in error["allowed"]


# --- answers, parsed ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fact", "sent", "value"),
    [
        ("about", "adult", "adult"),
        ("about", None, None),  # "I do not know": asked, but the fact stays missing
        ("harm.serious_crime", True, True),
        ("harm.serious_crime", "unsure", "unsure"),
        ("consent_unsafe", [], []),
        ("consent_unsafe", ["none"], []),
        ("consent_unsafe", ["prejudice_serious_crime"] * 2, ["prejudice_serious_crime"]),
        ("age", 15, 15),
        ("age", " 15 ", 15),
        ("age", "", None),
        ("age", None, None),
        ("purpose", "  Refer for early help  ", "Refer for early help"),
        ("purpose", "", None),
        ("recipient", None, None),
    ],
)
def test_every_kind_of_answer_is_parsed(bare: TestClient, fact: str, sent: Any, value: Any) -> None:
    answers = {**LILY, fact: sent}
    if fact == "about":
        answers["age"] = 40 if sent == "adult" else 0
        answers["harm.child"] = "none"
    where = interview(bare, answers)
    assert fact in where["path"]
    assert get_fact(where["facts"], fact) == value
    assert where["conflicts"] == [] and where["unused"] == []


@pytest.mark.parametrize(
    ("fact", "sent", "problem_is", "allowed"),
    [
        ("about", "teenager", "the text 'teenager' is not one of", "child, adult, or null"),
        ("legal_duty", None, "null is not one of", "none, statutory_duty, court_order"),
        ("emergency", "true", "the text 'true' is not one of", "true, false, unsure"),
        ("emergency", 1, "1 is not one of", "true, false, unsure"),
        ("consent_unsafe", "increase_risk_of_harm", "is not a list", "a list of any of"),
        ("consent_unsafe", None, "null is not a list", "an empty list for none of these"),
        ("consent_unsafe", ["none", "increase_risk_of_harm"], "'none' is given with", "a list"),
        ("consent_unsafe", ["because"], "the text 'because' is not one of", "a list"),
        ("age", "ten", "the text 'ten' is not a whole number", "a whole number from 0 to 130"),
        ("age", 15.5, "15.5 is not a whole number", "as a number or as digits"),
        ("age", True, "true is not a whole number", "blank or null if not known"),
        ("age", "-3", "the text '-3' is not a whole number", "a whole number from 0 to 130"),
        ("age", 131, "131 is not allowed", "a whole number from 0 to 130"),
        ("age", "9" * 5000, "a number 5000 digits long is too large", "from 0 to 130"),
        ("purpose", 7, "7 is not text", "text of at most 500 characters"),
        ("purpose", "x" * 501, "the text is 501 characters long", "at most 500 characters"),
        ("recipient", ["School nurse"], "a list is not text", "blank or null if not known"),
    ],
)
def test_an_answer_a_question_does_not_take_is_422_naming_it(
    bare: TestClient, fact: str, sent: Any, problem_is: str, allowed: str
) -> None:
    body = problem(bare.post("/interviews", json={"answers": {**LILY, fact: sent}}), 422)
    [error] = body["errors"]
    assert error["field"] == f"answers.{fact}"
    assert problem_is in error["problem"] and allowed in error["allowed"], error


def test_every_wrong_answer_is_named_at_once(bare: TestClient) -> None:
    sent = {"about": "x", "age": "ten", "colour": "red", "harm.child": "maybe"}
    errors = problem(bare.post("/interviews", json={"answers": sent}), 422)["errors"]
    assert [e["field"] for e in errors] == [
        "answers.about",
        "answers.age",
        "answers.harm.child",
        "answers.colour",
    ]
    assert errors[-1]["problem"] == "is not a known field"
    assert "harm.child" in errors[-1]["allowed"] and "consent_unsafe" in errors[-1]["allowed"]


def test_answers_that_are_not_a_mapping_are_422(bare: TestClient) -> None:
    errors = problem(bare.post("/interviews", json={"answers": ["about"]}), 422)["errors"]
    assert [e["field"] for e in errors] == ["answers"]
    assert errors[0]["allowed"].startswith("a mapping with the fields purpose, recipient")
    errors = problem(bare.post("/interviews", json={"answer": {}}), 422)["errors"]
    assert [e["field"] for e in errors] == ["answer"]


# --- whole interviews -----------------------------------------------------------------


def _no(question: dict[str, Any]) -> Any:
    """The answer a cautious practitioner gives when a case says nothing more: no (or
    none), nothing to tick, blank for a number, a few words for a text."""
    if question["kind"] == "text":
        return "Not given"
    if question["kind"] == "number":
        return ""
    if question["kind"] == "multiple":
        return []
    values = [answer["value"] for answer in question["answers"]]
    return next((no for no in (False, "none") if no in values), values[0])


# (what the case says, where the guidance leads, urgent)
CASES: dict[str, tuple[dict[str, Any], str, bool]] = {
    "consent given": (
        {
            "about": "adult",
            "age": "40",
            "legitimate_purpose": True,
            "identifiable": True,
            "confidential": True,
            "consent.status": "given",
            "consent.given_by": "subject",
            "consent.informed": True,
            "consent.freely_given": True,
            "consent.covers_this_sharing": True,
            "competent_to_consent": True,
        },
        "share",
        False,
    ),
    "asking is unsafe, a child at risk": (LILY, "share_without_consent", True),
    "unsure of the purpose": ({"legitimate_purpose": "unsure"}, "seek_advice", False),
    "a concern, not sure it is enough": (
        {
            "about": None,
            "age": 9,
            "harm.child": "unsure",
            "legitimate_purpose": True,
            "identifiable": True,
            "confidential": True,
            "consent.status": "not_sought",
            "consent_unsafe": ["increase_risk_of_harm"],
        },
        "seek_advice",
        False,
    ),
    "a statutory duty": ({"legal_duty": "statutory_duty"}, "must_share", False),
    "no lawful purpose": ({"legitimate_purpose": False}, "do_not_share", False),
    "consent not yet sought": (
        {
            "about": "adult",
            "legitimate_purpose": True,
            "identifiable": True,
            "confidential": True,
            "consent.status": "not_sought",
            "competent_to_consent": True,
        },
        "seek_consent",
        False,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_whole_interview_driven_only_through_the_api(bare: TestClient, case: str) -> None:
    says, outcome, urgent = CASES[case]
    answers: dict[str, Any] = {}
    asked: list[str] = []
    while (question := interview(bare, answers)["next"]) is not None:
        assert question["fact"] not in asked, f"asked {question['fact']} twice"
        assert len(asked) < QUESTION_LIMIT
        assert question["question"] and question["hint"]
        assert question["answers"] or question["kind"] in ("number", "text")
        asked.append(question["fact"])
        answers[question["fact"]] = says.get(question["fact"], _no(question))
    done = interview(bare, answers)
    assert done["path"] == asked and done["unused"] == [] and done["conflicts"] == []
    assessment = done["assessment"]
    assert (assessment["outcome"], assessment["urgent_safeguarding"]) == (outcome, urgent)
    assert assessment["next_question"] is None
    assert assessment == assess(done["facts"]).model_dump(mode="json")
    assert (done["engine_version"], done["guidance_edition"]) == (ENGINE_VERSION, GUIDANCE_EDITION)
    assert set(says) <= set(asked), "the case was not asked all it says"
    if "consent_unsafe" in says:
        assert done["facts"]["consent_unsafe"] == says["consent_unsafe"]


def test_the_first_question_comes_from_no_answers(bare: TestClient) -> None:
    for body in ({"answers": {}}, {}):
        response = bare.post("/interviews", json=body)
        assert response.status_code == 200, response.text
        start = response.json()
        assert (start["path"], start["facts"], start["next"]["fact"]) == ([], {}, "purpose")
        assert start["assessment"]["outcome"] == "incomplete"


def test_a_changed_earlier_answer_leaves_the_answers_it_no_longer_asks_for_unused(
    bare: TestClient,
) -> None:
    answers = {**LILY, "legal_duty": "court_order", "court_order_challenged": False}
    before = interview(bare, answers)
    assert "court_order_challenged" in before["path"]
    assert before["assessment"]["outcome"] == "must_share"
    after = interview(bare, {**answers, "legal_duty": "none"})
    assert after["unused"] == ["court_order_challenged"]
    assert "court_order_challenged" not in after["path"]
    assert "court_order_challenged" not in after["facts"]
    assert after["facts"]["legal_duty"] == "none"


def test_an_answer_that_no_longer_fits_is_asked_again_saying_why(bare: TestClient) -> None:
    answers = {**LILY, "age": 10}
    changed = interview(bare, {**answers, "about": "adult"})
    assert changed["next"]["fact"] == "age"
    assert changed["path"] == ["purpose", "recipient", "about"]
    [conflict] = changed["conflicts"]
    assert conflict["field"] == "age"
    assert conflict["problem"] == "10 is not allowed for an adult, who is 18 or over"
    assert conflict["allowed"].startswith("a whole number from 18 to 130")
    assert "age" not in changed["unused"] and "legal_duty" in changed["unused"]


# --- the document and the docs --------------------------------------------------------


def test_the_openapi_document_describes_each_answer_field_by_field(bare: TestClient) -> None:
    schemas = bare.get("/openapi.json").json()["components"]["schemas"]
    answers = schemas["Answers"]
    assert list(answers["properties"]) == list(EDITION.questions)
    assert answers["additionalProperties"] is False
    about = answers["properties"]["about"]
    assert about["enum"] == ["child", "adult", None]
    assert about["description"].startswith("Is the information about a child or an adult?")
    assert answers["properties"]["consent_unsafe"]["type"] == "array"
    for model in ("Question", "Choice", "Interview", "GuidanceEntry"):
        fields = schemas[model]["properties"]
        described = [name for name, field in fields.items() if field.get("description")]
        assert described, model
    assert set(schemas["Interview"]["properties"]) == {
        "asked_again",
        "path",
        "facts",
        "next",
        "conflicts",
        "unused",
        "assessment",
        "engine_version",
        "guidance_edition",
    }


def _the_interview_section() -> list[str]:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = text.split("## The interview")[1].split("\n## ")[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    return [command.strip() for block in blocks for command in block.split("\n\n")]


def test_the_interview_in_the_api_docs_runs_as_written(bare: TestClient) -> None:
    start, follow_up, changed, paragraph = (
        curl(bare, command).json() for command in _the_interview_section()
    )
    assert start["next"]["fact"] == "purpose"
    assert follow_up["next"]["fact"] == "court_order_challenged"
    assert follow_up["path"] == ["purpose", "recipient", "about", "age", "legal_duty"]
    assert follow_up["assessment"]["outcome"] == "must_share"
    assert changed["unused"] == ["court_order_challenged"]
    assert changed["next"]["fact"] == "harm.child"
    assert paragraph["ref"] == "3.42" and paragraph["kind"] == "paragraph"


def test_an_answer_not_known_and_needed_later_is_asked_again_and_said_so(
    client: TestClient,
) -> None:
    """Neither child nor adult, nor an age, known; then consent from a parent, whose word
    counts only for a child (3.22-3.35): `about` comes back, flagged as asked again."""
    answers = {
        **{k: v for k, v in LILY.items() if not k.startswith("consent")},
        "harm.child": "none",
        "about": None,
        "age": None,
        "consent.status": "given",
        "consent.given_by": "parent",
        "consent.informed": True,
        "consent.freely_given": True,
        "consent.covers_this_sharing": True,
        "competent_to_consent": False,
    }
    where = client.post("/interviews", json={"answers": answers}).json()
    assert where["next"]["fact"] == "about" and where["asked_again"] is True
    first = client.post("/interviews", json={"answers": {}}).json()
    assert first["asked_again"] is False
