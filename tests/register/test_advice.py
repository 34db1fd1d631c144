"""Advice requests in the register: asked of an advisor of one's own organisation,
answered once by them, the outcome recorded once by the asker, and each request found
only by its asker, its advisor, or its organisation."""

from __future__ import annotations

import pytest

from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from tests.advice_helpers import HIDDEN, MASKED, add_advisors, question
from tests.register import helpers as documents


@pytest.fixture
def advised(staffed: Register) -> Register:
    add_advisors(staffed)
    return staffed


def test_a_question_is_kept_as_sent_with_what_was_hidden_for_the_asker(
    advised: Register,
) -> None:
    asked = advised.ask_advice(question())
    found = advised.advice_request(asked.id, asker="jo.smith")
    assert found.question == MASKED and found.status == "waiting"
    assert [span.model_dump() for span in found.body.hidden] == HIDDEN
    assert found.body.advisor_name == "Lee Park, Safeguarding lead"
    assert found.body.person == "AMY"
    assert advised.advice_request(asked.id, advisor="council-advisor").id == asked.id
    assert advised.verify().intact


def test_the_organisations_advisors_are_those_in_use_with_the_role(advised: Register) -> None:
    assert advised.advisors("council") == [
        ("kit.ray", "Kit Ray, Caldicott guardian"),
        ("council-advisor", "Lee Park, Safeguarding lead"),
    ]
    assert advised.advisors("trust") == [("trust-advisor", "Dee Fox, Named nurse")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"advisor": "trust-advisor"}, "advisor"),  # another organisation's
        ({"advisor": "al.khan"}, "advisor"),  # no advisor
        ({"advisor": "nobody"}, "advisor"),
        ({"advisor": "jo.smith"}, "advisor"),  # oneself
        ({"person": "TP"}, "person"),
        ({"question": "  "}, "question"),
        ({"question": "x" * 5001}, "question"),
        ({"draft": "not-a-draft"}, "draft"),
        ({"decision": "not-a-record"}, "decision"),
        ({"hidden": [HIDDEN[0]] * 201}, "hidden"),
    ],
)
def test_a_question_that_cannot_be_sent_names_what_is_wrong(
    advised: Register, changes: dict[str, object], field: str
) -> None:
    before = advised.entry_count()
    with pytest.raises(RecordRejected) as rejected:
        advised.ask_advice(question(**changes))
    assert rejected.value.errors[0].field == field
    assert advised.entry_count() == before


def test_a_request_belongs_to_the_askers_own_draft_and_organisations_record(
    advised: Register,
) -> None:
    draft = advised.drafts.start(
        {"organisation": "council", "practitioner": "jo", "answers": {}}, owner="council/jo"
    )
    others = advised.drafts.start(
        {"organisation": "council", "practitioner": "al", "answers": {}}, owner="council/al"
    )
    record = advised.record_decision(documents.decision())
    asked = advised.ask_advice(question(draft=draft, decision=record.id))
    assert (asked.body.draft, asked.body.decision) == (draft, record.id)
    with pytest.raises(RecordRejected):
        advised.ask_advice(question(draft=others))


def test_nobody_else_finds_a_request(advised: Register) -> None:
    asked = advised.ask_advice(question())
    for whose in ({"advisor": "kit.ray"}, {"asker": "al.khan"}, {"organisation": "trust"}):
        with pytest.raises(RecordRejected):
            advised.advice_request(asked.id, **whose)
    assert advised.advice_requests(advisor="kit.ray") == []
    assert advised.advice_request(asked.id, organisation="council").id == asked.id


def test_the_advisor_answers_once_and_the_asker_records_the_outcome_once(
    advised: Register,
) -> None:
    asked = advised.ask_advice(question())
    with pytest.raises(RecordRejected, match="not answered"):
        advised.record_advice_outcome(
            {"request_id": asked.id, "asker": "jo.smith", "outcome": "Too soon"}
        )
    with pytest.raises(RecordRejected, match="no advice request"):
        advised.answer_advice({"request_id": asked.id, "advisor": "kit.ray", "answer": "Share"})
    answer = {"request_id": asked.id, "advisor": "council-advisor", "answer": "Share: [CHILD]"}
    assert advised.answer_advice(answer).status == "answered"
    with pytest.raises(RecordRejected, match="answered already"):
        advised.answer_advice(answer)
    with pytest.raises(RecordRejected, match="no advice request"):
        advised.record_advice_outcome(
            {"request_id": asked.id, "asker": "council-advisor", "outcome": "Mine"}
        )
    done = advised.record_advice_outcome(
        {"request_id": asked.id, "asker": "jo.smith", "outcome": "I will call the police."}
    )
    assert done.status == "done"
    found = advised.advice_request(asked.id, asker="jo.smith")
    assert (found.answer, found.outcome) == ("Share: [CHILD]", "I will call the police.")
    with pytest.raises(RecordRejected, match="recorded already"):
        advised.record_advice_outcome(
            {"request_id": asked.id, "asker": "jo.smith", "outcome": "Again"}
        )
    assert advised.verify().intact


def test_an_advisor_sees_the_unanswered_first_and_an_asker_their_own_newest_first(
    advised: Register,
) -> None:
    first = advised.ask_advice(question())
    second = advised.ask_advice(question(question="[CHILD] again"))
    third = advised.ask_advice(question(advisor="kit.ray"))
    advised.answer_advice({"request_id": second.id, "advisor": "council-advisor", "answer": "No"})
    assert [r.id for r in advised.advice_requests(advisor="council-advisor")] == [
        first.id,
        second.id,
    ]
    assert [r.id for r in advised.advice_requests(asker="jo.smith")] == [
        third.id,
        second.id,
        first.id,
    ]
    assert advised.advice_requests(asker="al.khan") == []


def test_the_people_linked_to_a_person_are_found_to_be_hidden_too(advised: Register) -> None:
    assert [(r.person.reference, r.kind) for r in advised.relatives("council", "AMY")] == [
        ("LEE", "parent")
    ]
    assert advised.relatives("council", "SAM") == []
    with pytest.raises(RecordRejected):
        advised.relatives("trust", "AMY")
