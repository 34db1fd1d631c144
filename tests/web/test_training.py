"""Training on case examples through the pages: a practitioner answers a case's questions
on the decision pages, says what they would do, and sees each difference with the
paragraphs behind it; their scores are theirs and their manager's, no one else's. None
of it reaches the register: no record, no person, no draft."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharewise.engine.interview import walk
from sharewise.engine.training import case_answer
from sharewise.register.store import Register
from sharewise.register.training.service import library
from sharewise.server import create_app
from sharewise.web.forms import as_sent
from tests.accounts import add_account, signed_in
from tests.api.helpers import contents
from tests.engine.test_interview import _answer
from tests.web.helpers import MOST_PAGES, QUESTIONS, fact_of, ready_for_forms

CASE = "q4-adult-gives-valid-consent"  # an adult's informed consent: share
FACTS = library()[CASE].facts


def text_of(page: Any) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.text)))


def sent(fact: str, value: Any) -> dict[str, Any]:
    """An answer as its page's form sends it."""
    if QUESTIONS[fact].kind == "multiple":
        return {"answer": [str(v) for v in value] or ["none"]}
    return {"answer": as_sent(value)}


def train(
    client: TestClient,
    case_id: str = CASE,
    answers: Mapping[str, Any] | None = None,
    decision: str = "share",
) -> Any:
    """Start the case and answer each question page as `answers` says (the case's facts
    where it says nothing), then decide: the attempt's page."""
    facts = client.app.state.register.training.case("council", case_id).facts
    page = client.post(f"/training/{case_id}")
    for _ in range(MOST_PAGES):
        fact = fact_of(str(page.url))
        if fact is None:
            break
        assert page.status_code == 200 and "The case:" in page.text, text_of(page)[:2500]
        value = (answers or {}).get(fact, case_answer(facts, QUESTIONS[fact]))
        page = client.post(str(page.url), data=sent(fact, value))
    assert str(page.url).endswith("/decision"), page.url
    done = client.post(str(page.url), data={"decision": decision})
    assert re.search(r"/training/attempts/[0-9a-f-]{36}$", str(done.url))
    return done


def untouched(register: Register) -> tuple[object, ...]:
    """What the register holds, and the drafts: the same after any training."""
    return (*contents(register), register.drafts.in_progress("council/jo", most=100))


def as_user(client: TestClient, register: Register, username: str) -> TestClient:
    return ready_for_forms(TestClient(client.app, cookies=signed_in(register, username)))


def test_a_case_answered_as_its_facts_say_scores_full_marks(
    client: TestClient, staffed: Register
) -> None:
    before = untouched(staffed)
    listed = text_of(client.get("/training"))
    assert "A tenant agrees to be referred to a debt advice service" in listed
    assert "You have not finished a training case yet." in listed
    case_page = text_of(client.get(f"/training/{CASE}"))
    assert "Refer for debt advice" in case_page and "Start this case" in case_page
    done = text_of(train(client))
    assert "Questions answered as the case says 16 of 16" in done
    assert "You can share this information. Right." in done
    assert "Where your answers differ" not in done and "Every question was answered" in done
    # The guidance's reasons, with their paragraphs linked.
    assert 'href="/guidance/3.18"' in train(client).text
    assert "16 of 16" in text_of(client.get("/training"))
    assert untouched(staffed) == before


def test_each_answer_that_differs_is_shown_with_the_paragraphs_it_rests_on(
    client: TestClient, staffed: Register
) -> None:
    before = untouched(staffed)
    wrong = {"harm.serious_crime": True, "consent.informed": False, "consent.freely_given": False}
    done = train(client, answers=wrong, decision="seek_consent")
    shown = text_of(done)
    assert "Where your answers differ from the case" in shown
    blocks = {
        block.split('"', 1)[0]: block
        for block in done.text.split("What to do</h2>")[0].split('id="difference-')[1:]
    }
    assert set(blocks) == {fact.replace(".", "-") for fact in wrong}
    for block in blocks.values():  # each with the paragraphs of the guidance behind it
        assert re.search(r'href="/guidance/\d\.\d+"', block)
    # Where the case comes to the question's step: what the guidance says of it there.
    assert 'href="/guidance/3.18"' in blocks["consent-informed"].split("govuk-details")[0]
    assert "The case never comes to this question" in blocks["harm-serious_crime"]
    assert "Seek consent before sharing. Not what the guidance says." in shown
    assert "The guidance says: Share You can share this information." in shown
    assert untouched(staffed) == before


def test_a_page_answer_is_checked_as_on_a_real_case(client: TestClient) -> None:
    first = client.post(f"/training/{CASE}")
    assert fact_of(str(first.url)) == "about"
    refused = client.post(str(first.url), data={"answer": "teenager"})
    assert refused.status_code == 422 and "There is a problem" in refused.text
    decided = client.get(str(first.url).replace("/questions/about", "/decision"))
    assert fact_of(str(decided.url)) == "about"  # nothing to decide on yet
    attempt = str(first.url).split("/questions/")[0]
    assert fact_of(str(client.get(attempt).url)) == "about"  # in progress: goes on


def test_no_decision_chosen_is_asked_again(client: TestClient) -> None:
    page = client.post(f"/training/{CASE}")
    answers = {"about": "adult"}
    facts = FACTS
    while (fact := fact_of(str(page.url))) is not None:
        page = client.post(
            str(page.url), data=sent(fact, answers.get(fact, case_answer(facts, QUESTIONS[fact])))
        )
    refused = client.post(str(page.url), data={"decision": "maybe"})
    assert refused.status_code == 422 and "Select what you would do" in refused.text


def test_an_organisation_adds_a_case_and_bad_facts_are_refused(
    client: TestClient, staffed: Register
) -> None:
    manager = as_user(client, staffed, "al.khan")
    assert manager.get("/training/cases/new").status_code == 200
    for facts, said in (
        ("about: teenager", "Fact about"),
        ("- just a list", "write the facts one a line"),
        ("about: [unclosed", "the facts are not YAML"),
        ("about: adult\nage: 40", "the guidance cannot answer until the case says"),
        ("about: adult\nwho: me", "Fact who: is not a known field"),
    ):
        refused = manager.post(
            "/training/cases/new",
            data={"title": "A case", "summary": "What happened.", "facts": facts},
        )
        assert refused.status_code == 422 and said in text_of(refused), facts
        assert html.escape(facts, quote=False) in refused.text  # kept as typed
    blank = manager.post("/training/cases/new", data={"title": "", "summary": "", "facts": ""})
    assert blank.status_code == 422 and 'href="#title"' in blank.text
    facts = "\n".join(
        f"{k}: {v}" for k, v in (("about", "adult"), ("age", 40), ("legitimate_purpose", "false"))
    )
    added = manager.post(
        "/training/cases/new",
        data={
            "title": "A landlord asks",
            "summary": "A landlord asks about a tenant.",
            "facts": facts,
        },
    )
    assert "/training/" in str(added.url) and "The case is added" in added.text
    case_id = str(added.url).split("/training/")[1].split("?")[0]
    assert "A landlord asks" in client.get("/training").text  # the practitioners' list
    done = text_of(train(client, case_id, decision="do_not_share"))
    assert "Do not share this information. Right." in done
    # Another organisation's practitioners never see it.
    pat = as_user(client, staffed, "pat.lee")
    entries = staffed.entry_count()  # the access log's too: a case holds nobody's data
    assert "A landlord asks" not in pat.get("/training").text
    assert pat.get(f"/training/{case_id}").status_code == 404
    assert pat.post(f"/training/{case_id}").status_code == 404
    assert staffed.entry_count() == entries
    # A practitioner adds none.
    assert client.get("/training/cases/new").status_code == 403


def test_scores_are_the_practitioners_and_their_managers_alone(
    client: TestClient, staffed: Register
) -> None:
    add_account(staffed, "council", "ola.ray", practitioner="al")  # another of the team
    attempt = str(train(client).url).removeprefix("http://testserver")
    manager = as_user(client, staffed, "al.khan")
    team = text_of(manager.get("/training/team"))
    assert "jo.smith" in team and "A tenant agrees" in team and "16 of 16" in team
    seen = manager.get(attempt)
    assert seen.status_code == 200 and "Training of jo.smith" in text_of(seen)
    colleague = as_user(client, staffed, "ola.ray")
    assert colleague.get(attempt).status_code == 404
    assert "16 of 16" not in text_of(colleague.get("/training"))
    assert colleague.get("/training/team").status_code == 403
    assert colleague.get(f"{attempt}/decision").status_code == 404
    other = as_user(client, staffed, "pat.lee")
    assert other.get(attempt).status_code == 404
    trust_lead = add_account(staffed, "trust", "trust-manager", ("manager",))
    assert trust_lead is not None
    trusts = as_user(client, staffed, "trust-manager")
    assert "jo.smith" not in trusts.get("/training/team").text
    assert trusts.get(attempt).status_code == 404


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_walk_through_a_training_case_never_fails_nor_writes_to_the_register(
    client: TestClient, staffed: Register, data: st.DataObject
) -> None:
    before = untouched(staffed)
    case_id = data.draw(st.sampled_from(sorted(library())))
    facts = library()[case_id].facts
    page = client.post(f"/training/{case_id}")
    answers: dict[str, Any] = dict(library()[case_id].given)
    for _ in range(MOST_PAGES):
        fact = fact_of(str(page.url))
        if fact is None:
            break
        assert page.status_code == 200
        value = _answer(QUESTIONS[fact], walk(answers).facts, data)
        page = client.post(str(page.url), data=sent(fact, value))
        assert page.status_code in (200, 422)
        if page.status_code == 422:  # asked again, or not fitting: answer as the case does
            value = case_answer(facts, QUESTIONS[fact])
            page = client.post(str(page.url), data=sent(fact, value))
            if page.status_code == 422:
                return  # needed, and the case does not say: nothing more to walk
        answers[fact] = value
    decision = data.draw(st.sampled_from(["share", "do_not_share", "seek_advice"]))
    done = client.post(str(page.url), data={"decision": decision})
    assert done.status_code == 200 and "Questions answered as the case says" in done.text
    assert untouched(staffed) == before


@pytest.mark.parametrize("path", ["/training", f"/training/{CASE}", "/training/no-such-case"])
def test_someone_not_signed_in_is_sent_to_sign_in(
    staffed: Register, database_url: str, path: str
) -> None:
    with TestClient(create_app(database_url)) as anyone:
        assert "/sign-in" in str(anyone.get(path).url)


def test_an_answer_can_be_changed_and_the_case_s_own_cannot(client: TestClient) -> None:
    page = client.post(f"/training/{CASE}")
    attempt = str(page.url).split("/questions/")[0]
    while (fact := fact_of(str(page.url))) is not None:
        page = client.post(str(page.url), data=sent(fact, case_answer(FACTS, QUESTIONS[fact])))
    assert str(page.url).endswith("/decision")
    back = client.get(f"{attempt}/questions/consent.informed")  # the decision page's back
    assert back.status_code == 200 and "Did whoever gave consent" in text_of(back)
    changed = client.post(
        f"{attempt}/questions/consent.informed", data=sent("consent.informed", False)
    )
    assert fact_of(str(changed.url)) is not None  # the new path asks what it needs
    # What the case tells the trainee is not theirs to answer.
    assert fact_of(str(client.get(f"{attempt}/questions/purpose").url)) != "purpose"
    client.post(f"{attempt}/questions/purpose", data={"answer": "Something else"})
    assert (
        client.app.state.register.training.attempt("council", attempt.rsplit("/", 1)[1]).answers[
            "purpose"
        ]
        == "Refer for debt advice"
    )
