"""Advice on the pages: the advisor's list and request page hold the de-identified
question and nothing else of the person; a practitioner's question is written one page
at a time, kept as theirs alone, and never listed among their decisions."""

from __future__ import annotations

import html
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sharewise.register.store import Register
from sharewise.server import create_app
from tests.accounts import signed_in
from tests.advice_helpers import MASKED, NAME_AMY, add_advisors, question
from tests.web.conftest import AS_JO
from tests.web.helpers import ready_for_forms
from tests.web.test_http import SHARE, answer_all, start
from tests.web.test_record_pdf import pages_of


@pytest.fixture
def advised(staffed: Register) -> Register:
    add_advisors(staffed)
    return staffed


@pytest.fixture
def advisor(advised: Register, database_url: str) -> Iterator[TestClient]:
    cookies = signed_in(advised, "council-advisor")
    with TestClient(create_app(database_url), cookies=cookies) as opened:
        yield ready_for_forms(opened)


def test_the_advisor_sees_the_question_unanswered_first_and_answers_it(
    advised: Register, advisor: TestClient
) -> None:
    asked = advised.ask_advice(question())
    listed = advisor.get("/advice/for-you")
    assert listed.status_code == 200 and f"/advice/{asked.id}" in listed.text
    page = advisor.get(f"/advice/{asked.id}")
    assert page.status_code == 200
    assert "[CHILD] says she is scared" in page.text
    assert NAME_AMY not in page.text and "AMY" not in page.text
    blank = advisor.post(f"/advice/{asked.id}/answer", data={"answer": " "})
    assert blank.status_code == 422 and "Enter your advice" in blank.text
    long = advisor.post(f"/advice/{asked.id}/answer", data={"answer": "x" * 5001})
    assert long.status_code == 422 and "5,000 characters" in long.text
    sent = advisor.post(
        f"/advice/{asked.id}/answer", data={"answer": "Talk to [CHILD] first."},
        follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303
    assert "Talk to [CHILD] first." in advisor.get(f"/advice/{asked.id}").text
    assert advised.advice_request(asked.id, advisor="council-advisor").status == "answered"


def test_another_advisors_request_is_not_found_and_a_practitioner_has_no_inbox(
    advised: Register, client: TestClient, database_url: str
) -> None:
    asked = advised.ask_advice(question(advisor="kit.ray"))
    cookies = signed_in(advised, "council-advisor")
    with TestClient(create_app(database_url), cookies=cookies) as lee:
        assert lee.get(f"/advice/{asked.id}").status_code == 404
        assert MASKED not in lee.get("/advice/for-you").text
    assert client.get("/advice/for-you").status_code == 403


def test_a_question_is_written_a_page_at_a_time(advised: Register, client: TestClient) -> None:
    first = client.get("/advice/new")
    assert "Lee Park, Safeguarding lead" in first.text and "Kit Ray" in first.text
    assert "Dee Fox" not in first.text  # the trust's
    nobody = client.post("/advice/new", data={})
    assert nobody.status_code == 422 and "Select who you want to ask" in nobody.text
    other = client.post("/advice/new", data={"advisor": "trust-advisor"})
    assert other.status_code == 422
    started = client.post(
        "/advice/new", data={"advisor": "council-advisor"}, follow_redirects=False
    )
    assert started.status_code == 303 and started.headers["location"].endswith("/person")
    ask = started.headers["location"].removesuffix("/person")
    asked = client.get(f"{ask}/person").text
    assert "to hide them from the advisor" in asked and "add someone not in" not in asked
    unknown = client.post(f"{ask}/person", data={"person": "TP"})
    assert unknown.status_code == 422 and "reference of someone" in unknown.text
    named = client.post(f"{ask}/person", data={"person": "AMY"}, follow_redirects=False)
    assert named.headers["location"] == f"{ask}/question"
    blank = client.post(f"{ask}/question", data={"question": ""})
    assert blank.status_code == 422 and "Enter your question" in blank.text
    long = client.post(f"{ask}/question", data={"question": "x" * 5001})
    assert long.status_code == 422 and "5,000 characters or fewer" in long.text
    written = client.post(
        f"{ask}/question", data={"question": "Amy Brown is scared."}, follow_redirects=False
    )
    assert written.headers["location"] == f"{ask}/hidden"
    assert "/advice/ask/" not in client.get("/decisions").text  # no decision in progress


def test_anothers_question_being_written_is_not_found(
    advised: Register, client: TestClient
) -> None:
    theirs = advised.drafts.start(
        {"organisation": "council", "practitioner": "al", "asking": {"advisor": "kit.ray"}},
        owner="council/al",
    )
    assert client.get(f"/advice/ask/{theirs}/person").status_code == 404
    decision = advised.drafts.start(
        {"organisation": "council", "practitioner": "jo", "answers": {}}, owner="council/jo"
    )
    assert client.get(f"/advice/ask/{decision}/person").status_code == 404
    mine = advised.drafts.start(
        {"organisation": "council", "practitioner": "jo", "asking": {"advisor": "kit.ray"}},
        owner="council/jo",
    )
    assert client.get(f"/decisions/{mine}/person").status_code == 404


def test_a_question_for_a_decision_in_progress_suggests_its_person(
    advised: Register, client: TestClient
) -> None:
    decision = advised.drafts.start(
        {"organisation": "council", "practitioner": "jo", "person": "AMY", "answers": {}},
        owner="council/jo",
    )
    page = client.get(f"/advice/new?draft={decision}")
    assert f'value="{decision}"' in page.text
    started = client.post(
        "/advice/new", data={"advisor": "kit.ray", "draft": decision}, follow_redirects=False
    )
    person = client.get(started.headers["location"])
    assert 'value="AMY"' in person.text


def test_a_decision_waiting_for_advice_takes_it_from_sharewise_into_its_record(
    advised: Register, client: TestClient
) -> None:
    draft = start(client, person="AMY", recipient="early-help")
    draft_id = draft.rsplit("/", 1)[1]
    answer_all(client, draft, {**SHARE, "legitimate_purpose": "unsure"})
    client.post(f"{draft}/wait")
    assert f"/advice/new?draft={draft_id}" in client.get(f"{draft}/advice").text
    started = client.post(
        "/advice/new", data={"advisor": "council-advisor", "draft": draft_id},
        follow_redirects=False,
    )  # fmt: skip
    ask = started.headers["location"].removesuffix("/person")
    client.post(f"{ask}/person", data={"person": "AMY"})
    client.post(f"{ask}/question", data={"question": f"{NAME_AMY} wants help. Is it right?"})
    client.post(f"{ask}/hidden", data={"then": "continue"})
    sent = client.post(f"{ask}/send", follow_redirects=False)
    request_id = sent.headers["location"].split("/advice/")[1].split("?")[0]
    asked = advised.advice_request(request_id, asker=AS_JO)
    assert NAME_AMY not in asked.question and asked.body.draft == draft_id
    assert client.get(f"{ask}/check").status_code == 404  # the question as typed is gone
    placeholder = asked.body.hidden[0].placeholder
    waiting = client.get(f"{draft}/advice").text
    assert 'id="asked-in-sharewise"' in waiting and "has not answered" in waiting
    advised.answer_advice(
        {"request_id": request_id, "advisor": "council-advisor",
         "answer": f"The purpose is legitimate: help {placeholder}."}
    )  # fmt: skip
    client.post(f"/advice/{request_id}/outcome", data={"outcome": "I will go on."})
    filled = html.unescape(client.get(f"{draft}/advice").text)
    assert f"The purpose is legitimate: help {NAME_AMY}.</textarea>" in filled
    assert "Lee Park, Safeguarding lead</textarea>" in filled
    advice = {
        "advice.sought_from": "Lee Park, Safeguarding lead",
        "advice.outcome": f"The purpose is legitimate: help {NAME_AMY}.",
    }
    client.post(f"{draft}/advice", data=advice)
    client.post(f"{draft}/questions/legitimate_purpose?change=1", data={"answer": "true"})
    answer_all(client, draft, SHARE)
    saved = client.post(
        f"{draft}/outcome",
        data={
            "decision.share": "no",
            "decision.reasons": "Waiting for the review.",
            "decision.departure": "The review is tomorrow.",
            **advice,
        },
    )
    record_id = saved.url.path.split("/records/")[1]
    assert advised.decision(record_id).body["advice"]["request"] == request_id
    record = html.unescape(saved.text)
    assert 'id="advice-request"' in record and "I will go on." in record
    assert f"The purpose is legitimate: help {NAME_AMY}." in record
    printed = " ".join(pages_of(client, advised, record_id))
    assert "Asked in sharewise" in printed and "I will go on." in printed


def test_what_is_hidden_is_checked_before_anything_is_sent(
    advised: Register, client: TestClient
) -> None:
    started = client.post(
        "/advice/new", data={"advisor": "council-advisor"}, follow_redirects=False
    )
    ask = started.headers["location"].removesuffix("/person")
    assert (
        client.get(f"{ask}/check", follow_redirects=False).headers["location"].endswith("/person")
    )  # nothing to check before the questions are answered
    client.post(f"{ask}/person", data={"person": "AMY"})
    client.post(f"{ask}/question", data={"question": f"{NAME_AMY} hides in the old barn."})
    hidden = html.unescape(client.get(f"{ask}/hidden").text)
    assert "[CHILD] hides in the old barn." in hidden
    too_long = client.post(f"{ask}/hidden", data={"hide": "x" * 201})
    assert too_long.status_code == 422 and "200 characters or fewer" in too_long.text
    client.post(f"{ask}/hidden", data={"hide": "old barn", "then": "update"})
    check = html.unescape(client.get(f"{ask}/check").text)
    assert "hides in the old barn" not in check and "Amy Brown, old barn" in check
    before = advised.entry_count(reads=False)
    sent = client.post(f"{ask}/send", follow_redirects=False)
    assert sent.headers["location"].endswith("?sent=1")
    assert advised.entry_count(reads=False) == before + 1
    (asked,) = advised.advice_requests(asker=AS_JO)
    assert NAME_AMY not in asked.question and "old barn" not in asked.question
