"""Advice requests through the API: the advisor reads the question de-identified and
nothing more, and answers; the asker reads the answer with the identifiers put back,
in a read that is logged, and records the outcome. Another advisor's request, or
another organisation's, is not found; a role that neither asks nor advises is refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.store import Register
from tests.accounts import bearer
from tests.advice_helpers import NAME_AMY, add_advisors, question


@pytest.fixture
def advised(staffed: Register) -> Register:
    add_advisors(staffed)
    return staffed


def _as(register: Register, username: str) -> TestClient:
    return TestClient(create_api(register), headers=bearer(register, username))


@pytest.fixture
def advisor(advised: Register) -> Iterator[TestClient]:
    with _as(advised, "council-advisor") as opened:
        yield opened


@pytest.fixture
def jo(advised: Register) -> Iterator[TestClient]:
    with _as(advised, "jo.smith") as opened:
        yield opened


def test_the_advisor_reads_no_identifier_and_the_asker_reads_them_put_back(
    advised: Register, advisor: TestClient, jo: TestClient
) -> None:
    asked = advised.ask_advice(question())
    listed = advisor.get("/advice-requests").json()
    assert [r["id"] for r in listed["addressed_to_you"]] == [asked.id] and not listed["asked"]
    read = advisor.get(f"/advice-requests/{asked.id}")
    assert read.status_code == 200 and read.json()["view"] == "advisor"
    assert NAME_AMY not in read.text and "AMY" not in read.text and "hidden" not in read.json()
    answered = advisor.post(
        f"/advice-requests/{asked.id}/answer", json={"answer": "Share what [CHILD] said."}
    )
    assert answered.status_code == 200 and NAME_AMY not in answered.text
    before = len(advised.reads("council"))
    mine = jo.get(f"/advice-requests/{asked.id}").json()
    assert mine["view"] == "asker" and mine["person"] == "AMY"
    assert mine["answer_as_given"] == "Share what [CHILD] said."
    assert [s["text"] for s in mine["hidden"]] == [NAME_AMY]
    newest = advised.reads("council")[0]
    assert len(advised.reads("council")) == before + 1
    assert (newest.read, newest.subject, newest.person) == ("advice", asked.id, "AMY")
    done = jo.post(f"/advice-requests/{asked.id}/outcome", json={"outcome": "I will share."})
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert "I will share." not in advisor.get(f"/advice-requests/{asked.id}").text


def test_another_advisors_or_organisations_request_is_not_found(advised: Register) -> None:
    council = advised.ask_advice(question())
    trust = advised.ask_advice(
        question(organisation="trust", asker="pat.lee", practitioner="pat",
                 advisor="trust-advisor", person=None)
    )  # fmt: skip
    with _as(advised, "kit.ray") as kit, _as(advised, "trust-advisor") as dee:
        assert kit.get(f"/advice-requests/{council.id}").status_code == 404
        assert kit.get(f"/advice-requests/{trust.id}").status_code == 404
        assert (
            kit.post(f"/advice-requests/{council.id}/answer", json={"answer": "Mine"}).status_code
            == 404
        )
        assert dee.get(f"/advice-requests/{council.id}").status_code == 404
        assert kit.get("/advice-requests").json()["addressed_to_you"] == []
    with _as(advised, "al.khan") as al:
        assert al.get(f"/advice-requests/{council.id}").status_code == 404
        assert (
            al.post(f"/advice-requests/{council.id}/outcome", json={"outcome": "Mine"}).status_code
            == 404
        )


@pytest.mark.parametrize(
    ("username", "method", "path"),
    [
        ("council-advisor", "post", "/advice-requests"),
        ("council-advisor", "post", "/advice-requests/{id}/outcome"),
        ("jo.smith", "post", "/advice-requests/{id}/answer"),
        ("council-admin", "get", "/advice-requests"),
        ("council-admin", "get", "/advice-requests/{id}"),
    ],
)
def test_a_role_that_may_not_is_refused(
    advised: Register, username: str, method: str, path: str
) -> None:
    asked = advised.ask_advice(question())
    with _as(advised, username) as client:
        answer = client.request(method, path.format(id=asked.id), json={})
    assert answer.status_code == 403
    assert answer.json()["status"] == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answer": ""}, "answer"),
        ({"answer": "x" * 5001}, "answer"),
        ({}, "answer"),
        ({"answer": "ok", "extra": 1}, "extra"),
    ],
)
def test_an_answer_that_is_not_one_is_refused_naming_the_field(
    advised: Register, advisor: TestClient, body: dict[str, object], field: str
) -> None:
    asked = advised.ask_advice(question())
    refused = advisor.post(f"/advice-requests/{asked.id}/answer", json=body)
    assert refused.status_code == 422
    assert field in refused.json()["errors"][0]["field"]


def test_an_answer_comes_once_and_the_outcome_after_it(
    advised: Register, advisor: TestClient, jo: TestClient
) -> None:
    asked = advised.ask_advice(question())
    early = jo.post(f"/advice-requests/{asked.id}/outcome", json={"outcome": "Wait"})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "outcome"
    assert advisor.post(f"/advice-requests/{asked.id}/answer", json={"answer": "A"}).is_success
    again = advisor.post(f"/advice-requests/{asked.id}/answer", json={"answer": "B"})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "answer"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"question": "Hello"}, "advisor"),
        ({"advisor": "council-advisor"}, "question"),
        ({"advisor": "council-advisor", "question": "Hi", "hide": ["x"] * 201}, "hide"),
        ({"advisor": "council-advisor", "question": "Hi", "show": ["x" * 201]}, "show"),
        ({"advisor": "council-advisor", "question": "x" * 5001}, "question"),
    ],
)
def test_a_question_that_is_not_one_is_refused_naming_the_field(
    jo: TestClient, body: dict[str, object], field: str
) -> None:
    refused = jo.post("/advice-requests", json=body)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"].startswith(field)


def test_the_limits_are_in_the_openapi_document(jo: TestClient) -> None:
    schemas = jo.get("/openapi.json").json()["components"]["schemas"]
    sent = schemas["NewAdviceRequest"]["properties"]
    assert sent["question"]["maxLength"] == 5000
    assert sent["hide"]["maxItems"] == 200 and sent["show"]["maxItems"] == 200
    assert schemas["Answer"]["properties"]["answer"]["maxLength"] == 5000


def test_a_question_is_de_identified_with_what_the_register_holds_before_it_is_kept(
    advised: Register, advisor: TestClient, jo: TestClient
) -> None:
    born = advised.person("council", "AMY").date_of_birth
    assert born is not None
    sent = jo.post(
        "/advice-requests",
        json={
            "advisor": "council-advisor",
            "person": "AMY",
            "question": f"Amy (born {born:%d/%m/%Y}) lives in the blue house with her dad, "
            "Lee Brown. Call 01632 960001?",
            "hide": ["blue house"],
            "show": ["01632 960001"],
        },
    )
    assert sent.status_code == 201, sent.text
    mine = sent.json()
    assert "Amy" not in mine["question"] and f"{born:%d/%m/%Y}" not in mine["question"]
    assert "blue house" not in mine["question"] and "01632 960001" in mine["question"]
    assert "Lee" not in mine["question"]  # her father, linked to her in the register
    assert {"Amy", f"{born:%d/%m/%Y}", "blue house"} <= {s["text"] for s in mine["hidden"]}
    stored = advised.advice_request(mine["id"], advisor="council-advisor")
    assert stored.question == mine["question"]
    read = advisor.get(f"/advice-requests/{mine['id']}").text
    assert "Amy" not in read and "blue house" not in read


def test_a_question_about_someone_not_in_the_organisations_register_is_refused(
    jo: TestClient,
) -> None:
    refused = jo.post(
        "/advice-requests",
        json={"advisor": "council-advisor", "person": "TP", "question": "Is this right?"},
    )
    assert refused.status_code == 422


def test_a_question_for_a_decision_in_progress_is_kept_with_it(
    advised: Register, jo: TestClient
) -> None:
    draft = advised.drafts.start(
        {"organisation": "council", "practitioner": "jo", "answers": {}}, owner="council/jo"
    )
    sent = jo.post(
        "/advice-requests",
        json={"advisor": "kit.ray", "question": "Is the purpose legitimate?", "draft": draft},
    )
    assert sent.status_code == 201 and sent.json()["draft"] == draft
    assert (advised.drafts.get(draft) or {})["advice_request"] == sent.json()["id"]
